"""Finding keys (``RULE:BRANCH:SUBJECT``): unique, stable under edits that do not touch the
finding, free of personal data; baselines, --compare and waivers match on them."""

from __future__ import annotations

import json
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import DEMO, check, cli, sheet_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unioncheck.compare import Previous
from unioncheck.gate import Baseline
from unioncheck.model import Status

REFERENCE = Path(__file__).parent.parent / "fixtures" / "reference" / "branch-example-next.yaml"
HTZWSY = "08-HTZWSY.yaml"
FINDINGS = (Status.WARN, Status.FAIL, Status.ERROR)


def _keys(report) -> list[str]:
    return [r.key for b in report.branches for r in b.results]


@pytest.mark.parametrize("as_of", ["2024-12-31", "2025-06-30", "2025-11-20", "2025-12-31"])
@pytest.mark.parametrize("where", [DEMO, REFERENCE], ids=["demo", "reference"])
def test_every_result_has_a_distinct_key_named_by_its_rule_not_by_a_repeat_counter(where, as_of):
    keys = _keys(check([where], as_of))
    assert keys and all(keys)
    assert [k for k, n in Counter(keys).items() if n > 1] == []
    assert [k for k in keys if "#" in k] == []  # two results of one rule never share a subject in these files
    assert all(k.split(":")[0].isalnum() and k.count(":") >= 2 for k in keys)


def test_keys_name_periods_events_and_records_not_list_positions():
    keys = set(_keys(check([DEMO], "2025-11-20")))
    expected = {
        "TRN001:HTZWSY:union_finance/2025-Q2",  # a period
        "TRN002:XJJZX:performance_pay/P2025",  # an event
        "CGR002:XRMYY:congresses[C2025-1].delegates_present",  # a field, its list item by id
        "TRN003:HTZWSY:congress_resolutions/C2025-1",  # a posting by category and what it covers
        "CGR001:XRMYY:2025",  # once a year
    }
    assert expected <= keys
    assert not [k for k in keys if "[" in k and any(f"[{i}]" in k for i in range(10))]


def _copy(tmp_path, name=HTZWSY) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DEMO / name, data / name)
    return data


def _edit(path: Path, change) -> None:
    doc = yaml.safe_load(path.read_text("utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")


def _findings(report) -> dict[str, Status]:
    return {r.key: r.status for b in report.branches for r in b.results if r.status in FINDINGS}


def test_a_baseline_keeps_knowing_a_finding_when_other_postings_are_deleted(tmp_path):
    """The issue's case: a baseline knew HTZWSY's missing 2025-Q2 posting; the Q1 and Q3 postings
    are deleted: Q2 stays known, Q1 and Q3 are new, TRN002 for C2025-1 (its posting moved up the
    list) stays known."""
    data = _copy(tmp_path)
    baseline = tmp_path / "baseline.json"
    run = cli("check", data, "--as-of", "2025-11-20", "--no-cache", "--write-baseline", baseline)
    assert run.returncode == 0, run.stderr
    written = json.loads(baseline.read_text("utf-8"))
    assert written["version"] == 2 and "TRN001:HTZWSY:union_finance/2025-Q2" in {f["key"] for f in written["findings"]}

    def drop(doc):
        doc["postings"] = [p for p in doc["postings"] if p["covers"] not in ("2025-Q1", "2025-Q3")]

    _edit(data / HTZWSY, drop)
    out = cli("check", data, "--as-of", "2025-11-20", "--no-cache", "--baseline", baseline, "-f", "json")
    by = {r["key"]: r for r in json.loads(out.stdout)["branches"][0]["results"]}
    assert by["TRN001:HTZWSY:union_finance/2025-Q2"]["baseline"] == "known"
    assert by["TRN001:HTZWSY:union_finance/2025-Q1"]["baseline"] == "new"
    assert by["TRN001:HTZWSY:union_finance/2025-Q3"]["baseline"] == "new"
    late = by["TRN002:HTZWSY:congress_resolutions/C2025-1"]
    assert late["status"] == "fail" and late["baseline"] == "known"
    assert "Q2" not in by["TRN001:HTZWSY:union_finance/2025-Q1"]["message"]


def test_an_old_baseline_without_keys_is_refused_with_how_to_write_it_again(tmp_path):
    old = tmp_path / "old.json"
    old.write_text(
        json.dumps({"version": 1, "findings": [{"branch": "HTZWSY", "rule": "TRN001", "path": "/postings"}]})
    )
    run = cli("check", DEMO / HTZWSY, "--as-of", "2025-11-20", "--no-cache", "--baseline", old)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "--write-baseline" in run.stderr and "旧版基线" in run.stderr and "old baseline" in run.stderr


def test_an_old_report_without_keys_is_refused_by_compare_with_how_to_write_one(tmp_path):
    old = tmp_path / "old.json"
    branch = {"code": "HTZWSY", "file": "x.yaml", "status": "fail", "results": [{"rule": "TRN001", "status": "fail"}]}
    old.write_text(json.dumps({"as_of": "2024-12-31", "branches": [branch]}))
    run = cli("check", DEMO / HTZWSY, "--as-of", "2025-11-20", "--no-cache", "--compare", old)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "--as-of 2024-12-31" in run.stderr and "no key" in run.stderr


# ---- property tests: edits that do not touch a finding leave its key and state alone ------------

LISTS = ("postings", "congresses", "performance_pay_plans", "elections")


def _shuffled(doc: dict, rnd: random.Random) -> None:
    for name in LISTS:
        if isinstance(doc.get(name), list):
            rnd.shuffle(doc[name])
    hardship = doc.get("hardship") or {}
    for name in ("files", "assistance"):
        if isinstance(hardship.get(name), list):
            rnd.shuffle(hardship[name])


def _padded(text: str, rnd: random.Random) -> str:
    """``text`` with comment and blank lines put between top-level sections."""
    lines = text.splitlines()
    out = []
    for line in lines:
        if line and not line.startswith(" ") and rnd.random() < 0.5:
            out += ["", "# 备注 / a note"] * rnd.randint(1, 3)
        out.append(line)
    return "\n".join(out) + "\n"


def _states(report, earlier) -> tuple[dict, dict]:
    """Each finding's baseline state and comparison change against ``earlier`` (the first run)."""
    baseline = Baseline(Counter(k for k in _findings(earlier)))
    previous = Previous("earlier.json", earlier.as_of.isoformat())
    for b in earlier.branches:
        for r in b.results:
            previous.results[r.key].append((r.status.value, "", b.code, r.rule, None))
    known, change = {}, {}
    for b in report.branches:
        baseline.mark(b, "warn")
        previous.mark(b)
        for r in b.results:
            known[r.key], change[r.key] = r.known, r.change
    return known, change


@pytest.fixture(scope="module")
def demo_names():
    return sorted(p.name for p in DEMO.glob("*.yaml"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), which=st.integers(0, 13))
def test_reordering_lists_and_inserting_lines_changes_no_key_and_no_state(tmp_path_factory, demo_names, seed, which):
    rnd = random.Random(seed)
    name = demo_names[which % len(demo_names)]
    tmp = tmp_path_factory.mktemp("edit")
    before_dir, after_dir = tmp / "before", tmp / "after"
    before_dir.mkdir(), after_dir.mkdir()
    shutil.copy(DEMO / name, before_dir / name)
    text = (DEMO / name).read_text("utf-8")
    doc = yaml.safe_load(text)
    if isinstance(doc, dict) and "congresses" in doc and all("id" in c for c in doc.get("congresses") or []):
        _shuffled(doc, rnd)
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    (after_dir / name).write_text(_padded(text, rnd), "utf-8")
    before, after = check([before_dir], "2025-11-20"), check([after_dir], "2025-11-20")
    if any(r.rule == "DAT001" and r.status == Status.ERROR for b in before.branches for r in b.results):
        return  # an invalid file (the demo has one): rewritten it would be another file's problems
    assert Counter((r.key, r.status) for b in after.branches for r in b.results) == Counter(
        (r.key, r.status) for b in before.branches for r in b.results
    )
    known, change = _states(after, before)
    assert all(known[k] is True for k in _findings(after))
    assert {c for c in change.values()} <= {None, "open"}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_editing_or_inserting_another_record_leaves_every_other_finding_alone(tmp_path_factory, seed):
    """HTZWSY: one posting is added, or one posting's place or dates are edited; every finding not
    about that posting keeps its key, its status, its baseline state (known) and is "open"."""
    rnd = random.Random(seed)
    tmp = tmp_path_factory.mktemp("other")
    before_dir, after_dir = tmp / "before", tmp / "after"
    before_dir.mkdir(), after_dir.mkdir()
    shutil.copy(DEMO / HTZWSY, before_dir / HTZWSY)
    doc = yaml.safe_load((DEMO / HTZWSY).read_text("utf-8"))
    postings = doc["postings"]
    target = rnd.randrange(len(postings))
    touched = f"{postings[target]['category']}/{postings[target]['covers']}"
    if rnd.random() < 0.5:
        postings.insert(rnd.randrange(len(postings) + 1), {**postings[target], "where": "新公开栏"})
    else:
        postings[target]["to"] = postings[target]["from"]  # shown one day: its own TRN003 fails
    rnd.shuffle(postings)
    (after_dir / HTZWSY).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    before, after = check([before_dir], "2025-11-20"), check([after_dir], "2025-11-20")
    untouched = {k: s for k, s in _findings(before).items() if touched not in k}
    now = _findings(after)
    assert {k: now.get(k) for k in untouched} == untouched
    known, change = _states(after, before)
    assert all(known[k] is True and change[k] == "open" for k in untouched)


# ---- comparison -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def year_on_year(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("years")
    previous = tmp / "2024.json"
    run = cli("check", DEMO, "--as-of", "2024-12-31", "--no-cache", "-f", f"json:{previous}")
    assert run.returncode == 1, run.stderr
    return tmp, previous


def test_year_on_year_counts_problems_only_and_says_the_periods_differ(year_on_year):
    tmp, previous = year_on_year
    out = json.loads(
        cli("check", DEMO, "--as-of", "2025-11-20", "--no-cache", "--compare", previous, "-f", "json").stdout
    )
    results = [r for b in out["branches"] for r in b["results"]]
    for r in results:
        if "change" in r:
            assert r["change"] in ("new", "fixed", "open", "changed")
            if r["change"] == "fixed":
                assert r["was"] in ("warn", "fail", "error", "waived") and r["status"] not in ("warn", "fail", "error")
            if r["change"] == "new":
                assert r["status"] in ("warn", "fail", "error", "waived")
        else:
            assert r["status"] in ("pass", "pending", "n/a")  # neither then nor now a problem
    compare = out["compare"]
    problems_now = sum(r["status"] in ("warn", "fail", "error") for r in results)
    counts = compare["counts"]
    no_longer = sum(r.get("change") == "changed" and r["status"] == "n/a" for r in results)  # neither fixed nor open
    assert counts["new"] + counts["open"] + counts["changed"] == problems_now + no_longer
    earlier = [g for g in compare["gone"] if g["change"] == "earlier"]
    assert earlier and all(g["due"] < "2025-01-01" for g in earlier)
    assert counts["earlier"] == len(earlier)
    assert any("audit periods" in w["en"] for w in compare["warnings"])


def test_comparison_headline_and_change_column_in_the_workbook_and_the_page(year_on_year):
    from openpyxl import load_workbook

    tmp, previous = year_on_year
    book, page = tmp / "r.xlsx", tmp / "r.html"
    cli(
        "check",
        DEMO,
        "--as-of",
        "2025-11-20",
        "--no-cache",
        "--compare",
        previous,
        "-f",
        f"xlsx:{book}",
        "-f",
        f"html:{page}",
    )
    wb = load_workbook(book)
    _, header, rows = sheet_table(wb["问题清单"], "基层工会")
    assert header[4:6] == ["状态", "对比"] and header[-1] == "问题标识"
    statuses = {row[4] for row in rows}
    assert statuses <= {s.label("zh") for s in Status}  # filtering by status still works
    changes = {row[5] for row in rows}
    assert {"新增", "仍存在"} <= changes
    summary = " ".join(str(c.value) for row in wb["汇总"].iter_rows() for c in row)
    assert "与 2024-12-31 的报告相比" in summary and "审计期不同" in summary
    html = page.read_text("utf-8")
    assert '<section id="compare">' in html and "与 2024-12-31 的报告相比" in html and "审计期不同" in html
    assert "（新增）" not in html and "（已修复）" not in html


def test_same_year_after_edits_compares_what_a_person_would_say(tmp_path):
    data = _copy(tmp_path)
    previous = tmp_path / "before.json"
    cli("check", data, "--as-of", "2025-11-20", "--no-cache", "-f", f"json:{previous}")

    def edit(doc):
        doc["postings"] = [p for p in doc["postings"] if p["covers"] != "2025-Q1"]  # breaks Q1
        doc["postings"].append(  # puts Q2 right, late: fail → fail, still open
            {"category": "union_finance", "covers": "2025-Q2", "from": "2025-09-01", "to": "2025-09-20"}
        )
        doc["postings"].reverse()

    _edit(data / HTZWSY, edit)
    out = json.loads(
        cli("check", data, "--as-of", "2025-11-20", "--no-cache", "--compare", previous, "-f", "json").stdout
    )
    by = {r["key"]: r for r in out["branches"][0]["results"]}
    assert by["TRN001:HTZWSY:union_finance/2025-Q1"]["change"] == "new"
    assert by["TRN001:HTZWSY:union_finance/2025-Q2"]["change"] == "open"
    assert "2025-09-01" in by["TRN001:HTZWSY:union_finance/2025-Q2"]["message"]
    assert out["compare"]["warnings"] == []
    assert out["compare"]["counts"]["new"] == 1 + sum(  # Q1's missing posting and nothing else but Q2's new TRN003
        r.get("change") == "new" and r["rule"] == "TRN003" for r in by.values()
    )


def test_a_waiver_with_a_subject_covers_that_finding_only(tmp_path):
    def waived(subject):
        waivers = tmp_path / "waivers.yaml"
        waivers.write_text(
            f"waivers:\n  - {{branch: HTZWSY, rule: TRN, subject: {subject}, reason: 公开栏维修, "
            "approved_by: 县卫健局工会, document: 卫工〔2025〕7号, expires: 2026-06-30}\n",
            "utf-8",
        )
        run = cli("check", DEMO / HTZWSY, "--as-of", "2025-11-20", "--no-cache", "--waivers", waivers, "-f", "json")
        out = json.loads(run.stdout)
        return {r["key"]: r["status"] for r in out["branches"][0]["results"]}, out["waivers"][0]

    by, waiver = waived("union_finance/2025-Q2")
    assert by["TRN001:HTZWSY:union_finance/2025-Q2"] == "waived" and waiver["used"] == 1
    assert by["TRN002:HTZWSY:congress_resolutions/C2025-1"] == "fail"  # same family, another subject
    by, waiver = waived("union_finance/2025-Q3")
    assert by["TRN001:HTZWSY:union_finance/2025-Q2"] == "fail" and waiver["state"] == "unused"


def test_a_key_built_from_a_personal_value_is_masked_and_stable(tmp_path):
    """A hardship file whose id is the person's name: its findings' keys hide it, the same way each run."""
    data = _copy(tmp_path, "01-XRMYY.yaml")
    path = data / "01-XRMYY.yaml"

    def name_as_id(doc):
        f = doc["hardship"]["files"][0]
        old, f["id"] = f["id"], f["name"]
        for a in doc["hardship"].get("assistance") or []:
            if a["file"] == old:
                a["file"] = f["name"]
        f["reviews"] = []  # HRD002 now fails for this file

    _edit(path, name_as_id)
    doc = yaml.safe_load(path.read_text("utf-8"))
    name = doc["hardship"]["files"][0]["name"]
    first, second = (_keys(check([data], "2025-11-20")) for _ in range(2))
    assert first == second
    assert not [k for k in first if name in k]
    assert any(k.startswith("HRD002:XRMYY:hardship.files[（已隐藏 / hidden）]") for k in first)


def test_a_finding_that_no_longer_applies_is_changed_not_fixed():
    """An election warned as due soon turns n/a once the term has run out (the overdue election is
    ELE001's failure now): no auditor would call that fixed."""
    from unioncheck.compare import _change

    assert _change("warn", "n/a") == "changed" and _change("fail", "n/a") == "changed"
    assert _change("fail", "pass") == _change("warn", "pending") == "fixed"
    assert _change("pass", "n/a") is None and _change("n/a", "fail") == "new"


def test_the_problems_that_are_gone_are_listed_where_people_read(year_on_year):
    """The headline counts the earlier problems that no longer appear as fixed: the table, the
    workbook's summary sheet and the page list each of them, by branch and rule."""
    from openpyxl import load_workbook

    tmp, previous = year_on_year
    args = ("check", DEMO, "--as-of", "2025-11-20", "--no-cache", "--compare", previous, "--lang", "en")
    book, page = tmp / "gone.xlsx", tmp / "gone.html"
    table = cli(*args, "-f", "table", "-f", f"xlsx:{book}", "-f", f"html:{page}", "-f", f"json:{tmp / 'gone.json'}")
    gone = [g for g in json.loads((tmp / "gone.json").read_text("utf-8"))["compare"]["gone"] if g["change"] == "fixed"]
    assert gone, "the demo county has problems of 2024 that are gone in 2025"
    summary = load_workbook(book)["Summary"]
    cells = [tuple(c.value for c in row[:2]) for row in summary.iter_rows()]
    html = page.read_text("utf-8")
    assert "Fixed: problems of the earlier report that no longer appear" in table.stdout and 'id="fixed"' in html
    for g in gone:
        assert any(g["branch"] in line and g["rule"] in line for line in table.stdout.splitlines()), g
        assert (g["branch"], g["rule"]) in cells, g
        assert f"<td>{g['branch']}</td><td>{g['rule']}</td>" in html, g
