"""``unioncheck init``: a commented Chinese skeleton of a branch file, derived from the contract's
schema and annotations. It loads and passes the schema as written for every unit type and congress
form, but is not compliant; its commented examples, once uncommented, load and pass the schema too;
``--set`` names fields by label or dotted key and values by label or code, and refuses what the
contract does not know (exit 2) with the closest choices; an existing file is never overwritten."""

import itertools
import json
import os
import re

import pytest
from conftest import cli, contract

from unioncheck import Contract
from unioncheck.cli_params import SetupError
from unioncheck.loader import load
from unioncheck.skeleton import skeleton
from unioncheck.starters import starter_values

YEAR = 2025


def _by_label(label):
    """The path pattern and vocabulary of the one field the contract labels ``label``."""
    (where,) = [w for w, text in contract().annotated("label").items() if text == label]
    return where, contract().vocabularies[where]


UNIT_TYPE, UNIT_TYPES = _by_label("单位类型")
FORM, FORMS = _by_label("会议形式")
COMBINATIONS = list(itertools.product(UNIT_TYPES.choices, FORMS.choices))


def _judged(tmp_path, text, name="skeleton.yaml"):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    doc = load(str(path))
    assert doc.ok, [(p.line, p.message.en) for p in doc.problems]
    contract().normalize(doc)
    return doc, contract().validate(doc)


def _uncommented(text: str) -> str:
    """The skeleton with every list's [] deleted and every commented field and example line
    uncommented (its "# " deleted), as the skeleton's own instructions say."""
    lines = []
    for line in text.splitlines():
        found = re.match(r"^( +)# (.*)$", line)
        if found and re.match(r"^ *(- |[a-z_]+:)", found.group(2)):
            line = found.group(1) + found.group(2)
        lines.append(re.sub(r"^(\s*[a-z_]+): \[\](\s+#.*)?$", r"\1:\2", line))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("unit_type, form", COMBINATIONS)
def test_the_skeleton_of_every_unit_type_and_form_loads_and_passes_the_schema(tmp_path, unit_type, form):
    starters = starter_values(contract(), [f"单位类型={UNIT_TYPES.label(unit_type)}", f"会议形式={form}"])
    text, placeholders = skeleton(contract(), starters, "石桥镇卫生院.yaml", YEAR)
    doc, problems = _judged(tmp_path, text)
    assert not problems, [p.message.en for p in problems]
    assert doc.data["branch"]["unit_type"] == unit_type
    assert f"unit_type: {UNIT_TYPES.label(unit_type)} " in text  # written as its Chinese label
    assert placeholders and all(p in text for p in placeholders)
    examples, problems = _judged(tmp_path, _uncommented(text), "examples.yaml")
    assert not problems, [p.message.en for p in problems]
    assert examples.data["congresses"][0]["form"] == form  # the --set value shapes the list's example


def test_every_field_of_the_contract_is_in_the_skeleton_with_its_label():
    text, _ = skeleton(contract(), {}, "x.yaml", YEAR)
    for where, label in contract().annotated("label").items():
        key = where[-1] if where[-1] != "*" else where[-2]
        assert re.search(rf"^ *(# )? *(- )?{key}:.*# {re.escape(label)}", text, re.MULTILINE), (where, label)


def test_the_uncommented_examples_hold_every_field_of_every_list_item(tmp_path):
    text, _ = skeleton(contract(), {}, "x.yaml", YEAR)
    doc, problems = _judged(tmp_path, _uncommented(text))
    assert not problems
    for where in contract().annotated("label"):
        assert _present(doc.data, where), where


def _present(data, where):
    if not where:
        return True
    if where[0] == "*":
        return isinstance(data, list) and bool(data) and _present(data[0], where[1:])
    return isinstance(data, dict) and where[0] in data and _present(data[where[0]], where[1:])


def test_the_skeleton_is_not_compliant_and_its_examples_once_filled_check(tmp_path):
    """Written as it is, and with its examples uncommented and filled in, the file is judged
    without a data-format error: findings, never a DAT001 error; as written, nothing pretends."""
    text, _ = skeleton(contract(), starter_values(contract(), ["会议形式=职工大会"]), "x.yaml", YEAR)
    filled = _uncommented(text).replace("TODO", "SQZWSY").replace("待填写", "X1")
    for name, content in (("as-written.yaml", text), ("filled.yaml", filled)):
        (tmp_path / name).write_text(content, "utf-8")
        run = cli("check", tmp_path / name, "--as-of", f"{YEAR}-12-31", "--no-cache", "-f", "json")
        assert run.returncode == 1, run.stderr
        results = [r for b in json.loads(run.stdout)["branches"] for r in b["results"]]
        assert not [r for r in results if r["rule"] == "DAT001" and r["status"] == "error"], name
        assert any(r["status"] == "fail" for r in results), name


def test_init_writes_the_file_and_says_where_in_both_languages(tmp_path):
    run = cli("init", "-o", "石桥镇卫生院.yaml", "--set", "单位类型=卫生院", "--set", "会议形式=职工大会", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "已写入" in run.stderr and "wrote a branch file skeleton to 石桥镇卫生院.yaml" in run.stderr
    assert "单位类型：卫生院" in run.stderr and "branch.unit_type=township_health_center" in run.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["石桥镇卫生院.yaml"]  # no temporary file left behind
    doc = load(str(tmp_path / "石桥镇卫生院.yaml"))
    contract().normalize(doc)
    assert doc.ok and not contract().validate(doc) and doc.data["branch"]["unit_type"] == "township_health_center"


def test_init_to_stdout(tmp_path):
    run = cli("init", "-o", "-", "--set", "branch.unit_type=cdc", cwd=tmp_path)
    assert run.returncode == 0 and "unit_type: 疾控中心" in run.stdout and not list(tmp_path.iterdir())


@pytest.mark.parametrize("existing", ["file", "symlink", "dangling symlink", "folder"])
def test_init_never_overwrites_anything(tmp_path, existing):
    target = tmp_path / "b.yaml"
    if existing == "file":
        target.write_text("mine\n", "utf-8")
    elif existing == "folder":
        target.mkdir()
    else:
        other = tmp_path / "other.txt"
        if existing == "symlink":
            other.write_text("mine\n", "utf-8")
        target.symlink_to(other)
    before = {p.name: (p.read_bytes() if p.is_file() else None) for p in tmp_path.iterdir()}
    run = cli("init", "-o", target)
    assert run.returncode == 2 and "不会覆盖" in run.stderr and "is not overwritten" in run.stderr
    assert {p.name: (p.read_bytes() if p.is_file() else None) for p in tmp_path.iterdir()} == before


def test_a_file_made_while_init_runs_is_not_overwritten(tmp_path, monkeypatch):
    from unioncheck import skeleton as module

    target = tmp_path / "b.yaml"
    real_link = os.link

    def made_meanwhile(source, destination):
        target.write_text("someone else's\n", "utf-8")
        return real_link(source, destination)

    monkeypatch.setattr(os, "link", made_meanwhile)
    with pytest.raises(SetupError, match="is not overwritten"):
        module._write_new(str(target), "new\n")
    assert target.read_text("utf-8") == "someone else's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["b.yaml"]  # no temporary file left behind


@pytest.mark.parametrize(
    "name, says",
    [("b.txt", "*.yaml or *.yml"), ("unioncheck.yaml", "not unioncheck.yaml"), ("missing/b.yaml", "does not exist")],
)
def test_init_refuses_a_name_no_check_would_read_or_a_folder_that_is_not_there(tmp_path, name, says):
    run = cli("init", "-o", name, cwd=tmp_path)
    assert run.returncode == 2 and says in run.stderr and not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "pair, says",
    [
        ("单位类形=卫生院", "did you mean 单位类型"),
        ("单位类型=卫生", "did you mean 'township_health_center'? (卫生院)"),
        ("会议形式=职代", "did you mean 'representative'? (职工代表大会)"),
        ("unit_typ=cdc", "did you mean"),
        ("单位类型", "write FIELD=VALUE"),
        ("=卫生院", "write FIELD=VALUE"),
        ("档案编号=KN-01", "names several fields (hardship.assistance.file, hardship.files.id)"),
        ("职代会=x", "not a single value"),
        ("在职职工人数=很多", "expected integer"),
        ("数据日期=2025/3/14", "in ISO form as 2025-03-14"),
        ("基层工会代码=sqz", "a code uses only A-Z"),
        ("公开类别=工会经费公开", "did you mean 'union_finance'? (工会经费收支)"),
    ],
)
def test_a_bad_set_is_a_usage_error_naming_the_closest_choices(tmp_path, pair, says):
    run = cli("init", "-o", "b.yaml", "--set", pair, cwd=tmp_path)
    assert run.returncode == 2 and says in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and not list(tmp_path.iterdir())
    zh, en = run.stderr.split(" / --set", 1)
    assert re.search(r"[\u4e00-\u9fff]", zh) and en  # in both languages


def test_a_personal_field_is_not_set_and_its_value_never_echoed(tmp_path):
    run = cli("init", "-o", "b.yaml", "--set", "hardship.files.name=冯某", cwd=tmp_path)
    assert run.returncode == 2 and "personal data" in run.stderr and "冯某" not in run.stderr + run.stdout


@pytest.mark.parametrize(
    "pair, where, value",
    [
        ("单位类型=卫生院", ("branch", "unit_type"), "township_health_center"),
        ("单位类型＝ 乡镇卫生院 ", ("branch", "unit_type"), "township_health_center"),  # a full-width '＝'
        ("branch.unit_type=CDC", ("branch", "unit_type"), "cdc"),
        ("unit_type=其他", ("branch", "unit_type"), "other"),
        ("congresses.form=general", ("congresses", "*", "form"), "general"),
        ("congresses.*.form=职代会", ("congresses", "*", "form"), "representative"),
        ("在职职工人数=45", ("branch", "staff_count"), 45),
        ("同时选举经审委员会=是", ("elections", "*", "audit_committee_elected"), True),
        ("公开类别=collective_contract", ("postings", "*", "category"), "collective_contract"),  # an open vocabulary
        ("工会名称=石桥镇卫生院工会", ("branch", "name"), "石桥镇卫生院工会"),
    ],
)
def test_set_takes_a_label_or_a_dotted_key_and_a_label_or_a_code(pair, where, value):
    assert starter_values(contract(), [pair]) == {where: value}


def test_the_skeleton_comes_from_whatever_contract_is_registered(tmp_path):
    """A contract of other fields: the skeleton is made of them, nothing of the branch contract's."""
    schema = {
        "type": "object",
        "required": ["shop"],
        "additionalProperties": False,
        "properties": {
            "shop": {
                "type": "object",
                "required": ["size", "colour", "opened"],
                "additionalProperties": False,
                "properties": {
                    "size": {"type": "integer", "minimum": 3, "x-unioncheck": {"label": "面积"}},
                    "colour": {
                        "enum": ["red", "blue"],
                        "x-unioncheck": {"label": "颜色", "values": {"red": ["红色"], "blue": ["蓝色"]}},
                    },
                    "opened": {"type": "string", "format": "date", "x-unioncheck": {"label": "开业日期"}},
                    "motto": {"type": "string", "x-unioncheck": {"label": "口号"}},
                },
                "x-unioncheck": {"label": "店铺"},
            },
            "sales": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["amount"],
                    "additionalProperties": False,
                    "properties": {"amount": {"type": "number", "minimum": 0, "x-unioncheck": {"label": "金额"}}},
                },
                "x-unioncheck": {"label": "销售"},
            },
        },
    }
    other = Contract(schema)
    text, _ = skeleton(other, starter_values(other, ["颜色=蓝色"]), "shop.yaml", YEAR)
    assert "colour: 蓝色" in text and "size: 3" in text and "# motto: 待填写" in text and "sales: []" in text
    assert "branch" not in text and "unit_type" not in text
    for content in (text, _uncommented(text)):
        (tmp_path / "shop.yaml").write_text(content, "utf-8")
        doc = load(str(tmp_path / "shop.yaml"))
        other.normalize(doc)
        assert doc.ok and not other.validate(doc) and doc.data["shop"]["colour"] == "blue"


def test_a_value_that_yaml_would_read_as_something_else_is_quoted(tmp_path):
    for given in ("yes", "1:30", "# 不是注释", "0701", "a: b", " 前后有空格 "):
        starters = {("branch", "name"): given}
        text, _ = skeleton(contract(), starters, "x.yaml", YEAR)
        path = tmp_path / "x.yaml"
        path.write_text(text, "utf-8")
        doc = load(str(path))
        assert doc.ok and doc.data["branch"]["name"] == given, given


def test_init_is_in_the_command_list():
    run = cli("--help")
    assert run.returncode == 0 and "init" in run.stdout
