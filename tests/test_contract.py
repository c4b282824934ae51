"""The data contract: registered by exactly one plugin, read from the schema's annotations, and the only
way the builtin rules learn what the engine knows."""

import ast

import pytest
from conftest import REFERENCE, REPO, cli, contract

from unioncheck import Contract, Document, hookimpl, pattern
from unioncheck.loader import load
from unioncheck.plugins import PluginError, collect_contract, plugin_manager
from unioncheck_rules import branch, dat

PLUGINS = REPO / "plugins" / "unioncheck_rules"


class _Second:
    @staticmethod
    @hookimpl
    def unioncheck_contract(register):
        register(Contract({"type": "object"}))


def test_exactly_one_plugin_registers_a_contract():
    pm = plugin_manager()
    second = _Second()
    pm.register(second, name="second-contract")
    try:
        with pytest.raises(PluginError, match="several plugins register a data contract.*second-contract"):
            collect_contract(pm)
    finally:
        pm.unregister(second)
    builtin = pm.get_plugin("builtin")
    pm.unregister(builtin)
    with pytest.raises(PluginError, match="no plugin registers a data contract"):
        collect_contract(pm)


def test_a_second_contract_from_a_plugin_file_stops_the_run_with_a_message(tmp_path):
    plugin = tmp_path / "other_contract.py"
    plugin.write_text(
        "from unioncheck import Contract, hookimpl\n\n"
        "@hookimpl\ndef unioncheck_contract(register):\n    register(Contract({'type': 'object'}))\n",
        "utf-8",
    )
    run = cli("check", REFERENCE, "--as-of", "2025-12-31", "--plugin", plugin)
    assert run.returncode == 2 and "only one may" in run.stderr and "Traceback" not in run.stderr


def test_identity_and_personal_fields_come_from_the_annotations():
    c = contract()
    data = load(str(REFERENCE)).data
    assert c.identify(data) == (data["branch"]["code"], data["branch"]["name"])
    assert c.identify({"branch": {"code": 7}}) == (None, None) and c.identify(["not", "a", "mapping"]) == (None, None)
    assert c.personal_fields == {"name", "id_number"}
    assert c.label(("congresses", 0, "date")) == "召开日期"


def _date_fields(schema):
    """Path patterns of every field of the schema that holds dates (ISO date format), following $refs."""
    found = set()

    def walk(node, where, seen):
        if not isinstance(node, dict):
            return
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/") and ref not in seen:
            walk(schema["$defs"][ref.rsplit("/", 1)[1]], where, seen | {ref})
        if node.get("format") == "date":
            found.add(where[:-1] if where[-1:] == ("*",) else where)  # a list of dates: the list's field
        for key, sub in (node.get("properties") or {}).items():
            walk(sub, where + (key,), seen)
        if isinstance(node.get("items"), dict):
            walk(node["items"], where + ("*",), seen)

    walk(schema, (), frozenset())
    return found


def test_every_date_field_declares_its_role_and_the_rules_read_them_from_there():
    roles = contract().annotated("date")
    assert set(roles.values()) <= {"event", "planned", "stamp"}
    assert _date_fields(contract().schema) == set(roles), (
        "a date field without a role (or a role on a field that holds no date)"
    )
    assert dat.EVENT_DATES == {where for where, role in roles.items() if role == "event"}
    dated = contract().annotated("dates_record")
    assert set(branch.DATED_BY.items()) == {(where[:-1], where[-1]) for where in dated}
    assert all(where[-2] == "*" and roles[where] for where in dated)  # a record's own date


def test_enum_words_come_from_the_annotations_read_before_validation(tmp_path):
    """An annotated word is read as its value by ``normalize`` (which the engine calls before
    ``validate``); the schema alone does not know it, and a near word gets the value as a hint."""
    target = tmp_path / "branch.yaml"
    target.write_text(REFERENCE.read_text("utf-8").replace("form: representative", "form: 职代会", 1), "utf-8")
    doc = load(str(target))
    (problem,) = contract().validate(doc)
    assert pattern(problem.path) == ("congresses", "*", "form")
    assert (problem.line, problem.column) == (doc.locate(problem.path).line, doc.locate(problem.path).column)
    contract().normalize(doc)
    assert not contract().validate(doc)
    target.write_text(REFERENCE.read_text("utf-8").replace("form: representative", "form: 职代", 1), "utf-8")
    doc = load(str(target))
    contract().normalize(doc)
    (problem,) = contract().validate(doc)
    assert "did you mean 'representative'? (职工代表大会)" in problem.message.en


def test_rule_modules_import_only_the_top_level_of_unioncheck():
    for module in sorted(PLUGINS.rglob("*.py")):
        tree = ast.parse(module.read_text("utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                assert not name.startswith("unioncheck."), f"{module.relative_to(REPO)} imports {name}"


def test_validate_takes_a_document():
    doc = Document("x.yaml", {"schema_version": 1})
    (problem,) = contract().validate(doc)
    assert problem.path == ("branch",) and "required field 'branch' is missing" in problem.message.en
