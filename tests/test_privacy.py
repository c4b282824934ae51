"""Names and ID numbers in hardship files never reach any output, whatever is wrong with them, and
wherever else in the file they were typed: every format in both languages, the deadlines, the
baseline and the results cache. Election results (elected members' names) are public and stay."""

import copy
import json
import pickle
import shutil
import sqlite3
import zipfile
import zlib

import pytest
import yaml
from click.testing import CliRunner
from conftest import REFERENCE, builtin, contract, settings
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from unioncheck import engine
from unioncheck.cli import main
from unioncheck.executors import Serial
from unioncheck.model import BranchReport, Result, Status, Text
from unioncheck.privacy import HIDDEN, Mask
from unioncheck.reporters import REPORTERS

NAMES = ["冯某", "褚某", "卫某"]  # the reference file's hardship names and ID numbers
NUMBERS = ["522601198001011238", "522601197512032044", "522631199005173317"]
ELECTED = "刘某"  # elected in E2018 and E2023: an election result, public

# Each mistake: (what it replaces in the reference file, what it writes instead, the personal value
# a message about it would quote). The value is one of the file's own hardship names or ID numbers
# or one shaped like an ID number; each kind of field a message quotes is tried.
MISTAKES = {
    "household-size-id": ("household_size: 4", 'household_size: "522601198001011238"', NUMBERS[0]),
    "staff-count-name": ("staff_count: 426", "staff_count: 褚某", "褚某"),
    "total-id-unquoted": ("delegates_total: 68", "delegates_total: 522601197512032044", NUMBERS[1]),
    "term-years-id": ("term_years: 5", 'term_years: "522601198001011238"', NUMBERS[0]),
    "votes-name": ("{name: 刘某, votes: 331}", "{name: 刘某, votes: 冯某}", "冯某"),
    "opened-on-name": ("opened_on: 2023-01-09", "opened_on: 冯某", "冯某"),
    "congress-date-id": ("date: 2025-03-14", 'date: "522631199005173317"', NUMBERS[2]),
    "form-name": ("form: representative", "form: 卫某", "卫某"),
    "unit-type-name": ("unit_type: hospital", "unit_type: 褚某", "褚某"),
    "file-status-id": ("status: active", 'status: "522601198001011238"', NUMBERS[0]),
    "category-name": ("category: relative", "category: 褚某", "褚某"),
    "posting-category-id": ("{category: hardship_aid,", '{category: "522601197512032044",', NUMBERS[1]),
    "evidence-name": ("- evidence/2025/congress-minutes.pdf", "- evidence/2025/冯某.pdf", "冯某"),
    "evidence-id": ("evidence/2025/q3-posting.jpg", "evidence/522631199005173317.jpg", NUMBERS[2]),
    "assistance-file-name": ("{file: KN-2023-004,", "{file: 冯某,", "冯某"),
    "assistance-file-id": (
        "{file: KN-2024-011, date: 2025-08-15",
        '{file: "522601197512032044", date: 2025-08-15',
        NUMBERS[1],
    ),
    "file-id-is-id-number": ("id: KN-2024-011", 'id: "522601197512032044"', NUMBERS[1]),
    "file-id-is-name": ("id: KN-2023-004", "id: 冯某", "冯某"),
    "approved-by-name": ("approved_by: C2025-1-R2", "approved_by: 卫某", "卫某"),
    "covers-id": ("covers: C2025-1,", 'covers: "522631199005173317",', NUMBERS[2]),
    "election-id-name": ("- id: E2023", "- id: 卫某", "卫某"),
    "branch-name-is-a-name": ("name: 县人民医院工会委员会", "name: 冯某", "冯某"),
    "code-is-id-number": ("code: XRMYY", 'code: "522601198001011238"', NUMBERS[0]),
    "name-as-key": ("      name: 冯某\n", "      name: 冯某\n      冯某: 522601198001011238\n", "冯某"),
    "id-number-as-key": ("  data_as_of:", '  "522601197512032044": 1\n  data_as_of:', NUMBERS[1]),
    "stranger-as-key": ("  register_reviewed_on:", "  张大山: {household_size: 3}\n  register_reviewed_on:", "张大山"),
}
# mistakes the messages never quoted, even before the mask (kept: they must stay hidden)
QUIET = {
    "bad-check-digit": ('"522601198001011238"', '"522601198001011239"'),
    "unquoted-number": ('"522601197512032044"', "522601197512032044"),
    "number-as-name": ("name: 卫某", "name: 522631199005173317"),
    "duplicate-name-key": ("      name: 褚某\n", "      name: 褚某\n      name: 褚某\n"),
    "list-as-number": ('"522631199005173317"', "[522631199005173317]"),
    "name-in-an-id-number": ('"522631199005173317"', '"卫某"'),
    "lower-case-x": ('"522601197512032044"', '"52260119751203204x"'),
}
# an elected member's name typed into a date: quoted, as it always was (public) ...
PUBLIC = ("reported_to_superior_on: 2018-06-01", "reported_to_superior_on: 刘某")
# ... unless a hardship file of the same branch has that name
PUBLIC_BUT_ALSO_HARDSHIP = PUBLIC + ("name: 冯某", "name: 刘某")


def _variant(*replacements) -> str:
    text = REFERENCE.read_text("utf-8")
    for old, new in zip(replacements[::2], replacements[1::2]):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _write(folder, text, index):
    shutil.copytree(REFERENCE.parent / "evidence", folder / "evidence")
    if "code: XRMYY" in text:
        text = text.replace("code: XRMYY", f"code: X{index:02d}", 1)  # the branch codes differ
    (folder / "branch.yaml").write_text(text, "utf-8")


def _corpus(tmp_path, public=False):
    """Every mistake (and, with ``public``, the election variants), one branch each, under ``tmp_path``."""
    texts = {name: _variant(old, new) for name, (old, new, _) in MISTAKES.items()}
    texts.update({name: _variant(*swap) for name, swap in QUIET.items()})
    texts["ok"] = REFERENCE.read_text("utf-8")
    if public:
        texts["public"] = _variant(*PUBLIC)
        texts["public-but-also-hardship"] = _variant(*PUBLIC_BUT_ALSO_HARDSHIP)
    for index, (name, text) in enumerate(sorted(texts.items())):
        _write(tmp_path / name, text, index)
    return tmp_path


def _secrets(corpus) -> set[str]:
    """Every hardship name and ID number of every corpus file, and each mistake's personal value."""
    found = {value for _, _, value in MISTAKES.values()} | set(NAMES) | set(NUMBERS)
    for file in corpus.rglob("branch.yaml"):
        data = yaml.safe_load(file.read_text("utf-8"))
        for record in data["hardship"]["files"]:
            for field in ("name", "id_number"):
                value = record.get(field)
                found.update(str(v) for v in (value if isinstance(value, list) else [value]) if v is not None)
    return found


def _text_of(path):
    """Everything a file says: for a workbook, every part inside it."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as book:
            return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    return path.read_text("utf-8-sig")


def _leaks(text: str, secrets) -> list[str]:
    return sorted(s for s in secrets if s in text or s.upper() in text)


# ---- the corpus tempts every message --------------------------------------------------------


def _judged_text(file) -> str:
    """Everything judging ``file`` gives (report, summaries, lookups), as text."""
    rules = builtin()[0]
    given = settings()
    plan = engine.Plan.of(rules, given)
    judged = next(Serial().map(plan, [str(file)]))
    return repr(judged.branch()) + repr(judged.summaries) + repr(judged.lookups)


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_without_the_mask_each_mistake_is_quoted_and_with_it_hidden(tmp_path, monkeypatch, name):
    """Each mistake of the corpus does put its value into what judging gives (so the tests below
    can fail), and the mask hides it there."""
    old, new, value = MISTAKES[name]
    _write(tmp_path, _variant(old, new), 0)
    assert value not in _judged_text(tmp_path / "branch.yaml")

    class Open(Mask):
        def text(self, text):
            return text

        def part(self, part):
            return part

    monkeypatch.setattr(engine, "_mask", lambda plan, doc: Open())
    assert value in _judged_text(tmp_path / "branch.yaml")


# ---- every output ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_personal_data_in_any_format(tmp_path, fmt, lang):
    corpus = _corpus(tmp_path / "data")
    target = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(
        main, ["check", str(corpus), "--as-of", "2025-12-31", "--format", f"{fmt}:{target}", "--lang", lang]
    )
    output = result.output + _text_of(target)
    assert result.exit_code == 1  # the broken variants are reported ...
    assert "DAT001" in output and "HRD003" in output and "HRD006" in output
    assert not _leaks(output, _secrets(corpus))  # ... without quoting anyone


def test_no_personal_data_in_the_baseline_or_on_the_terminal(tmp_path):
    corpus = _corpus(tmp_path / "data")
    baseline = tmp_path / "baseline.json"
    result = CliRunner().invoke(main, ["check", str(corpus), "--as-of", "2025-12-31", "--write-baseline", baseline])
    written = baseline.read_text("utf-8")
    assert json.loads(written)["findings"]  # the findings are there ...
    assert HIDDEN in written
    assert not _leaks(written + result.output, _secrets(corpus))  # ... named without anyone's data
    again = CliRunner().invoke(main, ["check", str(corpus), "--as-of", "2025-12-31", "--baseline", baseline])
    assert again.exit_code == 0, again.output  # and the masked findings still match the baseline


def test_no_personal_data_in_deadlines(tmp_path):
    corpus = _corpus(tmp_path / "data")
    for fmt in ("table", "json", "ics"):
        # a year on, the reviews are overdue: open obligations, listed (a review done for now is not)
        result = CliRunner().invoke(main, ["due", str(corpus), "--as-of", "2026-12-31", "--within", "400", "-f", fmt])
        assert result.exit_code == 0
        assert "KN-2024-011" in result.output  # hardship reviews falling due, named by file id ...
        assert not _leaks(result.output, _secrets(corpus))  # ... never by person


def _stored(database) -> str:
    """Everything the cache database holds, as text: its bytes, and each value unpickled (and
    decompressed, were it compressed) down to the reports inside."""
    parts = [database.read_bytes().decode("utf-8", "replace")]
    db = sqlite3.connect(database)
    try:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in db.execute(f"SELECT * FROM {table}"):  # noqa: S608 (names from the database itself)
                parts.extend(_opened(value) for value in row)
    finally:
        db.close()
    return "\n".join(parts)


def _opened(value) -> str:
    if not isinstance(value, bytes):
        return repr(value)
    for unpack in (lambda v: v, zlib.decompress):
        try:
            judged = pickle.loads(unpack(value))
        except Exception:
            continue
        inside = judged.branch() if isinstance(judged, engine.Judged) and judged.report else None
        return repr(judged) + repr(inside)
    return value.decode("utf-8", "replace")


def test_the_cache_stores_no_personal_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the cache is made in the working directory
    corpus = _corpus(tmp_path / "data")
    reports = []
    for jobs in ("1", "1", "2"):  # cold, warm, and warm with workers
        target = tmp_path / f"r{len(reports)}.json"
        result = CliRunner().invoke(
            main, ["check", str(corpus), "--as-of", "2025-12-31", "-f", f"json:{target}", "-j", jobs]
        )
        assert result.exit_code == 1, result.output
        reports.append(json.loads(target.read_text("utf-8"))["branches"])
    assert reports[0] == reports[1] == reports[2]  # the masked entries answer as judging does
    stored = _stored(tmp_path / ".unioncheck_cache" / "results.sqlite3")
    assert "KN-2024-011" in stored and "hardship.files" in stored  # the search reads what is stored ...
    assert not _leaks(stored, _secrets(corpus))  # ... and finds nobody


# ---- public names -----------------------------------------------------------------------------


def test_election_results_are_not_masked_unless_a_hardship_file_has_the_name(tmp_path):
    corpus = _corpus(tmp_path / "data", public=True)
    target = tmp_path / "r.json"
    CliRunner().invoke(main, ["check", str(corpus), "--as-of", "2025-12-31", "-f", f"json:{target}", "--lang", "en"])
    branches = {  # each branch's messages and subject
        b["file"].split("/")[-2]: "\n".join([b["name"] or ""] + [r["messages"]["en"] for r in b["results"]])
        for b in json.loads(target.read_text("utf-8"))["branches"]
    }
    assert f'"{ELECTED}" is not a valid date' in branches["public"]  # quoted as it always was
    assert ELECTED not in branches["public-but-also-hardship"]  # here it is also a hardship file's name
    assert f'"{HIDDEN}" is not a valid date' in branches["public-but-also-hardship"]


# ---- the mask itself --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "got 522601198001011238",
        "got 522601198001011239 (check digit wrong)",
        "got 52260119800101123X",
        "got 52260119800101123x",
        "old form 522601800101123",
        "evidence/522601198001011238.pdf",
        "KN522601198001011238",
        "５２２６０１１９８００１０１１２３８",  # full-width digits
    ],
)
def test_anything_shaped_like_an_id_number_is_hidden(text):
    masked = Mask().text(text)
    assert HIDDEN in masked
    assert not any(run in masked for run in ("5226011980", "522601800", "５２２６"))


@pytest.mark.parametrize("text", ["votes 1234567890123456789", "amount 1234567890123", "2025-03-14", "C2025-1-R2"])
def test_other_numbers_are_not_taken_for_id_numbers(text):
    assert Mask().text(text) == text


def test_a_file_s_own_values_are_hidden_wherever_they_occur():
    mask = Mask(["冯某", "Ann Lee", 'say "hi"', "x" * 80])
    assert mask.text("category 冯某 is not valid") == f"category {HIDDEN} is not valid"
    assert mask.text("file ann lee: overdue") == f"file {HIDDEN}: overdue"  # case does not matter
    assert mask.text("Annual report by Ann Leeds") == "Annual report by Ann Leeds"  # not inside other words
    assert mask.text('got "say \\"hi\\""') == f'got "{HIDDEN}"'  # the JSON-quoted form a message shows
    assert "xxxxxxxxxx" not in mask.text('got "' + "x" * 56 + '..."')  # and the cut-short form


def test_short_values_are_hidden_only_where_a_whole_text_is_them():
    mask = Mask(["王", "7", "12", "Li"])
    message = "王某 reviewed 7 files in 2012; Li Wei 12 seats; list"
    assert mask.text(message) == message  # one character, a short number, two letters: not searched for
    assert mask.text("王") == mask.text(" 7 ") == mask.text("li") == HIDDEN
    assert mask.part("Li") == HIDDEN and mask.part("list") == "list" and mask.part(3) == 3


def test_personal_values_come_from_the_contract_s_personal_fields():
    data = yaml.safe_load(_variant("name: 冯某", "name: [冯某, {x: 甲乙}]"))
    found = contract().personal_values(data)
    assert found == {"冯某", "x", "甲乙", "褚某", "卫某", *NUMBERS}  # every scalar inside a wrong type too
    assert ELECTED not in found and "县人民医院工会委员会" not in found  # election results, the branch's name


def _plainly_masked(values, text: str) -> str:
    """The mask the plain way: one expression of every value's forms, applied to every text."""
    import re

    from unioncheck.privacy import ID_NUMBER, _alternative, _forms, _searchable

    typed = {v.strip() for v in values if isinstance(v, str) and v.strip()}
    if text.strip().casefold() in {v.casefold() for v in typed}:
        return HIDDEN
    searched = sorted({f for v in typed if _searchable(v) for f in _forms(v)}, key=len, reverse=True)
    if searched:
        text = re.compile("|".join(map(_alternative, searched)), re.IGNORECASE).sub(HIDDEN, text)
    return ID_NUMBER.sub(HIDDEN, text)


_PIECES = [
    *("冯某", "褚某", "Ann Lee", "ANN LEE", "ann", "Annual", "522601198001011238", "52260119800101123X"),
    *("522601800101123", "１２３", "ß", "SS", "ſ", "K", "\u212a", ' "', "\\", "x" * 70, " ", "：", "7", "王"),
    *("-", "/", "0"),
    *("\x00", "Σ", "ς", "ΑΣ", "123456789012", "1234567"),  # the separator of prepared texts, a final sigma, digits
]


def _prepared(values, texts: list[str]) -> list[str]:
    """The mask's answers to ``texts`` handed to it together first (as ``engine.hidden`` does)."""
    mask = Mask(values)
    mask.prepare(texts)
    return [mask.text(text) for text in texts]


@examples(max_examples=400, deadline=None, derandomize=True)
@given(
    values=st.lists(st.sampled_from(_PIECES) | st.text(min_size=1, max_size=8), max_size=5),
    texts=st.lists(st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=8).map("".join), max_size=6),
)
def test_the_mask_s_quick_way_gives_what_the_plain_way_gives(values, texts):
    mask = Mask(values)
    for text in texts + texts:  # twice: the second answer comes from the memo
        assert mask.text(text) == _plainly_masked(values, text), (values, text)
    assert _prepared(values, texts) == [_plainly_masked(values, text) for text in texts], (values, texts)


def test_the_mask_s_quick_way_gives_what_the_plain_way_gives_for_every_pair_of_pieces():
    texts = [a + b for a in _PIECES for b in _PIECES] + _PIECES
    for value in _PIECES:
        mask = Mask([value])
        plain = [_plainly_masked([value], t) for t in texts]
        assert [mask.text(t) for t in texts] == plain, value
        assert _prepared([value], texts) == plain, value
    for values in ([], ["冯某", "1234567"], ["Ann Lee\x00"]):  # together: what one text holds decides for others
        plain = [_plainly_masked(values, t) for t in texts]
        assert _prepared(values, texts) == plain, values
        assert _prepared(values, texts[::-1]) == plain[::-1], values


def test_a_prepared_mask_still_finds_an_id_number_that_hiding_a_value_leaves():
    """19 digits are no ID number, but once a value opening with a wide digit (a digit to the
    expression, not a letter or digit to a value's bounds) is hidden, the 18 left are one: the
    prepared mask looks for ID numbers in a text with 15 digits in a row, not only in one with an
    ID number as typed."""
    text = "账号 123456789012345678１冯某"
    values = ["１冯某"]
    assert _plainly_masked(values, text) == f"账号 {HIDDEN}{HIDDEN}"
    assert _prepared(values, [text, "别的"]) == [_plainly_masked(values, text), "别的"]
    assert Mask(values).text(text) == _plainly_masked(values, text)


_TEXTS = st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=5).map("".join)


@examples(max_examples=200, deadline=None, derandomize=True)
@given(
    values=st.lists(st.sampled_from(_PIECES) | st.text(min_size=1, max_size=8), max_size=4),
    results=st.lists(
        st.tuples(_TEXTS, _TEXTS, st.lists(_TEXTS | st.integers(0, 3), max_size=3), st.none() | _TEXTS), max_size=5
    ),
    summary=st.recursive(
        _TEXTS | st.integers(), lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXTS, inner, max_size=3)
    ),
)
def test_hiding_a_report_with_its_texts_prepared_gives_what_masking_each_text_gives(values, results, summary):
    """``engine.hidden`` hands the mask every text first (``Mask.prepare``): the report and the
    summary it gives are those of masking each text as it is met (``engine._hidden``, a fresh mask)."""
    report = BranchReport(
        "x.yaml",
        "B1",
        "某工会",
        [Result(Status.FAIL, Text(zh, en), path=tuple(p), subject=s) for zh, en, p, s in results],
    )
    assert engine.hidden(Mask(values), copy.deepcopy(report)) == engine._hidden(Mask(values), copy.deepcopy(report))
    assert engine.hidden(Mask(values), copy.deepcopy(summary)) == engine._hidden(Mask(values), copy.deepcopy(summary))
