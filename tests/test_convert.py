"""unioncheck convert: a branch file from YAML to a workbook and back, losing nothing.

Either the file it writes reads back as the same data (an empty list and no list being the
same), or it writes nothing and names every place that would not survive; an existing file is
never overwritten; a bad argument is exit 2 in both languages; no message quotes a name or an ID
number. The YAML it writes is laid out by the contract, quoted only where YAML would misread.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from branchdocs import documents
from click.testing import CliRunner
from conftest import DEMO, DEMO_FILES, REFERENCE, REPO, contract, where
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from test_privacy import _corpus, _leaks, _secrets
from test_workbook_defaults import defaulted

from unioncheck.cli import main
from unioncheck.layout import _resolved
from unioncheck.loader import Document, load, read_document
from unioncheck.lossless import differences
from unioncheck.writing import build
from unioncheck.yamlwriting import yaml_text

INVALID = DEMO / "09-SLZWSY.yaml"  # a date written 2025/3/20 and a misspelt field


def run(*args):
    return CliRunner().invoke(main, ["convert", *map(str, args)], catch_exceptions=False)


def convertible() -> list:
    """The fixtures that are branch files convert takes: the reference and every demo file it can."""
    return [REFERENCE, *(f for f in map(Path, DEMO_FILES) if f != INVALID)]


def read(path):
    return read_document(str(path), layout=contract().layout)


def generated(folder, count=24):
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    return generate(folder, count, 0.5, 15)


# ---- lossless both ways ------------------------------------------------------------------------


@pytest.mark.parametrize("source", convertible(), ids=lambda p: p.stem)
def test_a_branch_file_becomes_a_workbook_and_a_yaml_file_again_with_the_same_data(source, tmp_path):
    book, back = tmp_path / "branch.xlsx", tmp_path / "branch.yaml"
    first = run(source, book)
    assert first.exit_code == 0, first.output
    assert "已写入" in first.stderr and "wrote" in first.stderr and str(book.name) in first.stderr
    second = run(book, back)
    assert second.exit_code == 0, second.output
    given = load(str(source))
    assert read(book).ok and not differences(given.data, read(book).data)
    assert load(str(back)).ok and not differences(given.data, load(str(back)).data)
    again = tmp_path / "again.xlsx"  # and the YAML it wrote converts again, to the same cells
    assert run(back, again).exit_code == 0
    assert read(again).data == read(book).data


def test_a_generated_county_survives_both_ways(tmp_path):
    for source in generated(tmp_path / "county"):
        book = source.with_suffix(".xlsx")
        back = source.with_name(source.stem + "-back.yaml")
        assert run(source, book).exit_code == 0, source
        assert run(book, back).exit_code == 0, source
        assert not differences(load(str(source)).data, load(str(back)).data), source


@examples(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents(contract().schema))
def test_any_valid_branch_file_becomes_a_workbook_and_back_unchanged(tmp_path_factory, data):
    doc = Document("generated.yaml", data=data)
    assert not contract().validate(doc)  # the strategy makes valid files
    # a value left out where a workbook's empty cell takes a default is refused (test_workbook_defaults)
    assume(not defaulted(data))
    folder = tmp_path_factory.mktemp("roundtrip")
    source = folder / "branch.yaml"
    source.write_text(yaml_text(data, contract().schema), "utf-8")
    assert load(str(source)).data == data  # the YAML written reads back as the data itself
    book, back = folder / "branch.xlsx", folder / "back.yaml"
    converted = run(source, book)
    assert converted.exit_code == 0, converted.output
    assert run(book, back).exit_code == 0
    assert not differences(data, load(str(back)).data)


# ---- nothing is lost: a refusal names each place, and writes nothing ----------------------------


def _variant(tmp_path, old, new, name="branch.yaml"):
    text = REFERENCE.read_text("utf-8")
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def _refused(source, target, *expected):
    """Convert, expecting a refusal whose lines hold each of ``expected``; nothing may be written."""
    folder = target.parent
    before = sorted(p.name for p in folder.iterdir())
    result = run(source, target)
    assert result.exit_code == 1, result.output
    assert "未转换" in result.stderr and "not converted" in result.stderr
    for text in expected:
        assert text in result.stderr, (text, result.stderr)
    assert sorted(p.name for p in folder.iterdir()) == before  # no target, no temporary file left
    return result.stderr


def test_a_demo_file_whose_values_would_change_is_refused_at_each_line(tmp_path):
    date = where(INVALID, "congresses", "C2025-1", "date")
    out = _refused(INVALID, tmp_path / "out.xlsx", f":{date.line}:{date.column}: congresses[1].date", "2025-03-20")
    typo = load(str(INVALID)).locate(("congresses", 1, "delegate_present"))
    assert f":{typo.line}:{typo.column}: congresses[1].delegate_present" in out and "no place for it" in out


@pytest.mark.parametrize(
    "old, new, field, why",
    [
        ("  chair: 王某", "  chair: 王某\n  deputy: 李某", "branch.deputy", "no place for it"),
        ("  chair: 王某", "  chair:", "branch.chair", "empty (null)"),
        ("unit: 县人民医院", "unit: ' 县人民医院'", "branch.unit", 'would read back as "县人民医院"'),
        ("  staff_count: 426", "  staff_count: 426\n  extra: {a: 1}", "branch.extra", "no place for it"),
    ],
    ids=["unknown-field", "null", "spaces", "unknown-section"],
)
def test_a_value_a_workbook_cannot_hold_is_refused_by_its_field_and_line(tmp_path, old, new, field, why):
    source = _variant(tmp_path, old, new)
    out = _refused(source, tmp_path / "out.xlsx", field, why)
    assert re.search(rf"branch\.yaml:\d+:\d+: {re.escape(field)}", out), out


@pytest.mark.parametrize(
    "old, new, path, value",
    [
        ("unit_type: hospital", "unit_type: 医院", ("branch", "unit_type"), "hospital"),
        (
            "audit_committee_elected: true",
            "audit_committee_elected: '是'",
            ("elections", 0, "audit_committee_elected"),
            True,
        ),
    ],
    ids=["label-for-a-choice", "yes-as-text"],
)
def test_a_label_is_the_value_it_names_as_a_check_reads_it(tmp_path, old, new, path, value):
    source = _variant(tmp_path, old, new)
    book, back = tmp_path / "branch.xlsx", tmp_path / "back.yaml"
    assert run(source, book).exit_code == 0
    assert run(book, back).exit_code == 0
    node = load(str(back)).data
    for part in path:
        node = node[part]
    assert node == value


def test_an_empty_section_is_refused(tmp_path):
    source = tmp_path / "branch.yaml"
    text = REFERENCE.read_text("utf-8")
    start, end = text.index("hardship:"), text.index("\n# ", text.index("hardship:"))
    source.write_text(text[:start] + "hardship:\n  files: []\n  assistance: []\n" + text[end:], "utf-8")
    _refused(source, tmp_path / "out.xlsx", "hardship", "empty section")


def test_empty_lists_are_no_loss(tmp_path):
    source = DEMO / "14-XJJZX.yaml"  # congresses: [] and hardship.files: []
    assert load(str(source)).data["congresses"] == []
    book = tmp_path / "branch.xlsx"
    assert run(source, book).exit_code == 0
    assert "congresses" not in read(book).data and not differences(load(str(source)).data, read(book).data)


def test_a_workbook_with_cells_it_cannot_read_is_refused_by_sheet_and_cell(tmp_path):
    from openpyxl import load_workbook

    book = tmp_path / "branch.xlsx"
    assert run(REFERENCE, book).exit_code == 0
    opened = load_workbook(book)
    sheet = opened[contract().layout.tables[0].name]
    sheet.cell(1, sheet.max_column + 1, "备注")  # a column of its own: not read, so it would be lost
    sheet.cell(2, sheet.max_column, "要紧的话")
    opened.save(book)
    out = _refused(book, tmp_path / "back.yaml", f"branch.xlsx {sheet.title}!")
    assert "备注" in out


def test_problems_that_survive_are_converted_and_said_to_be_there(tmp_path):
    source = _variant(tmp_path, "code: XRMYY", "code: xrmyy")  # lowercase: the same text in a cell
    book = tmp_path / "branch.xlsx"
    result = run(source, book)
    assert result.exit_code == 0, result.output
    assert "注意" in result.stderr and "problems with the data contract (1" in result.stderr
    form = contract().layout.form
    assert re.search(rf"branch\.xlsx {form.name}!B\d+: branch\.code", result.stderr), result.stderr
    back = tmp_path / "back.yaml"
    again = run(book, back)
    assert again.exit_code == 0 and re.search(r"back\.yaml:\d+:\d+: branch\.code", again.stderr)
    assert load(str(back)).data["branch"]["code"] == "xrmyy"


# ---- arguments ---------------------------------------------------------------------------------


def test_an_existing_target_is_never_overwritten(tmp_path):
    target = tmp_path / "branch.xlsx"
    target.write_bytes(b"keep me")
    result = run(REFERENCE, target)
    assert result.exit_code == 2 and "不会覆盖" in result.output and "not overwritten" in result.output
    assert target.read_bytes() == b"keep me"
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")  # a dangling link is a name taken too
    assert run(target.with_name("x.xlsx"), link).exit_code == 2


@pytest.mark.parametrize(
    "args, said",
    [
        (["missing.yaml", "out.xlsx"], "no such file"),
        (["{folder}", "out.xlsx"], "not a regular file"),
        (["{reference}"], "give the target"),
        (["{reference}", "out.yaml"], "end the target's name with .xlsx"),
        (["{reference}", "out.xlsm"], "end the target's name with .xlsx"),
        (["{reference}", "no-such-folder/out.xlsx"], "does not exist"),
        (["{old}", "out.yaml"], "save an .xls"),
        (["--stdout", "{reference}"], "a workbook (.xlsx)"),
        (["--stdout", "{book}", "out.yaml"], "not both"),
    ],
)
def test_bad_arguments_are_usage_errors_in_both_languages(tmp_path, monkeypatch, args, said):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    book = tmp_path / "book.xlsx"
    build(contract().layout, load(str(REFERENCE)).data).save(book)
    filled = [a.format(folder="folder.yaml", reference=REFERENCE, old="old.xls", book=book) for a in args]
    result = run(*filled)
    assert result.exit_code == 2, result.output
    assert said in result.output and re.search("[\u4e00-\u9fff]", result.output), result.output
    assert "Traceback" not in result.output and not (tmp_path / "out.xlsx").exists()


# ---- personal data -----------------------------------------------------------------------------


def test_no_message_quotes_a_name_or_an_id_number(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    secrets = _secrets(corpus)
    said = []
    for source in sorted(corpus.rglob("branch.yaml")):
        book = source.with_suffix(".xlsx")
        said.append(run(source, book).stderr)
        if book.exists():
            said.append(run(book, source.with_name("back.yaml")).stderr)
            said.append(run("--stdout", book).stdout.split("\n\n", 1)[0])  # the comments above the data
    assert len(said) > len(list(corpus.rglob("branch.yaml")))  # some were converted
    assert not _leaks("\n".join(said), secrets)


def test_the_data_keeps_its_names_and_id_numbers(tmp_path):
    book, back = tmp_path / "b.xlsx", tmp_path / "b.yaml"
    run(REFERENCE, book)
    run(book, back)
    files = load(str(back)).data["hardship"]["files"]
    assert [f["id_number"] for f in files] == [f["id_number"] for f in load(str(REFERENCE)).data["hardship"]["files"]]


# ---- the YAML it writes ------------------------------------------------------------------------


def test_the_yaml_follows_the_contract_s_order_with_a_header_naming_the_source(tmp_path):
    book, back = tmp_path / "县人民医院.xlsx", tmp_path / "back.yaml"
    run(REFERENCE, book)
    run(book, back)
    raw = back.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    header = text.split("\n\n", 1)[0].splitlines()
    assert all(line.startswith("# ") for line in header) and "县人民医院.xlsx" in header[0]
    schema = contract().schema
    root = _resolved(schema, schema)[0]
    top = [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert top == [k for k in root["properties"] if k in load(str(REFERENCE)).data]
    branch = _resolved(root["properties"]["branch"], schema)[0]
    keys = re.findall(r"^  ([a-z_]+):", text.split("branch:\n", 1)[1].split("\n\n", 1)[0], re.M)
    assert keys == [k for k in branch["properties"] if k in keys]


TRICKY = [
    "046", "0x2E", "1_000", "1:30", ".inf", "yes", "No", "on", "off", "~", "null", "true", "2025-03-14",
    "2025-03-14 10:00", " leading", "trailing ", "a: b", "# not a comment", "- item", "[x]", "{y}", "'q'",
    '"dq"', "line\nbreak", "tab\there", "*alias", "&anchor", "!tag", "%", "@", "`", "=SUM(A1)", "1e5", "+46",
    "", "中文：冒号", "sealed:v1:58208f33f3f7:abc", "\u3000全角空格", "3.",
]  # fmt: skip


def test_text_is_quoted_only_where_yaml_would_misread_it_and_loads_back_equal(tmp_path):
    data = load(str(REFERENCE)).data
    for i, text in enumerate(TRICKY):
        data["congresses"][0]["resolutions"][0]["title"] = text
        path = tmp_path / f"t{i}.yaml"
        path.write_text(yaml_text(data, contract().schema), "utf-8")
        doc = load(str(path))
        assert doc.ok and doc.data["congresses"][0]["resolutions"][0]["title"] == text, (text, doc.problems)
    plain = yaml_text(load(str(REFERENCE)).data, contract().schema)
    assert "  name: 县人民医院工会委员会\n" in plain and "    date: 2024-03-22\n" in plain  # plain text, plain dates
    assert re.search(r'id_number: "\d{17}[\dX]"', plain)  # an ID number of digits is quoted, as examples do
    dated = yaml.safe_load(plain)  # the dates are YAML dates to any reader; the loader keeps their text
    assert str(dated["congresses"][0]["date"]) == "2024-03-22"
    data["congresses"][0]["resolutions"][0]["title"] = "2025-03-14"
    assert 'title: "2025-03-14"' in yaml_text(data, contract().schema)  # a date where text is wanted: quoted


def test_a_file_name_cannot_break_out_of_the_header_comment(tmp_path):
    source = tmp_path / "a\nschema_version: 2.xlsx"
    shutil.copy(REFERENCE, tmp_path / "ref.yaml")
    assert run(tmp_path / "ref.yaml", source).exit_code == 0
    back = tmp_path / "back.yaml"
    assert run(source, back).exit_code == 0
    assert load(str(back)).data["schema_version"] == 1


# ---- git's textconv ----------------------------------------------------------------------------


def _git(repo, *args, env=None):
    import subprocess

    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env)
    assert done.returncode == 0, (args, done.stderr)
    return done


def _set_cell(book, sheet_name, header, row_key, value):
    """Write ``value`` in the column headed ``header``, in the row whose first cell is ``row_key``."""
    from openpyxl import load_workbook

    opened = load_workbook(book)
    sheet = opened[sheet_name]
    column = next(c.column for c in sheet[1] if str(c.value).rstrip("＊*") == header)
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == row_key)
    sheet.cell(row, column, value)
    opened.save(book)


def test_git_diff_shows_a_changed_cell_as_a_changed_yaml_line(tmp_path):
    import os

    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    _git(repo, "init", "-q", env=env)
    _git(repo, "config", "diff.unioncheck.textconv", "unioncheck convert --stdout", env=env)  # as docs say
    (repo / ".gitattributes").write_text("*.xlsx diff=unioncheck\n", "utf-8")
    book = repo / "县人民医院.xlsx"
    assert run(REFERENCE, book).exit_code == 0
    _git(repo, "add", "-A", env=env)
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "first", env=env)
    sheet = contract().layout.sheet("职代会")
    header = next(c.header for c in sheet.columns if c.path == ("delegates_present",))
    _set_cell(book, sheet.name, header, "C2025-1", 62)
    diff = _git(repo, "-c", "core.quotePath=false", "diff", env=env).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["-    delegates_present: 61", "+    delegates_present: 62"], diff


def test_stdout_prints_what_it_can_read_and_names_what_it_cannot(tmp_path):
    from openpyxl import load_workbook

    book = tmp_path / "branch.xlsx"
    assert run(REFERENCE, book).exit_code == 0
    opened = load_workbook(book)
    sheet = opened[contract().layout.tables[0].name]
    sheet.cell(1, sheet.max_column + 1, "备注")
    opened.save(book)
    printed = run("--stdout", book)
    assert printed.exit_code == 0  # git cannot show a diff when textconv fails
    comments, body = printed.stdout.split("\n\n", 1)
    assert "not read" in comments and f"{sheet.title}!" in comments and "备注" in comments
    assert yaml.safe_load(body)["branch"]["code"] == "XRMYY"
    assert str(tmp_path) not in printed.stdout  # git's temporary names would make every diff differ
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    printed = run(broken, "-")
    assert printed.exit_code == 0 and printed.stdout.startswith("# ") and "Excel" in printed.stdout


# ---- the same results from either form ---------------------------------------------------------


def _results(report_json: str) -> list:
    """Every branch's results without their locations (and the file, which differs by its suffix)."""
    report = json.loads(report_json)
    return [
        (b["code"], b["status"], [{k: v for k, v in r.items() if k != "location"} for r in b["results"]])
        for b in report["branches"]
    ], report["summary"]


def test_checking_the_yaml_and_the_workbook_of_a_branch_gives_the_same_results(tmp_path, monkeypatch):
    county = tmp_path / "county"
    shutil.copytree(DEMO, county)  # workbooks beside the YAML files: evidence is relative to a file's folder
    monkeypatch.chdir(county)
    sources = sorted(county.glob("*.yaml"))
    books = []
    for source in sources:
        book = source.with_suffix(".xlsx")
        result = run(source, book)
        assert result.exit_code == (1 if source.name == INVALID.name else 0), result.output
        books.append(book if book.exists() else source)  # the file convert refuses stays as it is
    assert sum(b.suffix == ".xlsx" for b in books) == len(sources) - 1
    check = ["check", "--as-of", "2025-12-31", "--no-cache", "-f", "json"]
    as_yaml = CliRunner().invoke(main, [*check, *map(str, sources)])
    as_books = CliRunner().invoke(main, [*check, *map(str, books)])
    assert as_yaml.exit_code == as_books.exit_code == 1
    assert _results(as_books.stdout) == _results(as_yaml.stdout)
    located = [r["location"] for b in json.loads(as_books.stdout)["branches"] for r in b["results"]]
    assert any(loc and loc.get("sheet") for loc in located)  # and the workbooks' findings are by sheet and cell


def test_an_empty_list_and_no_list_are_the_same_to_every_rule(tmp_path):
    """Each list the workbook has a sheet for, written [] or left out: the same results (where the
    contract requires a list, both are the same error)."""
    from conftest import check

    data = load(str(REFERENCE)).data
    for sheet in contract().layout.tables:
        owner = sheet.list_path[:-1]
        parents = [p for p in _paths(data, owner[:-1]) if isinstance(_at(data, p), dict)]
        if not parents:
            continue
        empty, gone = yaml.safe_load(yaml.safe_dump(data)), yaml.safe_load(yaml.safe_dump(data))
        for parent in parents:
            _at(empty, parent)[owner[-1]] = []
            _at(gone, parent).pop(owner[-1], None)
        folder = tmp_path / sheet.name
        shutil.copytree(REFERENCE.parent, folder)
        (folder / "empty.yaml").write_text(yaml_text(empty, contract().schema), "utf-8")
        (folder / "gone.yaml").write_text(yaml_text(gone, contract().schema), "utf-8")
        one, other = check([folder / "empty.yaml"]).branches[0], check([folder / "gone.yaml"]).branches[0]
        if any(r.rule == "DAT001" for r in one.results + other.results):
            assert [(r.rule, r.status) for r in one.results] == [(r.rule, r.status) for r in other.results]
        else:
            assert _plain(one) == _plain(other), sheet.name


def _plain(branch):
    return [(r.rule, r.status, r.message, r.key) for r in branch.results]


def _paths(data, pattern, at=()):
    """The data paths matching ``pattern`` ("*" for any list index)."""
    if not pattern:
        yield at
        return
    head, rest = pattern[0], pattern[1:]
    node = _at(data, at)
    if head == "*":
        for i in range(len(node) if isinstance(node, list) else 0):
            yield from _paths(data, rest, at + (i,))
    elif isinstance(node, dict) and head in node:
        yield from _paths(data, rest, at + (head,))


def _at(data, path):
    for part in path:
        data = data[part]
    return data


def test_a_file_yaml_cannot_read_is_refused_at_its_line(tmp_path):
    source = _variant(tmp_path, "  staff_count: 426", "  staff_count：426")  # a full-width colon
    out = _refused(source, tmp_path / "out.xlsx", "branch.yaml:")
    assert re.search(r"branch\.yaml:\d+:\d+: ", out) and "：" in out


TEXT_FIELDS = [("branch", "unit"), ("congresses", 0, "resolutions", 0, "title"), ("postings", 0, "where")]


@examples(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(TEXT_FIELDS), st.text(max_size=12))
def test_any_text_either_survives_or_is_refused_by_its_field(tmp_path_factory, field, text):
    """Whatever text a field holds (spaces around it, control characters, nothing), convert either
    writes a workbook holding it, or writes nothing and names that field."""
    data = load(str(REFERENCE)).data
    node = data
    for part in field[:-1]:
        node = node[part]
    node[field[-1]] = text
    folder = tmp_path_factory.mktemp("text")
    source = folder / "branch.yaml"
    source.write_text(yaml_text(data, contract().schema), "utf-8")
    if not load(str(source)).ok:
        return  # text YAML itself cannot hold (a character its reader refuses): not convert's to judge
    book = folder / "branch.xlsx"
    result = run(source, book)
    if result.exit_code == 0:
        assert not differences(data, read(book).data)
    else:
        assert result.exit_code == 1 and not book.exists()
        named = ".".join(str(p) for p in field if not isinstance(p, int))
        assert any(named.split(".")[-1] in line for line in result.stderr.splitlines()[:-1]), result.stderr
