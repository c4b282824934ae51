"""Whoever judges the files — this process, forked workers, spawned workers — the report is the
same; a worker that dies or a rule past its limit is that rule's error, and the run goes on."""

import time

import pytest
from conftest import DEMO_FILES, REFERENCE, builtin, settings, slow_plugin

from unioncheck import engine
from unioncheck.executors import Pool, Serial
from unioncheck.plugins import collect_rules, plugin_manager
from unioncheck.reporters import REPORTERS, Options

DIES_ON_XZYY = """
import os
from unioncheck import hookimpl, Rule, RuleDoc, Text

def dies(document, ctx):
    if document.data["branch"]["code"] == "XZYY":
        os._exit(3)          # as a crash in C code or the out-of-memory killer would end it
    return []

@hookimpl
def unioncheck_rules(register):
    register(Rule(code="DIE001", family="DIE", name="dies", title=Text("退出", "dies"), basis="-", check=dies,
                  doc=RuleDoc(Text("", ""), Text("", ""), Text("", ""))))
"""


def _json(rules, files, given, executor) -> str:
    report = engine.check(rules, files, given, executor)
    return REPORTERS["json"]().render(report, Options("en"))


def _plugin(tmp_path, name, source):
    path = tmp_path / name
    path.write_text(source, "utf-8")
    return path


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_pool_gives_the_report_this_process_gives(start_method):
    rules = builtin()[0]
    files = [str(f) for f in DEMO_FILES]
    alone = _json(rules, files, settings(), Serial())
    assert _json(rules, files, settings(), Pool(2, start_method=start_method)) == alone


def test_spawned_workers_rebuild_rules_from_plugin_files(tmp_path):
    """Windows and macOS spawn workers: they load the plugins themselves, --plugin files included."""
    plugin = _plugin(tmp_path, "dies.py", DIES_ON_XZYY.replace('== "XZYY"', '== "NO SUCH BRANCH"'))
    rules = collect_rules(plugin_manager((str(plugin),)))
    given = settings(plugins=(str(plugin),))
    files = [str(f) for f in DEMO_FILES]
    assert _json(rules, files, given, Pool(2, start_method="spawn")) == _json(rules, files, given, Serial())
    assert '"rule": "DIE001"' in _json(rules, files[:1], given, Pool(1, start_method="spawn"))


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_worker_that_dies_is_its_rules_error_on_that_file_and_the_run_goes_on(tmp_path, start_method):
    plugin = _plugin(tmp_path, "dies.py", DIES_ON_XZYY)
    rules = collect_rules(plugin_manager((str(plugin),)))
    given = settings(plugins=(str(plugin),))
    files = [str(f) for f in DEMO_FILES]
    report = engine.check(rules, files, given, Pool(2, start_method=start_method))
    assert [b.file for b in report.branches] == files
    for branch in report.branches:
        died = {r.rule: r for r in branch.results}.get("DIE001")
        if died is None:  # an invalid file: only the rules about the data as written judge it
            assert branch.status.value == "error"
        elif branch.code == "XZYY":
            assert died.status.value == "error" and "ended (exit code 3) while rule DIE001" in died.message.en
        else:
            assert died.status.value == "pass"
    alone = engine.check(builtin()[0], files, settings(), Serial())
    without = [[r for r in b.results if r.rule != "DIE001"] for b in report.branches]
    assert without == [b.results for b in alone.branches]  # every other rule judged every file as usual


def test_where_a_rule_cannot_be_stopped_in_place_its_worker_is_ended_and_replaced(tmp_path):
    """No SIGALRM (Windows): the pool's parent ends the worker of a rule past its limit."""
    plugin = slow_plugin(tmp_path)
    rules = collect_rules(plugin_manager((str(plugin),)))
    given = settings(plugins=(str(plugin),), rule_seconds=0.5)
    started = time.monotonic()
    report = engine.check(rules, [str(REFERENCE)] * 3, given, Pool(1, in_place=False))
    assert time.monotonic() - started < 3 * 0.5 * 1.25 + 10  # each stuck rule stopped near its limit
    for branch in report.branches:
        results = {r.rule: r for r in branch.results}
        assert results["STK001"].status.value == "error" and "0.5 s limit" in results["STK001"].message.en
        assert results["SLW001"].status.value == "pass" and results["CGR001"].status.value == "pass"


def test_in_place_the_worker_stops_its_own_rule_and_lives_on(tmp_path):
    plugin = slow_plugin(tmp_path)
    rules = collect_rules(plugin_manager((str(plugin),)))
    given = settings(plugins=(str(plugin),), rule_seconds=0.3)
    report = engine.check(rules, [str(REFERENCE)] * 2, given, Pool(2))
    for branch in report.branches:
        assert {r.rule: r for r in branch.results}["STK001"].status.value == "error"
