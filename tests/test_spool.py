"""Past a county's size, finished reports wait in a temporary file: every format is the same either way."""

import json
import tempfile

import pytest
from click.testing import CliRunner
from conftest import DEMO, REPO

from unioncheck import spool
from unioncheck.cli import main
from unioncheck.spool import Spool


def test_a_spool_gives_back_what_it_was_given_in_order_as_often_as_asked():
    items = [{"n": i, "text": "事务公开" * i} for i in range(7)]
    kept = Spool(in_memory=3)
    for item in items:
        kept.append(item)
    assert kept.spooled and len(kept) == 7
    assert list(kept) == items and list(kept) == items
    assert kept[0] == items[0] and kept[4] == items[4] and kept[-1] == items[-1] and kept[2:5] == items[2:5]
    with pytest.raises(IndexError):
        kept[7]
    small = Spool(in_memory=10)
    for item in items:
        small.append(item)
    assert not small.spooled and list(small) == items and small[-2] == items[-2]


def test_a_spool_walked_in_blocks_gives_every_item_whatever_their_sizes(monkeypatch):
    """Walking in order reads many items per system call; an item larger than a block is read alone."""
    monkeypatch.setattr(spool, "_BLOCK", 64)
    items = [b"x" * n for n in (1, 10, 200, 3, 63, 64, 65, 0, 500, 7, 7, 7)] + [list(range(i)) for i in range(30)]
    kept = Spool(in_memory=0)
    for item in items:
        kept.append(item)
    assert kept.spooled and list(kept) == items and list(kept) == items
    assert [kept[i] for i in range(len(items))] == items


FORMATS = ["json", "jsonl", "table", "csv", "sarif", "junit", "github", "markdown", "html"]


def _reports(tmp_path, name):
    out = tmp_path / name
    out.mkdir()
    args = [
        "check",
        str(DEMO),
        "--as-of",
        "2025-12-31",
        "--no-cache",
        "--lang",
        "en",
        "--waivers",
        str(REPO / "examples" / "ci" / "waivers.yaml"),
    ]
    for fmt in FORMATS:
        args += ["-f", f"{fmt}:{out / fmt}"]
    run = CliRunner().invoke(main, args, catch_exceptions=False)
    assert run.exit_code == 1, run.output
    return {fmt: (out / fmt).read_text("utf-8") for fmt in FORMATS}


def test_every_format_is_the_same_whether_reports_are_kept_or_spooled(tmp_path, monkeypatch):
    kept = _reports(tmp_path, "kept")
    monkeypatch.setattr(spool, "IN_MEMORY", 2)
    opened = []
    real = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda **kw: opened.append(kw) or real(**kw))
    spooled = _reports(tmp_path, "spooled")
    assert any(kw.get("prefix") == "unioncheck-spool-" for kw in opened), "the reports were never spooled"
    for fmt in FORMATS:
        assert spooled[fmt] == kept[fmt], fmt
    report = json.loads(spooled["json"])
    assert report["summary"]["branches"] == len(report["branches"]) == len(list(DEMO.glob("*.yaml")))
    assert any(r["status"] == "waived" for b in report["branches"] for r in b["results"])


def test_results_keep_every_field_through_the_spool_and_the_cache():
    """Result, Text and Location pickle compactly (their own __reduce__): nothing may be lost on the way."""
    import dataclasses
    import datetime as dt
    import pickle

    from unioncheck.gate import Waiver
    from unioncheck.model import BranchReport, Location, Result, Status, Text

    fields = [f.name for f in dataclasses.fields(Result)]
    waiver = Waiver(**{f.name: f"x-{f.name}" for f in dataclasses.fields(Waiver)})
    full = Result(
        Status.WAIVED,
        Text("中文", "English"),
        dt.date(2026, 1, 31),
        ("congresses", 0, "date"),
        "CGR001",
        "CGR",
        Location("a.yaml", 3, 5),
        waiver,
        True,
        "new",
    )
    assert all(getattr(full, name) not in (None, "", ()) for name in fields), "fill every field of Result here"
    branch = BranchReport("a.yaml", "B1", "某卫生院工会", [full, Result(Status.PASS, Text("通过", "pass"))])
    again = pickle.loads(pickle.dumps(branch, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == branch
    assert [getattr(again.results[0], name) == getattr(full, name) for name in fields] == [True] * len(fields)


def test_json_streamed_alone_is_the_json_written_beside_other_formats(tmp_path):
    """With only streaming formats the run keeps no reports; the JSON is the same, to a file or to stdout."""
    common = ["check", str(DEMO), "--as-of", "2025-12-31", "--no-cache", "--lang", "en"]
    alone = CliRunner().invoke(main, common + ["-f", f"json:{tmp_path / 'alone.json'}"], catch_exceptions=False)
    beside = CliRunner().invoke(
        main,
        common + ["-f", f"json:{tmp_path / 'beside.json'}", "-f", f"table:{tmp_path / 't.txt'}"],
        catch_exceptions=False,
    )
    printed = CliRunner().invoke(main, common + ["-f", "json"], catch_exceptions=False)
    assert alone.exit_code == beside.exit_code == printed.exit_code == 1
    text = (tmp_path / "alone.json").read_text("utf-8")
    assert text == (tmp_path / "beside.json").read_text("utf-8") == printed.output
    assert len(json.loads(text)["branches"]) == len(list(DEMO.glob("*.yaml")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alone.json", "beside.json", "t.txt"]  # no temporary files


def test_a_run_that_keeps_no_reports_says_so_when_they_are_read():
    import datetime as dt

    from conftest import REFERENCE, builtin, named_profile
    from conftest import settings as with_contract

    from unioncheck import engine
    from unioncheck.loader import load

    seen = []
    settings = with_contract(dt.date(2025, 12, 31), 2025, named_profile("county-health-bureau"))
    report = engine.run(builtin()[0], [load(str(REFERENCE))], settings, seen.append, keep=False)
    assert len(seen) == 1 and report.counts().branches
    with pytest.raises(RuntimeError, match="not kept"):
        list(report.branches)


def _judged_demo_branch():
    """A demo branch with findings, judged and prepared in English as a worker does, then pickled."""
    import datetime as dt
    import pickle

    from conftest import builtin, named_profile
    from conftest import settings as with_contract

    from unioncheck import engine
    from unioncheck.loader import load
    from unioncheck.model import Status
    from unioncheck.reporters.json import prepare_results

    settings = with_contract(dt.date(2025, 12, 31), 2025, named_profile("county-health-bureau"))
    plan = engine.Plan.of(builtin()[0], settings)
    judged = [engine.judge(plan, load(str(file)))[0] for file in sorted(DEMO.glob("*.yaml"))]
    report = max(judged, key=lambda b: sum(r.status == Status.FAIL for r in b.results))
    prepare_results(report, "en")
    return report, pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)


def test_a_pickled_report_passes_on_packed_and_says_what_its_results_say():
    """Counts, status, JSON and pickling again read the packed report without building its
    results; findings added meanwhile come after them; reading ``results`` gives them all."""
    import pickle

    from unioncheck.model import Result, Status, Tally, Text
    from unioncheck.reporters.json import branch_json

    built, blob = _judged_demo_branch()
    assert built.status in (Status.FAIL, Status.WARN) and len(built.results) > 20
    added = [
        Result(Status.FAIL, Text("另一个工会也有此人", "another branch has this person"), rule="HRD006", family="HRD")
    ]
    packed = pickle.loads(blob)
    packed.add(added)
    built.add(added)
    assert packed.packed and not built.packed
    assert packed.counted() == built.counted() and packed.status == built.status == Status.FAIL
    tally, expected = Tally(), Tally()
    tally.add(packed), expected.add(built)
    assert tally == expected
    assert branch_json(packed, "en") == branch_json(built, "en")
    again = pickle.loads(pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL))
    assert packed.packed and again.packed and again.added == added
    assert again.results == built.results and packed.results == built.results and not packed.packed
    assert again == built and branch_json(again, "zh") == branch_json(built, "zh")  # another language: encoded here


def test_waivers_read_a_packed_report_only_when_one_names_its_branch():
    import datetime as dt
    import pickle

    from unioncheck.gate import Waiver, apply_waivers
    from unioncheck.model import Status

    built, blob = _judged_demo_branch()
    rule = next(r.rule for r in built.results if r.status in (Status.FAIL, Status.WARN))
    elsewhere = Waiver(
        "OTHER", rule, "理由", "县卫健局工会", "卫工〔2025〕1号", dt.date(2026, 12, 31), "waivers.yaml", 1
    )
    packed = pickle.loads(blob)
    apply_waivers(packed, [elsewhere], dt.date(2025, 12, 31))
    assert packed.packed and packed.counted() == built.counted()
    mine = Waiver(built.code, rule, "理由", "县卫健局工会", "卫工〔2025〕1号", dt.date(2026, 12, 31), "waivers.yaml", 1)
    apply_waivers(packed, [elsewhere, mine], dt.date(2025, 12, 31))
    assert not packed.packed and mine.used >= 1
    assert all(r.status == Status.WAIVED for r in packed.results if r.rule == rule and r.status != Status.PASS)
    assert packed.counted()[(Status.WAIVED, rule[:3], None, None)] == mine.used
