"""Loading: positions for every value, and hazards refused with a located message."""

import datetime as dt

import yaml
from conftest import REFERENCE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unioncheck.calendar import Calendar
from unioncheck.loader import load


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
