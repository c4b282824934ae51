"""Rules over every branch: what the engine hands them and takes back, and HRD006's bitmap."""

import datetime as dt

import pytest
from conftest import REFERENCE, builtin, named_profile, settings

from unioncheck import engine, spool
from unioncheck.loader import load
from unioncheck.model import Context, Result, Rule, RuleDoc, Status, Text
from unioncheck_rules import hrd


def _ctx():
    return Context(dt.date(2025, 12, 31), dt.date(2025, 1, 1), dt.date(2025, 12, 31), {}, None, None)


def test_hrd006_tells_a_shared_bit_from_a_shared_person():
    same = bytes(16)
    near = (1 << 16).to_bytes(8, "little") + bytes(8)  # another person whose pseudonym lands on the same bit
    assert int.from_bytes(same[:8], "little") % (1 << 16) == int.from_bytes(near[:8], "little") % (1 << 16)
    summaries = [("A", same + near, "F1 F2", (0, 3)), ("B", bytes(range(16)), "G1", (0,)), ("C", same, "H1", (2,))]
    found = hrd.one_file_per_person(summaries, _ctx())
    assert sorted(found) == [0, 2]
    [a], [c] = found[0], found[2]
    assert a.status == c.status == Status.FAIL
    assert a.path == ("hardship", "files", 0, "id_number") and "file F1 " in a.message.en and "as C/H1" in a.message.en
    assert c.path == ("hardship", "files", 2, "id_number") and "file H1 " in c.message.en and "as A/F1" in c.message.en


def test_hrd006_finds_a_person_filed_twice_in_one_branch():
    number = bytes(range(16))
    found = hrd.one_file_per_person([("A", number + bytes(16) + number, "F1 F2 F3", (0, 1, 4))], _ctx())
    assert [r.path[2] for r in found[0]] == [0, 4]
    assert "as A/F3" in found[0][0].message.en and "as A/F1" in found[0][1].message.en


def _settings():
    return settings(dt.date(2025, 12, 31), 2025, named_profile("county-health-bureau"), select=("TST",))


def _dataset_rule(check):
    return Rule(
        code="TST009",
        family="TST",
        name="tst009",
        title=Text("测试", "test"),
        basis="-",
        check=check,
        doc=RuleDoc(Text("", ""), Text("", ""), Text("", "")),
        scope="dataset",
        extract=lambda document, ctx: document.file,
    )


@pytest.mark.parametrize("in_memory", [None, 0])
def test_a_check_may_yield_pairs_and_positions_that_name_no_branch_are_ignored(tmp_path, in_memory):
    files = []
    for name in ("a", "b", "c"):
        files.append(tmp_path / f"{name}.yaml")
        files[-1].write_bytes(REFERENCE.read_bytes())

    def check(summaries, ctx):
        assert [s.rsplit("/", 1)[-1] for s in summaries] == ["a.yaml", "b.yaml", "c.yaml"]
        yield 1, [Result(Status.FAIL, Text("第二个", "the second"))]
        yield -1, [Result(Status.FAIL, Text("无", "nobody"))]
        yield 3, [Result(Status.FAIL, Text("无", "nobody"))]
        yield "0", [Result(Status.FAIL, Text("无", "nobody"))]

    rules = builtin()[0] + [_dataset_rule(check)]
    report = engine.run(rules, [load(str(f)) for f in files], _settings(), in_memory=in_memory)
    verdicts = [[(r.status, r.message.en) for r in b.results if r.rule == "TST009"] for b in report.branches]
    assert verdicts == [
        [(Status.PASS, "no problem found")],
        [(Status.FAIL, "the second")],
        [(Status.PASS, "no problem found")],
    ]


@pytest.mark.parametrize("in_memory", [None, 0])
def test_a_check_that_crashes_part_way_leaves_no_finding_behind(tmp_path, in_memory, monkeypatch):
    files = []
    for name in ("a", "b"):
        files.append(tmp_path / f"{name}.yaml")
        files[-1].write_bytes(REFERENCE.read_bytes())

    def check(summaries, ctx):
        yield 0, [Result(Status.FAIL, Text("第一个", "the first"))]
        raise ValueError("half way")

    monkeypatch.setattr(spool, "IN_MEMORY", 1000 if in_memory is None else 0)
    rules = builtin()[0] + [_dataset_rule(check)]
    report = engine.run(rules, [load(str(f)) for f in files], _settings(), in_memory=in_memory)
    for branch in report.branches:
        [result] = [r for r in branch.results if r.rule == "TST009"]
        assert result.status == Status.ERROR and "crashed: ValueError" in result.message.en


@pytest.mark.parametrize("in_memory", [None, 0])
def test_a_malformed_finding_is_named_as_such_even_when_spooled(tmp_path, in_memory):
    target = tmp_path / "a.yaml"
    target.write_bytes(REFERENCE.read_bytes())

    def check(summaries, ctx):
        return {0: [Result("fail", "not a Text")]}  # what a careless plugin might return

    rules = builtin()[0] + [_dataset_rule(check)]
    report = engine.run(rules, [load(str(target))], _settings(), in_memory=in_memory)
    [result] = [r for r in report.branches[0].results if r.rule == "TST009"]
    assert result.status == Status.ERROR and "returned a malformed result: Result" in result.message.en


def test_a_summary_that_cannot_be_kept_is_the_extracts_error_not_a_traceback(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_bytes(REFERENCE.read_bytes())
    rule = _dataset_rule(lambda summaries, ctx: {})
    rule.extract = lambda document, ctx: (n for n in range(3))  # a generator cannot be pickled
    report = engine.run(builtin()[0] + [rule], [load(str(target))], _settings())
    [result] = [r for r in report.branches[0].results if r.rule == "TST009"]
    assert result.status == Status.ERROR and "crashed: TypeError" in result.message.en
