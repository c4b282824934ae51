"""Generate a synthetic county: valid branch files under the current data
contract (with its second-round sections, as the reference file
fixtures/reference/branch-example-next.yaml), about 12 KB each, with a
controllable share of violations.

    python bench/generate.py OUT_DIR --branches 10000 --violations 0.2 --seed 1

A branch without a violation is compliant as of 2025-12-31 under the default
profile: every rule passes, is pending or does not apply (CON001 by default,
ELE003 without a postponement, HRD008 where sealing is not asked for). Every
other rule has something to judge in every branch, so an audit runs them all.
A violating branch has one of VIOLATIONS, each meant to make one rule (its value
there) fail or warn; a few take others along (a congress without quorum approves
no plan: PAY001 and PAY002 fail with CGR002).

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
# what a branch file can get wrong, one of them per violating branch: the kind, and the rule it makes
# fail or warn as of 2025-12-31 under the default profile
VIOLATIONS = {
    "no_quorum": "CGR002",
    "late_papers": "CGR004",
    "plan_unapproved": "PAY001",
    "term_expired": "ELE001",
    "file_overdue": "HRD002",
    "posting_missing": "TRN001",
    "bad_id": "HRD003",
    "short_publicity": "HRD004",
    "no_evidence": "EVD002",
    "no_assembly": "MEM001",
    "assembly_report_missing": "MEM002",
    "assembly_form": "MEM003",
    "proposal_late": "PRO001",
    "proposal_unanswered": "PRO002",
    "contract_unapproved": "CON002",
    "contract_submitted_late": "CON003",
    "contract_too_long": "CON004",
    "contract_no_women_chapter": "CON005",
    "onboarding_missed": "TRA001",
    "no_regular_training": "TRA002",
}
# the rules a branch leaves with nothing to judge under the default profile: CON001's required_for is empty,
# no election is postponed, sealing is not asked for
NOT_APPLICABLE = {"CON001", "ELE003", "HRD008"}
YEARS = (2022, 2023, 2024, 2025)
REPORTS = "[committee_work, union_finance, audit_committee]"


def id_number(serial: int, rng: random.Random) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 40 * 365))
    body = f"5226{serial // 1000 % 100:02d}{birth:%Y%m%d}{serial % 1000:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, W)) % 11]


def branch_file(index: int, rng: random.Random, violation: str | None) -> str:
    code = f"B{index:06d}"
    # a branch of fewer than 100 members holding a representative assembly needs a small unit
    staff = rng.randrange(30, 95) if violation == "assembly_form" else rng.randrange(30, 900)
    members = staff - rng.randrange(0, 10)
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
        f"  member_count: {members}",
        f"  chair: {rng.choice(SURNAMES)}某",
        "  data_as_of: 2025-12-20",
        "",
        "congresses:",
    ]
    sessions = {}  # year: (date, delegates present)
    for year in YEARS:
        day = dt.date(year, 3, rng.randrange(10, 25))
        present = delegates - rng.randrange(1, max(2, delegates // 5))
        if violation == "no_quorum" and year == 2025:
            present = delegates // 2
        sessions[year] = day, present
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
        if year > YEARS[0]:  # the previous session's proposals, reported on
            lines.append(
                f"      - {{id: C{year}-1-R5, subject: proposals_handling, title: 审议上一次大会提案办理情况报告, votes_for: {votes}, votes_against: 0, abstentions: 3}}"
            )
        decided = day + dt.timedelta(
            days=45 if violation == "proposal_late" and year == 2025 else rng.randrange(10, 28)
        )
        answered = (
            ""
            if violation == "proposal_unanswered" and year == 2024
            else f", answered_on: {day + dt.timedelta(days=180)}"
        )
        lines += [
            "    proposals:",
            f"      - {{id: C{year}-1-T01, title: 关于改善夜班值班室条件的提案, decision: accepted, decided_on: {decided}{answered}}}",
            f"      - {{id: C{year}-1-T02, title: 关于增设职工食堂窗口的提案, decision: declined, decided_on: {decided}, reason: 已纳入后勤改造计划，不单独立案}}",
        ]
        if year == 2025 and violation != "no_evidence":
            lines.append("    evidence: [evidence/minutes.pdf]")
    # the members' assembly sits with the congress (两会合一); below 100 members, all members attend
    general = members < 100 and violation != "assembly_form"
    lines += ["", "member_assemblies:"]
    for year in YEARS:
        if violation == "no_assembly" and year == 2025:
            continue
        day, present = sessions[year]
        total = members if general else (members // 3 if violation == "assembly_form" else delegates)
        heard = (
            "[committee_work, union_finance]" if violation == "assembly_report_missing" and year == 2025 else REPORTS
        )
        lines.append(
            f"  - {{id: M{year}-1, date: {day}, form: {'general' if general else 'representative'}, joint_with: C{year}-1, "
            f"members_total: {total}, present: {min(present, total)}, reports: {heard}}}"
        )
    signed = sessions[2024][0] + dt.timedelta(days=7)
    submitted = signed + dt.timedelta(days=14 if violation == "contract_submitted_late" else 5)
    effective = submitted + dt.timedelta(days=17)
    years = 4 if violation == "contract_too_long" else 3
    approved = "" if violation == "contract_unapproved" else ", approved_by: C2024-1-R4"
    women = "false" if violation == "contract_no_women_chapter" else "true"
    lines += [
        "",
        "collective_contracts:",
        f"  - {{id: HT2024, kind: general{approved}, signed_on: {signed}, submitted_on: {submitted}, "
        f"effective_from: {effective}, effective_to: {effective.replace(year=effective.year + years) - dt.timedelta(days=1)}, "
        f"women_chapter: {women}}}",
        "",
        "performance_pay_plans:",
    ]
    for year in YEARS:
        approved = "" if violation == "plan_unapproved" and year == 2025 else f", approved_by: C{year}-1-R2"
        end = f", effective_to: {year + 1}-03-31" if year < 2025 else ""
        lines.append(
            f"  - {{id: P{year}, title: {year}年奖励性绩效工资分配方案, effective_from: {year}-04-01{end}{approved}}}"
        )
    elected_on = dt.date(2020 if violation == "term_expired" else 2023, 5, rng.randrange(1, 28))
    eligible = staff - rng.randrange(0, 10)
    present = eligible - rng.randrange(1, max(2, eligible // 6))
    committee = [f"{surname}某" for surname in rng.sample(SURNAMES, 7)]  # distinct, as trainings name them
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
        f"      - {{name: {name}, votes: {max(present - 1 - i, eligible // 2 + 1)}}}"
        for i, name in enumerate(committee)
    ]
    onboarded = committee[:-1] if violation == "onboarding_missed" else committee
    lines += [
        f"    reported_to_superior_on: {elected_on + dt.timedelta(days=7)}",
        f"    approved_by_superior_on: {elected_on + dt.timedelta(days=20)}",
        "    audit_committee_elected: true",
        "    women_committee_formed: true",
        "",
        "trainings:",
        f"  - {{date: {elected_on + dt.timedelta(days=rng.randrange(60, 300))}, title: 新任基层工会干部上岗培训, "
        f"kind: onboarding, attendees: [{', '.join(onboarded)}]}}",
    ]
    if violation != "no_regular_training":
        lines.append(
            f"  - {{date: 2025-04-17, title: 工会干部培训班, kind: regular, attendees: [{', '.join(committee[:2])}]}}"
        )
    lines += [
        "",
        "hardship:",
        "  register_reviewed_on: 2025-11-20",
        "  files:",
    ]
    files = rng.randrange(10, 16)
    for f in range(files):
        last = f == files - 1  # opened in the audit year (Mondays, publicised the week before)
        opened = dt.date(2025, 3, 3) if last else dt.date(2024, 3, 4) + dt.timedelta(days=7 * f)
        reviewed = dt.date(2025, 5, 5) + dt.timedelta(days=7 * f)
        if violation == "file_overdue" and f == 0:
            reviewed = opened + dt.timedelta(days=10)
        reviews = f"[{reviewed}]" if last else f"[{opened + dt.timedelta(days=10)}, {reviewed}]"
        publicity_end = opened - dt.timedelta(days=3)
        publicity_start = publicity_end - dt.timedelta(days=(3 if violation == "short_publicity" and last else 4))
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
        ]
        if f == 1:  # one file closed, with the date and reason HRD007 asks for
            lines += ["      status: exited", "      exited_on: 2025-06-30", "      exit_reason: income_recovered"]
        else:
            lines.append("      status: active")
    lines += ["  assistance:"]
    lines += [
        f"    - {{file: KN-{code}-{f:02d}, date: 2025-01-20, program: warmth_delivery, amount: {rng.randrange(5, 30) * 100}}}"
        for f in range(min(files, 4))
        if f != 1
    ]
    congress_2025 = sessions[2025][0]
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


def generate(out: Path, branches: int, violations: float, seed: int, kinds: list[str] | None = None) -> list[Path]:
    """Write ``branches`` files into ``out``; a share ``violations`` of them have one violation, drawn from
    ``kinds`` (every kind of VIOLATIONS by default)."""
    kinds = list(VIOLATIONS) if kinds is None else kinds
    unknown = [k for k in kinds if k not in VIOLATIONS]
    if unknown:
        raise ValueError(f"unknown violation kinds: {unknown}")
    out.mkdir(parents=True, exist_ok=True)
    (out / "evidence").mkdir(exist_ok=True)
    (out / "evidence" / "minutes.pdf").write_text("synthetic minutes\n", "utf-8")
    rng = random.Random(seed)
    written = []
    for index in range(branches):
        violation = rng.choice(kinds) if rng.random() < violations else None
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
    parser.add_argument(
        "--kinds", help=f"comma-separated violation kinds to draw from (default: all of {', '.join(VIOLATIONS)})"
    )
    args = parser.parse_args()
    kinds = args.kinds.split(",") if args.kinds else None
    files = generate(args.out, args.branches, args.violations, args.seed, kinds)
    print(f"{len(files)} branch files in {args.out}")


if __name__ == "__main__":
    main()
