"""Generate a synthetic county: valid branch files under the current data
contract, about 10 KB each, with a controllable share of violations.

    python bench/generate.py OUT_DIR --branches 10000 --violations 0.2 --seed 1

Files are deterministic for a seed. Branch codes and ID numbers are unique, so
rules across branches find only the violations asked for. Evidence files are
written once, shared by every branch through relative paths.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

UNIT_TYPES = [
    "hospital",
    "tcm_hospital",
    "maternal_child",
    "township_health_center",
    "cdc",
    "health_supervision",
    "other",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
# what a branch file can get wrong, one of them per violating branch
VIOLATIONS = [
    "no_quorum",
    "late_papers",
    "plan_unapproved",
    "term_expired",
    "file_overdue",
    "posting_missing",
    "bad_id",
    "short_publicity",
    "no_evidence",
]


def id_number(serial: int, rng: random.Random) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 40 * 365))
    body = f"5226{serial // 1000 % 100:02d}{birth:%Y%m%d}{serial % 1000:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, W)) % 11]


def branch_file(index: int, rng: random.Random, violation: str | None) -> str:
    code = f"B{index:06d}"
    staff = rng.randrange(30, 900)
    representative = staff >= 100
    delegates = max(30, -(-staff * 5 // 100)) + rng.randrange(0, 20) if representative else staff
    lines = [
        "# synthetic branch file: unioncheck bench/generate.py",
        "schema_version: 1",
        "",
        "branch:",
        f"  code: {code}",
        f"  name: 第{index}号卫生院工会委员会",
        f"  unit: 第{index}号卫生院",
        f"  unit_type: {rng.choice(UNIT_TYPES)}",
        "  established_on: 2001-06-01",
        f"  staff_count: {staff}",
        f"  member_count: {staff - rng.randrange(0, 10)}",
        f"  chair: {rng.choice(SURNAMES)}某",
        "  data_as_of: 2025-12-20",
        "",
        "congresses:",
    ]
    congress_2025 = None
    for year in (2022, 2023, 2024, 2025):
        day = dt.date(year, 3, rng.randrange(10, 25))
        congress_2025 = day
        present = delegates - rng.randrange(1, max(2, delegates // 5))
        if violation == "no_quorum" and year == 2025:
            present = delegates // 2
        papers = day - dt.timedelta(days=3 if violation == "late_papers" and year == 2025 else 9)
        votes = present - 3
        lines += [
            f"  - id: C{year}-1",
            f"    date: {day}",
            f"    form: {'representative' if representative else 'general'}",
            f"    delegates_total: {delegates}",
            f"    delegates_present: {present}",
            f"    papers_sent_on: {papers}",
            "    resolutions:",
            f"      - {{id: C{year}-1-R1, subject: work_report, title: 审议通过工作报告, votes_for: {votes}, votes_against: 1, abstentions: 2}}",
            f"      - {{id: C{year}-1-R2, subject: performance_pay, title: 审议通过《{year}年奖励性绩效工资分配方案》, votes_for: {votes}, votes_against: 1, abstentions: 2}}",
            f"      - {{id: C{year}-1-R3, subject: financial_report, title: 审议通过工会经费收支情况报告, votes_for: {votes}, votes_against: 0, abstentions: 3}}",
            f"      - {{id: C{year}-1-R4, subject: collective_contract, title: 审议通过集体合同, votes_for: {votes}, votes_against: 2, abstentions: 1}}",
        ]
        if year == 2025 and violation != "no_evidence":
            lines.append("    evidence: [evidence/minutes.pdf]")
    lines += ["", "performance_pay_plans:"]
    for year in (2022, 2023, 2024, 2025):
        approved = "" if violation == "plan_unapproved" and year == 2025 else f", approved_by: C{year}-1-R2"
        end = f", effective_to: {year + 1}-03-31" if year < 2025 else ""
        lines.append(
            f"  - {{id: P{year}, title: {year}年奖励性绩效工资分配方案, effective_from: {year}-04-01{end}{approved}}}"
        )
    elected_on = dt.date(2020 if violation == "term_expired" else 2023, 5, rng.randrange(1, 28))
    eligible = staff - rng.randrange(0, 10)
    present = eligible - rng.randrange(1, max(2, eligible // 6))
    lines += [
        "",
        "elections:",
        "  - id: E1",
        f"    date: {elected_on}",
        "    kind: general",
        "    term_years: 5",
        f"    eligible: {eligible}",
        f"    present: {present}",
        "    seats: 7",
        "    candidates: 8",
        "    elected:",
    ]
    lines += [
        f"      - {{name: {rng.choice(SURNAMES)}某, votes: {max(present - 1 - i, eligible // 2 + 1)}}}"
        for i in range(7)
    ]
    lines += [
        f"    reported_to_superior_on: {elected_on + dt.timedelta(days=7)}",
        f"    approved_by_superior_on: {elected_on + dt.timedelta(days=20)}",
        "    audit_committee_elected: true",
        "    women_committee_formed: true",
        "",
        "hardship:",
        "  register_reviewed_on: 2025-11-20",
        "  files:",
    ]
    files = rng.randrange(10, 16)
    for f in range(files):
        opened = dt.date(2024, 3, 4) + dt.timedelta(days=7 * f)
        reviewed = dt.date(2025, 5, 5) + dt.timedelta(days=7 * f)
        if violation == "file_overdue" and f == 0:
            reviewed = opened + dt.timedelta(days=10)
        reviews = f"[{opened + dt.timedelta(days=10)}, {reviewed}]"
        publicity_end = opened - dt.timedelta(days=3)
        publicity_start = publicity_end - dt.timedelta(days=(3 if violation == "short_publicity" and f == 0 else 4))
        number = id_number(index * 20 + f, rng)
        if violation == "bad_id" and f == 0:
            number = number[:-1] + ("0" if number[-1] != "0" else "1")
        lines += [
            f"    - id: KN-{code}-{f:02d}",
            f"      name: {rng.choice(SURNAMES)}某",
            f'      id_number: "{number}"',
            f"      category: {rng.choice(['deep', 'relative', 'accident'])}",
            f"      household_size: {rng.randrange(1, 7)}",
            f"      publicity: {{from: {publicity_start}, to: {publicity_end}}}",
            f"      opened_on: {opened}",
            f"      reviews: {reviews}",
            "      status: active",
        ]
    lines += ["  assistance:"]
    lines += [
        f"    - {{file: KN-{code}-{f:02d}, date: 2025-01-20, program: warmth_delivery, amount: {rng.randrange(5, 30) * 100}}}"
        for f in range(min(files, 4))
    ]
    lines += [
        "",
        "postings:",
        '  - {category: hardship_aid, covers: "2024", from: 2025-01-10, to: 2025-01-25, where: 公开栏}',
    ]
    for quarter, start in (
        ("2024-Q4", "2025-01-13"),
        ("2025-Q1", "2025-04-10"),
        ("2025-Q2", "2025-07-10"),
        ("2025-Q3", "2025-10-13"),
    ):
        if violation == "posting_missing" and quarter == "2025-Q2":
            continue
        end = dt.date.fromisoformat(start) + dt.timedelta(days=15)
        lines.append(f"  - {{category: union_finance, covers: {quarter}, from: {start}, to: {end}, where: 公开栏}}")
    lines += [
        f"  - {{category: congress_resolutions, covers: C2025-1, from: {congress_2025 + dt.timedelta(days=3)}, "
        f"to: {congress_2025 + dt.timedelta(days=18)}, where: 公开栏}}",
        "  - {category: performance_pay, covers: P2025, from: 2025-03-26, to: 2025-04-10, where: 公开栏}",
    ]
    return "\n".join(lines) + "\n"


def generate(out: Path, branches: int, violations: float, seed: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    (out / "evidence").mkdir(exist_ok=True)
    (out / "evidence" / "minutes.pdf").write_text("synthetic minutes\n", "utf-8")
    rng = random.Random(seed)
    written = []
    for index in range(branches):
        violation = rng.choice(VIOLATIONS) if rng.random() < violations else None
        path = out / f"B{index:06d}.yaml"
        path.write_text(branch_file(index, rng, violation), "utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--branches", type=int, default=1000)
    parser.add_argument("--violations", type=float, default=0.2, help="share of branches with one violation (0..1)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    files = generate(args.out, args.branches, args.violations, args.seed)
    print(f"{len(files)} branch files in {args.out}")


if __name__ == "__main__":
    main()
