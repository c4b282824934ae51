"""Past a county's size, finished reports wait in a temporary file: every format is the same either way."""

import json
import tempfile

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
    small = Spool(in_memory=10)
    for item in items:
        small.append(item)
    assert not small.spooled and list(small) == items
    kept.close()
    assert list(kept) == [] and len(kept) == 0


def test_a_spool_walked_in_blocks_gives_every_item_whatever_their_sizes(monkeypatch):
    """Walking in order reads many items per system call; an item larger than a block is read alone."""
    monkeypatch.setattr(spool, "_BLOCK", 64)
    items = [b"x" * n for n in (1, 10, 200, 3, 63, 64, 65, 0, 500, 7, 7, 7)] + [list(range(i)) for i in range(30)]
    kept = Spool(in_memory=0)
    for item in items:
        kept.append(item)
    assert kept.spooled and list(kept) == items and list(kept) == items


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
        "changed",
        "congress/C2025-1",
        "CGR001:B1:congress/C2025-1",
        "fail",
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
