"""Plugins: third-party rules run like builtin ones; a broken one is contained or named."""

import datetime as dt
import json
import sys
import zipfile

import pytest
from conftest import REFERENCE, REPO, builtin, cli, where

from unioncheck import engine, hookimpl
from unioncheck.executors import Serial
from unioncheck.loader import load
from unioncheck.model import Rule, RuleDoc, Status, Text
from unioncheck.plugins import GROUP, PluginError, collect_contract, collect_rules, plugin_manager
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
                  title=Text("职工人数已登记", "Staff count recorded"),
                  basis="本地要求", check=staff_recorded,
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
    staff = load(str(REFERENCE)).data["branch"]["staff_count"]
    assert mine == [{**mine[0], "status": "pass", "message": f"{staff} staff", "family": "XYZ"}]
    assert mine[0]["location"]["line"] == where(REFERENCE, "branch", "staff_count").line
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
    given = engine.Settings(dt.date(2025, 12, 31), 2025, profile, contract=collect_contract(plugin_manager()))
    report = engine.check(rules, [str(REFERENCE)], given, Serial())
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


def _dist(site, name, version, entry_points=None, kind="dist-info"):
    info = site / f"{name}-{version}.{kind}"
    info.mkdir(parents=True)
    (info / ("METADATA" if kind == "dist-info" else "PKG-INFO")).write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", "utf-8"
    )
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points, "utf-8")


def test_entry_points_are_read_as_importlib_metadata_reads_them(tmp_path, monkeypatch):
    """The plugins' own reader of entry_points.txt (importing importlib.metadata was a tenth of a
    single-file check) finds what importlib.metadata finds: the same distributions (the first of a
    name on the path), the same lines of the group, in the same order."""
    from importlib.metadata import entry_points as reference

    from unioncheck.plugins import _plain_search_path, entry_points

    first, second = tmp_path / "first", tmp_path / "second"
    group = "[unioncheck]\n"
    scripts = "# a comment\n[console_scripts]\nalpha = alpha:main\n\n"
    _dist(first, "alpha_rules", "1.0", scripts + group + "alpha = a.b:c\n")
    _dist(first, "Beta.Rules", "2.0", group + "  beta =  beta_rules  \nbeta_more = beta_rules.more:plugin [extra]\n")
    _dist(first, "gamma", "1.0")  # no entry points at all
    _dist(first, "delta_rules", "0.1", group + "delta = delta_rules\n", kind="egg-info")
    _dist(second, "Alpha_Rules", "9.9", group + "alpha = shadowed\n")  # the same distribution, later on the path
    _dist(second, "epsilon", "1.0", "[other.group]\nx = y\n" + group + "epsilon = eps:plugin\n")
    (second / "not-a-dist.txt").write_text("", "utf-8")
    monkeypatch.setattr(sys, "path", [str(first), str(second), str(tmp_path / "missing"), *sys.path])
    assert _plain_search_path()
    mine = [(ep.name, ep.value) for ep in entry_points(GROUP)]
    assert mine == [(ep.name, ep.value) for ep in reference(group=GROUP)]
    assert ("alpha", "a.b:c") in mine and ("alpha", "shadowed") not in mine and ("epsilon", "eps:plugin") in mine


def test_entry_points_of_this_installation_are_importlib_metadatas():
    from importlib.metadata import entry_points as reference

    from unioncheck.plugins import entry_points

    assert [(ep.name, ep.value) for ep in entry_points(GROUP)] == [(ep.name, ep.value) for ep in reference(group=GROUP)]


def test_an_entry_point_loads_the_object_it_names(tmp_path, monkeypatch):
    from unioncheck.plugins import EntryPoint

    (tmp_path / "pkg_ep").mkdir()
    (tmp_path / "pkg_ep" / "__init__.py").write_text("", "utf-8")
    (tmp_path / "pkg_ep" / "mod.py").write_text("class Holder:\n    plugin = 'the plugin'\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert EntryPoint("x", "pkg_ep.mod:Holder.plugin [extra]").load() == "the plugin"
    assert EntryPoint("x", "pkg_ep.mod").load().__name__ == "pkg_ep.mod"


def test_a_zip_file_on_the_search_path_is_left_to_importlib_metadata(tmp_path, monkeypatch):
    from importlib.metadata import entry_points as reference

    import unioncheck.plugins as plugins

    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("zipped_rules-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: zipped_rules\nVersion: 1.0\n")
        zf.writestr("zipped_rules-1.0.dist-info/entry_points.txt", "[unioncheck]\nzipped = zipped_rules\n")
    monkeypatch.setattr(sys, "path", [str(archive), *sys.path])
    assert not plugins._plain_search_path()
    found = [(ep.name, ep.value) for ep in plugins.entry_points(GROUP)]
    assert ("zipped", "zipped_rules") in found
    assert found == [(ep.name, ep.value) for ep in reference(group=GROUP)]
