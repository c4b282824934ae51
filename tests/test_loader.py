"""Loading: positions for every value, and hazards refused with a located message."""

import datetime as dt
import os

import pytest
import yaml
from conftest import REFERENCE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unioncheck.calendar import Calendar
from unioncheck.loader import contents, discover, load, shown_path


def _write(tmp_path, content, name="branch.yaml"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


def _found(text, needle, after=None):
    """(line, column), counted from 1, of the first ``needle`` in ``text`` at or after the line holding
    ``after``: where an editor shows it, found by reading the text, not by the loader."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    for number, line in enumerate(lines[start:], start + 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in the text")


def _value(text, key, value, after=None):
    """Where the value of ``key: value`` starts."""
    line, column = _found(text, f"{key}: {value}", after)
    return line, column + len(key) + 2


def test_every_value_has_its_line_and_column():
    doc = load(str(REFERENCE))
    assert doc.ok
    text = REFERENCE.read_text("utf-8")
    data = yaml.safe_load(text)
    staff = data["branch"]["staff_count"]
    assert doc.positions[("branch", "staff_count")] == _value(text, "staff_count", staff)
    session = [c["id"] for c in data["congresses"]].index("C2025-1")
    present = data["congresses"][session]["delegates_present"]
    at = _value(text, "delegates_present", present, after="id: C2025-1")
    assert doc.positions[("congresses", session, "delegates_present")] == at
    posting = next(i for i, p in enumerate(data["postings"]) if p.get("evidence"))
    scan = data["postings"][posting]["evidence"][0]
    assert doc.positions[("postings", posting, "evidence", 0)] == _found(text, scan, after="postings:")
    line, column = _found(text, "id: C2025-1")  # a key the file lacks: the record it would belong to
    assert str(doc.locate(("congresses", session, "no_such_field"))) == f"{REFERENCE}:{line}:{column}"


def test_dates_stay_as_written_for_the_schema():
    doc = load(str(REFERENCE))
    assert doc.data["congresses"][1]["date"] == "2025-03-14"
    assert doc.data["postings"][0]["covers"] == "2024" and doc.data["postings"][1]["covers"] == "2024-Q4"


def test_utf8_bom_and_windows_line_endings_are_read(tmp_path):
    text = REFERENCE.read_text("utf-8").replace("\n", "\r\n")
    doc = load(_write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8")))
    assert doc.ok and doc.data["branch"]["name"] == "县人民医院工会委员会"


def test_gbk_file_is_refused_with_the_encoding_and_the_fix(tmp_path):
    doc = load(_write(tmp_path, "schema_version: 1\nbranch:\n  name: 县人民医院工会委员会\n".encode("gbk")))
    assert not doc.ok
    message = doc.problems[0].message
    assert "GBK/GB18030" in message.en and "iconv -f GB18030 -t UTF-8" in message.en
    assert "另存为" in message.zh and "第 3 行" in message.zh


def test_duplicate_key_is_located(tmp_path):
    doc = load(_write(tmp_path, "schema_version: 1\nbranch:\n  code: A\n  code: B\n"))
    problem = doc.problems[0]
    assert (problem.line, problem.column) == (4, 3) and "first at line 3" in problem.message.en


def test_several_documents_in_one_file_are_refused(tmp_path):
    doc = load(_write(tmp_path, "schema_version: 1\n---\nschema_version: 1\n"))
    assert "one YAML document per file" in doc.problems[0].message.en


def test_alias_blow_up_is_bounded(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    doc = load(_write(tmp_path, "\n".join(lines) + "\n"))
    assert not doc.ok and "aliases" in doc.problems[0].message.en


def test_python_tags_are_refused_not_run(tmp_path):
    marker = tmp_path / "ran"
    doc = load(_write(tmp_path, f"schema_version: !!python/object/apply:os.system ['touch {marker}']\n"))
    assert not doc.ok and "not allowed" in doc.problems[0].message.en
    assert not marker.exists()


@pytest.mark.parametrize(
    "tagged",
    ["!!bool maybe", "!!bool '2'", "!!int '08'", "!!int '0o17'", "!!int 'x'", "!!float '1e5'", "!!float 'abc'"],
)
def test_an_explicit_tag_on_text_it_cannot_read_is_a_located_problem(tmp_path, tagged):
    doc = load(_write(tmp_path, f"schema_version: 1\nbranch:\n  staff_count: {tagged}\n"))
    assert not doc.ok and doc.problems[0].line == 3
    assert tagged.split()[1].strip("'") in doc.problems[0].message.en


@pytest.mark.parametrize(
    "typed, key, meant",
    [
        ("  staff_count：45", "staff_count", "staff_count: 45"),
        ("  staff_count ：45", "staff_count", "staff_count: 45"),
        ("  - id：C2025-1", "id", "id: …"),
        ("  chair：王某", "chair", "chair: …"),
    ],
)
def test_a_full_width_colon_after_a_key_is_named_at_its_own_line(tmp_path, typed, key, meant):
    """The commonest slip of a Chinese input method: PyYAML says, in English, that it could not
    find a ':' a line later; the user is told what is wrong, where, and what to write. A value with
    letters in it is not quoted: the file could not be read, so it is not known which are personal
    (more slips in test_yamlslips.py)."""
    lines = ["schema_version: 1", "branch:", "  code: SQZ", typed, "  unit_type: township_health_center"]
    doc = load(_write(tmp_path, "\n".join(lines) + "\n"))
    problem = doc.problems[0]
    assert not doc.ok and problem.line == 4 and problem.column == typed.index("：") + 1
    assert "全角冒号" in problem.message.zh and f"'{key}' is followed by a full-width colon" in problem.message.en
    assert f"write {meant}" in problem.message.en and meant in problem.message.zh


def test_a_full_width_colon_in_a_value_is_not_blamed_for_another_error(tmp_path):
    text = "branch:\n  name: 县医院：工会\n  code: 'unclosed\n"
    doc = load(_write(tmp_path, text))
    assert not doc.ok and "full-width" not in doc.problems[0].message.en


def test_working_days_follow_the_official_calendar():
    cal = Calendar()
    # 2023-01-02 was the New Year holiday; 2023-01-28/29 (a weekend) were adjusted working days (调休)
    assert cal.working_days(dt.date(2022, 12, 30), dt.date(2023, 1, 6)).count == 5
    assert cal.working_days(dt.date(2023, 1, 28), dt.date(2023, 2, 1)).count == 5
    assert cal.working_days(dt.date(2024, 10, 1), dt.date(2024, 10, 7)).count == 0  # National Day week
    unknown = cal.working_days(dt.date(2030, 3, 4), dt.date(2030, 3, 8))
    assert unknown.unknown_years == (2030,)


class _PyYAML(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's own safe loader with its stock resolver, dates kept as written: the reference."""


_PyYAML.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))

TRICKY = [
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "~",
    "null",
    "Null",
    "",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1_000",
    "1:20",
    "190:20:30",
    "+12",
    "-0",
    ".inf",
    "-.Inf",
    ".NaN",
    "1e3",
    "1.5e-3",
    "6.8523015e+5",
    "2025-01-01",
    "2025-1-1",
    "2025-01-01 10:00:00",
    "2025-01-01T10:00:00Z",
    "=",
    "true",
    "False",
    "TRUE",
    "3.",
    ".5",
    "0.",
    "1,000",
    "12:30",
    "+.inf",
    "0o",
    "0x",
    "_1",
    "1__2",
    "-",
    "--",
    "- a",
    "a b",
    "#x",
    "%",
    "@x",
    "`x`",
]


def _same_as_pyyaml(text: str, tmp_path) -> None:
    doc = load(_write(tmp_path, text))
    try:
        expected = yaml.load(text, Loader=_PyYAML)
    except yaml.YAMLError:
        assert not doc.ok, text
        return
    if doc.ok:
        assert doc.data == expected and _types(doc.data) == _types(expected), text


def _types(value):
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__ if not isinstance(value, float) or value == value else "nan"


def test_data_equals_pyyamls_own_on_the_fixtures_and_a_generated_county(tmp_path):
    import sys

    from conftest import DEMO, REPO

    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    files = [REFERENCE, *sorted(DEMO.glob("*.yaml")), *generate(tmp_path / "county", 60, 0.5, 7)]
    for file in files:
        text = file.read_text("utf-8")
        assert load(str(file)).data == yaml.load(text, Loader=_PyYAML), file


def test_data_equals_pyyamls_own_on_tricky_scalars_plain_and_quoted(tmp_path):
    lines = []
    for i, value in enumerate(TRICKY):
        lines += [f"p{i}: {value}", f"s{i}: '{value}'", f'd{i}: "{value}"', f"l{i}: [{value}]"]
    _same_as_pyyaml("\n".join(lines) + "\n", tmp_path)
    for value in TRICKY:  # one by one too: a value PyYAML refuses must not hide the others
        _same_as_pyyaml(f"k: {value}\nm:\n  - {value}\n  - {{x: {value}}}\n", tmp_path)


@settings(
    max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet="01289abeEfnNoOtTxyY:._-+~ '\"#[]{},!&*<=%@`\n", max_size=24))
def test_data_equals_pyyamls_own_on_fuzzed_values(tmp_path, value):
    _same_as_pyyaml(f"key: {value}\nlist:\n  - {value}\n", tmp_path)


# ---- numbers in YAML 1.1 forms: refused with the number meant, never read as another value ----

FIELDS = [  # (the line as the reference file has it, the record it is in): counts, votes, an amount, a period
    ("staff_count: 426", None),
    ("delegates_present: 61", "id: C2025-1"),
    ("votes_for: 57", "id: C2025-1-R2"),
    ("seats: 7", "id: E2018"),
]


def _with(text, line, after, value):
    """``text`` with the value of ``line`` (below the line holding ``after``) replaced by ``value``."""
    key = line.split(":")[0]
    at, _ = _found(text, line, after)
    lines = text.splitlines(keepends=True)
    lines[at - 1] = lines[at - 1].replace(line, f"{key}: {value}", 1)
    return "".join(lines), _value("".join(lines), key, value, after)


def _yaml_reads(written):
    return yaml.load(f"v: {written}", Loader=_PyYAML)["v"]


@pytest.mark.parametrize("line,after", FIELDS)
@pytest.mark.parametrize("written", ["046", "-046", "0777", "00", "0_46"])
def test_a_leading_zero_is_refused_showing_the_octal_reading_and_the_number_meant(tmp_path, line, after, written):
    text, at = _with(REFERENCE.read_text("utf-8"), line, after, written)
    doc = load(_write(tmp_path, text))
    (problem,) = doc.problems
    assert (problem.line, problem.column) == at
    read = _yaml_reads(written)
    meant = int(written.replace("_", ""), 10)
    assert read != meant or written == "00"  # what YAML 1.1 does with it
    assert f"{written} has a leading zero and YAML reads it as octal {read}; write {meant}" in problem.message.en
    assert f"八进制 {read}；应写成 {meant}" in problem.message.zh
    assert f'quote it: "{written}"' in problem.message.en and line.split(":")[0] in problem.message.en


@pytest.mark.parametrize("line,after", FIELDS)
@pytest.mark.parametrize("written", ["1:30", "190:20:30", "-1:05", "1:30.5", "1_0:30"])
def test_base_60_is_refused_saying_how_yaml_reads_it(tmp_path, line, after, written):
    text, at = _with(REFERENCE.read_text("utf-8"), line, after, written)
    (problem,) = load(_write(tmp_path, text)).problems
    assert (problem.line, problem.column) == at
    read = _yaml_reads(written)
    assert isinstance(read, (int, float)) and str(read).rstrip("0").rstrip(".") in problem.message.en
    assert f"YAML reads {written} as a base-60 number" in problem.message.en
    assert "plain digits" in problem.message.en and f'quote it: "{written}"' in problem.message.en
    assert "六十进制" in problem.message.zh


@pytest.mark.parametrize(
    "written,says",
    [
        ("0x2E", "as the hexadecimal number 46: write it in decimal, 46"),
        ("-0x1F", "as the hexadecimal number -31"),
        ("0b101110", "as the binary number 46"),
        ("1_000", "ignores the underscores in 1_000 and reads 1000"),
        ("1_0.5", "write 10.5"),
        (".inf", "as infinity"),
        ("-.Inf", "as infinity"),
        (".NaN", "as not-a-number"),
        ("1.0e+999", "as infinity"),  # a float past the largest one: infinity too
        ("0x_", "cannot read 0x_ as a number"),  # PyYAML's resolver takes it for a number it cannot build
    ],
)
def test_other_yaml_1_1_number_forms_are_refused_with_what_yaml_reads(tmp_path, written, says):
    for line, after in FIELDS + [("amount: 2000", None)]:
        text, at = _with(REFERENCE.read_text("utf-8"), line, after, written)
        (problem,) = load(_write(tmp_path, text)).problems
        assert (problem.line, problem.column) == at, (line, written)
        assert says in problem.message.en, problem.message.en


@pytest.mark.parametrize("written", ["0", "-0", "46", "+46", "-46", "46.5", "046.5", "0.5", ".5", "1.5e-3", "3."])
def test_plain_numbers_are_read_as_yaml_reads_them(tmp_path, written):
    for line, after in FIELDS:
        text, _ = _with(REFERENCE.read_text("utf-8"), line, after, written)
        doc = load(_write(tmp_path, text))
        key = line.split(":")[0]
        value = next(v for path, _, v in _leaves(doc.data) if path[-1] == key and v == _yaml_reads(written))
        assert type(value) is type(_yaml_reads(written))


def _leaves(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, path + (i,))
    else:
        yield path, None, data


@pytest.mark.parametrize("written", ["046", "1:30", "0x2E", "1_000", ".inf", "0777"])
def test_quoted_numbers_stay_text(tmp_path, written):
    text = REFERENCE.read_text("utf-8")
    text = text.replace("code: XRMYY", f'code: "{written}"').replace("where: 院务公开栏", f"where: '{written}'", 1)
    doc = load(_write(tmp_path, text))
    assert doc.ok, doc.problems
    assert doc.data["branch"]["code"] == written and written in [p.get("where") for p in doc.data["postings"]]


def test_numbers_as_keys_and_list_items_are_refused_too(tmp_path):
    for text, line in [("schema_version: 1\n046: x\n", 2), ("a:\n  - 1\n  - 1:30\n", 3), ("a: [1, 0x10]\n", 1)]:
        (problem,) = load(_write(tmp_path, text)).problems
        assert problem.line == line and "YAML reads" in problem.message.en, problem.message.en


# ---- numbers too long for any count: refused before Python converts them ----------------------


@pytest.mark.parametrize(
    "line,after", FIELDS + [("amount: 2000", None), ("household_size: 4", None), ("covers: 2024-Q4", None)]
)
@pytest.mark.parametrize("written", ["7" * 5000, "-" + "9" * 4301, "1" * 21, "0x" + "f" * 5000, "1" * 5000 + ".5"])
def test_a_huge_number_in_any_field_is_a_located_problem(tmp_path, line, after, written):
    text, at = _with(REFERENCE.read_text("utf-8"), line, after, written)
    (problem,) = load(_write(tmp_path, text)).problems
    assert (problem.line, problem.column) == at
    digits = sum(c.isalnum() for c in written.lstrip("-").split(".")[0])
    assert f"a number of {digits} digits" in problem.message.en and "put quotes around" in problem.message.en
    assert written not in problem.message.en + problem.message.zh  # never echoed


def test_an_id_number_without_quotes_is_still_a_number_for_the_schema_to_explain(tmp_path):
    text = REFERENCE.read_text("utf-8")
    doc = load(_write(tmp_path, text.replace("household_size: 4", "household_size: " + "1" * 20, 1)))
    assert doc.ok and 10**19 < max(f["household_size"] for f in doc.data["hardship"]["files"])


# ---- files that are not regular files: refused before anything opens them ---------------------


def _special_files(tmp_path):
    """A FIFO, a socket, and a symlink to a character device, each named like a branch file."""
    import socket

    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "socket.yaml"))
    (tmp_path / "device.yaml").symlink_to(os.devnull)
    return {"fifo.yaml": "a named pipe (FIFO)", "socket.yaml": "a socket", "device.yaml": "a character device"}, sock


def test_a_fifo_a_socket_or_a_device_is_refused_without_being_opened(tmp_path, monkeypatch):
    kinds, sock = _special_files(tmp_path)
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    try:
        for name, kind in kinds.items():
            (problem,) = load(str(tmp_path / name)).problems
            assert f"not a regular file but {kind}" in problem.message.en and "不是普通文件" in problem.message.zh
        assert load(str(REFERENCE)).ok  # a regular file is opened and read as ever
    finally:
        sock.close()
    assert opened == [str(REFERENCE)]


def test_a_directory_walk_yields_special_files_for_loading_to_refuse(tmp_path):
    kinds, sock = _special_files(tmp_path)
    try:
        (tmp_path / "good.yaml").write_bytes(REFERENCE.read_bytes())
        found = {os.path.basename(f): load(f) for f in discover([str(tmp_path)])}
    finally:
        sock.close()
    assert set(found) == set(kinds) | {"good.yaml"}
    assert found["good.yaml"].ok and not any(doc.ok for name, doc in found.items() if name in kinds)


def test_contents_reads_what_load_reads_and_nothing_special(tmp_path):
    kinds, sock = _special_files(tmp_path)
    sock.close()
    assert contents(str(REFERENCE)) == REFERENCE.read_bytes()
    assert contents(str(REFERENCE), max_bytes=10) is None
    assert all(contents(str(tmp_path / name)) is None for name in kinds)
    assert contents(str(tmp_path / "missing.yaml")) is None


# ---- file names that are not UTF-8: read, judged, and shown readably ----------------------------

GBK_NAME = "石桥.yaml".encode("gbk")  # what a Windows zip file holds


def test_a_gbk_file_name_is_read_and_shown_decoded(tmp_path):
    path = os.path.join(os.fsencode(tmp_path), GBK_NAME)
    with open(path, "wb") as out:
        out.write(REFERENCE.read_bytes())
    (found,) = discover([str(tmp_path)])
    assert any("\udc80" <= c <= "\udcff" for c in found)  # the operating system's name: bytes escaped
    doc = load(found)
    assert doc.ok and doc.path == found
    assert doc.file == os.path.join(str(tmp_path), "石桥.yaml") and doc.locate(("branch",)).file == doc.file
    assert doc.directory == tmp_path.resolve()
    doc.file.encode("utf-8")  # can be written anywhere


@pytest.mark.parametrize(
    "raw,shown",
    [
        (b"plain.yaml", "plain.yaml"),
        ("县医院/石桥.yaml".encode("utf-8"), "县医院/石桥.yaml"),
        (b"d/" + GBK_NAME, "d/石桥.yaml"),
        ("县医院/".encode("utf-8") + GBK_NAME, "县医院/石桥.yaml"),  # a UTF-8 directory, a GBK name
        (GBK_NAME[:-5] + b"/" + "石桥.yaml".encode("utf-8"), "石桥/石桥.yaml"),
        (b"\x80\xff.yaml", "\ufffd\ufffd.yaml"),  # neither UTF-8 nor GB18030
    ],
)
def test_shown_path_decodes_each_part_as_gb18030_or_with_replacement_characters(raw, shown):
    assert shown_path(os.fsdecode(raw)) == shown
