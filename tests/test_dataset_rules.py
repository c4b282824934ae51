"""Rules over every branch: what the engine hands them and takes back, and HRD006."""

import datetime as dt

import pytest
from conftest import REFERENCE, builtin, settings

from unioncheck import engine, spool
from unioncheck.executors import Serial
from unioncheck.model import Context, Location, Result, Rule, RuleDoc, Status, Text
from unioncheck_rules import hrd


def _ctx():
    return Context(dt.date(2025, 12, 31), dt.date(2025, 1, 1), dt.date(2025, 12, 31), {}, None, None)


def _files(*pairs):
    """An HRD006 summary's files: (pseudonym, file id, place in hardship.files)."""
    return [
        (who, file_id, ("hardship", "files", place, "id_number"), Location("x.yaml", place + 1))
        for who, file_id, place in pairs
    ]


def test_hrd006_fails_every_active_file_of_a_person_filed_in_two_branches():
    same, other = bytes(16), bytes(range(16))
    summaries = [
        ("A", _files((same, "F1", 0), (other, "F2", 3))),
        ("B", _files((bytes(15) + b"x", "G1", 0))),
        ("C", _files((same, "H1", 2))),
    ]
    found = hrd.one_file_per_person(summaries, _ctx())
    assert sorted(found) == [0, 2]
    [a], [c] = found[0], found[2]
    assert a.status == c.status == Status.FAIL
    assert a.path == ("hardship", "files", 0, "id_number") and "file F1 " in a.message.en and "as C/H1" in a.message.en
    assert c.path == ("hardship", "files", 2, "id_number") and "file H1 " in c.message.en and "as A/F1" in c.message.en
    assert a.location == Location("x.yaml", 1) and c.location == Location("x.yaml", 3)


def test_hrd006_finds_a_person_filed_twice_in_one_branch():
    number = bytes(range(16))
    found = hrd.one_file_per_person([("A", _files((number, "F1", 0), (bytes(16), "F2", 1), (number, "F3", 4)))], _ctx())
    assert [r.path[2] for r in found[0]] == [0, 4]
    assert "as A/F3" in found[0][0].message.en and "as A/F1" in found[0][1].message.en


def test_hrd006_passes_when_no_person_has_two_active_files():
    summaries = [("A", _files((bytes(16), "F1", 0))), ("B", _files((bytes(range(16)), "G1", 0)))]
    assert not hrd.one_file_per_person(summaries, _ctx())


def _settings():
    return settings(select=("TST",))


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
        summarise=lambda document, ctx: document.file,
    )


@pytest.mark.parametrize("in_memory", [None, 0])  # waiting in memory, or in the temporary file
def test_a_check_may_yield_pairs_and_positions_that_name_no_branch_are_ignored(tmp_path, in_memory, monkeypatch):
    monkeypatch.setattr(spool, "IN_MEMORY", 1000 if in_memory is None else 0)
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
    report = engine.check(rules, [str(f) for f in files], _settings(), Serial())
    verdicts = [[(r.status, r.message.en) for r in b.results if r.rule == "TST009"] for b in report.branches]
    assert verdicts == [
        [(Status.PASS, "no problem found")],
        [(Status.FAIL, "the second")],
        [(Status.PASS, "no problem found")],
    ]


@pytest.mark.parametrize("in_memory", [None, 0])  # waiting in memory, or in the temporary file
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
    report = engine.check(rules, [str(f) for f in files], _settings(), Serial())
    for branch in report.branches:
        [result] = [r for r in branch.results if r.rule == "TST009"]
        assert result.status == Status.ERROR and "crashed: ValueError" in result.message.en


@pytest.mark.parametrize("in_memory", [None, 0])  # waiting in memory, or in the temporary file
def test_a_malformed_finding_is_named_as_such_even_when_spooled(tmp_path, in_memory, monkeypatch):
    monkeypatch.setattr(spool, "IN_MEMORY", 1000 if in_memory is None else 0)
    target = tmp_path / "a.yaml"
    target.write_bytes(REFERENCE.read_bytes())

    def check(summaries, ctx):
        return {0: [Result("fail", "not a Text")]}  # what a careless plugin might return

    rules = builtin()[0] + [_dataset_rule(check)]
    report = engine.check(rules, [str(target)], _settings(), Serial())
    [result] = [r for r in report.branches[0].results if r.rule == "TST009"]
    assert result.status == Status.ERROR and "returned a malformed result: Result" in result.message.en


def test_a_summary_that_cannot_be_kept_is_its_rules_error_not_a_traceback(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_bytes(REFERENCE.read_bytes())
    rule = _dataset_rule(lambda summaries, ctx: {})
    rule.summarise = lambda document, ctx: (n for n in range(3))  # a generator cannot be pickled
    report = engine.check(builtin()[0] + [rule], [str(target)], _settings(), Serial())
    [result] = [r for r in report.branches[0].results if r.rule == "TST009"]
    assert result.status == Status.ERROR and "crashed: TypeError" in result.message.en


def test_hrd006_finds_what_a_map_of_every_file_finds():
    """HRD006 maps only the people whose pseudonym's first bytes repeat: it must find exactly
    what mapping every active file to its person finds, prefixes shared by other people included."""
    import random
    from collections import defaultdict

    chance = random.Random(6)
    people = [chance.randbytes(16) for _ in range(300)]
    people += [people[0][:8] + chance.randbytes(8) for _ in range(3)]  # other people, the same first 8 bytes
    summaries = [
        (f"B{b}", _files(*((chance.choice(people), f"F{b}-{k}", k) for k in range(chance.randrange(0, 6)))))
        for b in range(80)
    ]
    everyone = defaultdict(list)
    for position, (_, files) in enumerate(summaries):
        for pseudonym, _file_id, place, _ in files:
            everyone[pseudonym].append((position, place))
    expected = sorted((p, place) for held in everyone.values() if len(held) > 1 for p, place in held)
    found = hrd.one_file_per_person(summaries, _ctx())
    assert sorted((p, r.path) for p, results in found.items() for r in results) == expected
    assert expected  # the draw holds people filed twice


def test_findings_given_out_of_order_or_twice_are_read_back_in_order_the_later_winning(monkeypatch):
    """A check may return its findings as it likes (HRD006 returns a mapping in the order it met
    people); they wait in a spool in report order, a later pair for a branch replacing an earlier."""
    monkeypatch.setattr(spool, "IN_MEMORY", 0)
    found = engine.DatasetFindings(_dataset_rule(lambda summaries, ctx: {}))
    first, second, third = (Result(Status.FAIL, Text(n, n)) for n in ("一", "二", "三"))
    found.keep([(5, [first]), (2, [second]), (9, [third]), (5, [second])])
    assert [found.of(i) for i in range(11)] == [[], [], [second], [], [], [second], [], [], [], [third], []]


# ---- HRD006: output bounded however many branches share a person ----------------


def _county_sharing_people(where, count):
    """``count`` branches, each a copy of the reference branch under its own code: every active
    hardship file of the reference is then filed ``count`` times, once in each branch."""
    where.mkdir()
    text = REFERENCE.read_text("utf-8")
    for i in range(count):
        (where / f"{i:04d}.yaml").write_text(text.replace("code: XRMYY", f"code: B{i:04d}", 1), "utf-8")
    return where


def _hrd006_report(data):
    from conftest import cli

    run = cli("check", data, "--as-of", "2025-12-31", "--no-cache", "--select", "HRD006", "-f", "json", "--lang", "en")
    assert run.returncode == 1, run.stderr
    return run.stdout


def test_hrd006_report_grows_with_the_branches_not_their_square(tmp_path):
    import json

    small, large = 60, 600
    sizes = {n: len(_hrd006_report(_county_sharing_people(tmp_path / str(n), n)).encode()) for n in (small, large)}
    per_branch = {n: size / n for n, size in sizes.items()}
    assert per_branch[large] < 1.15 * per_branch[small], per_branch  # quadratic growth would be tenfold
    assert per_branch[large] < 4000, per_branch
    report = json.loads(_hrd006_report(tmp_path / str(large)))
    messages = [r["message"] for b in report["branches"] for r in b["results"] if r["status"] == "fail"]
    assert len(messages) == 2 * large  # each branch: its two active files
    first = messages[0]
    assert first.startswith("file KN-2023-004 is the same person (same ID number) as B0001/KN-2023-004, ")
    assert f"and {large - 1 - hrd.SHOWN} more; {large} active files in all" in first
    assert first.count("/KN-2023-004") == hrd.SHOWN
    assert "B0000/" not in first  # never itself


def test_hrd006_names_every_other_file_while_there_are_few():
    same = bytes(16)
    summaries = [(f"B{i}", _files((same, f"F{i}", 0))) for i in range(hrd.SHOWN + 1)]
    found = hrd.one_file_per_person(summaries, _ctx())
    for position in range(hrd.SHOWN + 1):
        [result] = found[position]
        assert "more" not in result.message.en and "还有" not in result.message.zh
        assert result.message.en.count("/F") == hrd.SHOWN
    summaries.append(("B99", _files((same, "F99", 0))))
    [last] = hrd.one_file_per_person(summaries, _ctx())[hrd.SHOWN + 1]
    assert last.message.en.endswith("and 1 more; 12 active files in all") and "还有 1 份" in last.message.zh


@pytest.mark.parametrize("typed_as_id", ["id_number", "name", "another ID number"])
def test_hrd006_summary_keeps_no_id_number_or_name(tmp_path, typed_as_id):
    """The summary (cached with the file) holds a keyed hash of the ID number, and the file's id
    only when that id is not itself an ID number or the person's name."""
    import pickle

    from unioncheck.loader import load
    from unioncheck_rules.branch import view

    text = REFERENCE.read_text("utf-8")
    wrong = {"id_number": "522601198001011238", "name": "冯某", "another ID number": "110101199003074514"}[typed_as_id]
    path = tmp_path / "b.yaml"
    path.write_text(text.replace("- id: KN-2023-004", f"- id: '{wrong}'", 1), "utf-8")
    doc = load(str(path))
    ctx = Context(dt.date(2025, 12, 31), dt.date(2025, 1, 1), dt.date(2025, 12, 31), {}, None, None, {}, b"k" * 32)
    summary = hrd._active_files(view(doc, dt.date(2025, 12, 31)), ctx)
    stored = pickle.dumps(summary)
    for secret in ("冯某", "褚某", "522601198001011238", "522601197512032044", "110101199003074514"):
        assert secret.encode("utf-8") not in stored and secret not in repr(summary)
    labels = [label for _, label, _, _ in summary[1]]
    assert labels == ["hardship.files[0]", "KN-2024-011"]
