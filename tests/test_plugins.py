"""Plugins: third-party rules run like builtin ones; a broken one is contained or named."""

import datetime as dt
import json

import pytest
from conftest import REFERENCE, REPO, builtin, cli, settings

from unioncheck import engine, hookimpl
from unioncheck.loader import load
from unioncheck.model import Rule, RuleDoc, Status, Text
from unioncheck.plugins import PluginError, collect_rules, plugin_manager
from unioncheck.profile import load_profile

THIRD_PARTY = """
from unioncheck import hookimpl, Result, Rule, RuleDoc, Status, Text

def staff_recorded(document, ctx):
    staff = document.data["branch"]["staff_count"]
    yield Result(Status.PASS if staff > 0 else Status.FAIL, Text(f"职工 {staff} 人", f"{staff} staff"),
                 path=("branch", "staff_count"))

@hookimpl
def unioncheck_rules(register):
    register(Rule(code="XYZ001", family="XYZ", name="staff-recorded",
                  title=Text("职工人数已登记", "Staff count recorded"), basis="本地要求", check=staff_recorded,
                  doc=RuleDoc(Text("检查", "checks"), Text("因为", "because"), Text("改正", "fix it"))))
"""


def _install(site, module, source, entry_point):
    """Install a plugin the way pip would leave it: a module and a dist-info with an entry point."""
    (site / f"{module}.py").write_text(source, "utf-8")
    info = site / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n", "utf-8")
    (info / "entry_points.txt").write_text(f"[unioncheck]\n{entry_point}\n", "utf-8")


def test_installed_third_party_plugin_is_listed_and_runs(tmp_path):
    _install(tmp_path, "xyz_rules", THIRD_PARTY, "xyz = xyz_rules")
    env = {"PYTHONPATH": str(tmp_path)}
    listed = json.loads(cli("rules", "--format", "json", env=env).stdout)
    assert {"code": "XYZ001", "plugin": "xyz"}.items() <= next(r for r in listed if r["code"] == "XYZ001").items()
    run = cli("check", REFERENCE, "--as-of", "2025-12-31", "--format", "json", "--lang", "en", env=env)
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)["branches"][0]["results"]
    mine = [r for r in results if r["rule"] == "XYZ001"]
    assert mine == [{**mine[0], "status": "pass", "message": "426 staff", "family": "XYZ"}]
    assert mine[0]["location"]["line"] == 15
    assert any(r["rule"] == "CGR001" for r in results)


def test_plugin_that_fails_to_load_is_named_and_exits_2(tmp_path):
    _install(tmp_path, "broken_rules", "raise ImportError('missing dependency foo')\n", "broken = broken_rules")
    run = cli("check", REFERENCE, env={"PYTHONPATH": str(tmp_path)})
    assert run.returncode == 2
    assert "plugin 'broken' (broken_rules) failed to load" in run.stderr and "missing dependency foo" in run.stderr
    assert "Traceback" not in run.stderr


def test_plugin_from_an_explicit_path_is_announced(tmp_path):
    plugin = tmp_path / "local_rules.py"
    plugin.write_text(THIRD_PARTY, "utf-8")
    run = cli("check", REFERENCE, "--as-of", "2025-12-31", "--plugin", plugin, "--select", "XYZ")
    assert run.returncode == 0
    assert f"loaded plugin file: {plugin}" in run.stderr
    assert "XYZ" in run.stdout


def _rule(code, check, scope="branch"):
    return Rule(
        code=code,
        family="TST",
        name=code.lower(),
        title=Text("测试", "test"),
        basis="-",
        check=check,
        doc=RuleDoc(Text("", ""), Text("", ""), Text("", "")),
        scope=scope,
    )


class Misbehaving:
    """A throw-away plugin whose rules crash or return rubbish."""

    @hookimpl
    def unioncheck_rules(self, register):
        def crash(document, ctx):
            raise KeyError("522601198001011238")  # what a careless plugin might raise

        def rubbish(document, ctx):
            return ["not a result"]

        def crash_all(documents, ctx):
            raise RuntimeError("boom")

        register(_rule("TST001", crash))
        register(_rule("TST002", rubbish))
        register(_rule("TST003", crash_all, scope="dataset"))


def test_misbehaving_rules_become_error_results_and_others_still_run():
    pm = plugin_manager()
    plugin = Misbehaving()
    pm.register(plugin, name="misbehaving")
    try:
        rules = collect_rules(pm)
    finally:
        pm.unregister(plugin)
    _, registered = builtin()
    profile = load_profile("county-health-bureau", rules, registered)
    report = engine.run(rules, [load(str(REFERENCE))], settings(dt.date(2025, 12, 31), 2025, profile))
    by_rule = {r.rule: r for r in report.branches[0].results}
    assert by_rule["TST001"].status == Status.ERROR
    assert "rule TST001 (plugin misbehaving) crashed: KeyError" in by_rule["TST001"].message.en
    assert "522601198001011238" not in by_rule["TST001"].message.en  # the exception's text may hold personal data
    assert by_rule["TST002"].status == Status.ERROR and "malformed result" in by_rule["TST002"].message.en
    assert by_rule["TST003"].status == Status.ERROR and "crashed: RuntimeError" in by_rule["TST003"].message.en
    assert by_rule["CGR001"].status == Status.PASS and by_rule["HRD006"].status == Status.PASS


def test_a_rule_code_registered_twice_is_refused():
    class Clash:
        @hookimpl
        def unioncheck_rules(self, register):
            register(_rule("CGR001", lambda d, c: []))

    pm = plugin_manager()
    clash = Clash()
    pm.register(clash, name="clash")
    try:
        with pytest.raises(PluginError, match="rule code CGR001 registered twice"):
            collect_rules(pm)
    finally:
        pm.unregister(clash)


def test_builtin_rules_come_through_the_entry_point():
    rules, profiles = builtin()
    assert {r.plugin for r in rules} == {"builtin"}
    assert "county-health-bureau" in profiles


def test_the_readme_plugin_example_runs(tmp_path):
    readme = (REPO / "README.md").read_text("utf-8")
    example = readme.split("```python\n", 1)[1].split("```", 1)[0]
    plugin = tmp_path / "my_rules.py"
    plugin.write_text(example, "utf-8")
    run = cli("check", REFERENCE, "--as-of", "2025-12-31", "--plugin", plugin, "--select", "LOC", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert [r["rule"] for r in json.loads(run.stdout)["branches"][0]["results"]] == ["LOC001"]
