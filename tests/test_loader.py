"""Loading: positions for every value, and hazards refused with a located message."""

import datetime as dt

from unioncheck.calendar import Calendar
from unioncheck.loader import load

from conftest import REFERENCE


def _write(tmp_path, content, name="branch.yaml"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


def test_every_value_has_its_line_and_column():
    doc = load(str(REFERENCE))
    assert doc.ok
    assert doc.positions[("branch", "staff_count")] == (15, 16)
    assert doc.positions[("congresses", 1, "delegates_present")] == (39, 24)
    assert doc.positions[("postings", 6, "evidence", 0)][0] == 160
    assert str(doc.locate(("congresses", 1, "no_such_field"))) == f"{REFERENCE}:35:5"


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
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i-1}'] * 10)}]" for i in range(1, 9)]
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
