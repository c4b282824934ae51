"""Shared helpers: where things are, and a way to check files through the real
plugin manager, profile and engine without a subprocess."""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from unioncheck import engine
from unioncheck.executors import Serial
from unioncheck.loader import discover, load
from unioncheck.model import Location, Status
from unioncheck.plugins import collect_contract, collect_profiles, collect_rules, plugin_manager
from unioncheck.profile import load_profile

# the results cache keeps its pseudonym key in the user's cache directory: not the real one in tests
if "XDG_CACHE_HOME" not in os.environ:
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="unioncheck-test-cache-")
    atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "fixtures" / "reference" / "branch-example-next.yaml"
DEMO = REPO / "fixtures" / "county-demo"
DEMO_FILES = list(discover([str(DEMO)]))  # the demo county's branch files, in the order reports list them


@lru_cache(maxsize=1)
def builtin():
    pm = plugin_manager()
    return collect_rules(pm), collect_profiles(pm)


@lru_cache(maxsize=1)
def contract():
    """The data contract the builtin plugin registers."""
    return collect_contract(plugin_manager())


@lru_cache(maxsize=4)
def named_profile(name):
    rules, registered = builtin()
    return load_profile(name, rules, registered)


def rule_codes() -> list[str]:
    """Every registered rule's code, in registration order: tests count rules here, never by a number."""
    return [rule.code for rule in builtin()[0]]


def demo_codes() -> list[str]:
    """The demo branches' codes as their files give them, in file order."""
    return [yaml.safe_load(Path(f).read_text("utf-8"))["branch"]["code"] for f in DEMO_FILES]


@lru_cache(maxsize=1)
def demo_report():
    """The demo county judged as of 2025-12-31, as the command line judges it by default (the
    families named as the plugins name them)."""
    from unioncheck.plugins import collect_families

    report = check([DEMO])
    report.family_names = collect_families(plugin_manager())
    return report


def compliant(report) -> int:
    """How many branches of ``report`` have no fail and no error: what the summaries call compliant."""
    return sum(b.status not in (Status.FAIL, Status.ERROR) for b in report.branches)


def sheet_table(sheet, first: str) -> tuple[int, list, list[list]]:
    """A report workbook's table: the row of its header (the first row whose column A is
    ``first``: title rows sit above it), the header, and the rows below it down to the first
    empty one (a legend may follow)."""
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if row and row[0] == first:
            header = list(row)
            rows = []
            for below in sheet.iter_rows(min_row=number + 1, values_only=True):
                if all(v is None for v in below):
                    break
                rows.append(list(below))
            return number, header, rows
    raise AssertionError(f"no header row beginning {first!r} in sheet {sheet.title}")


def where(file, *keys) -> Location:
    """The file position of a value, from the document itself, so that tests survive a fixture gaining a line.

    A string key under a list names the record with that ``id``:
    ``where(f, "congresses", "C2025-1", "delegates_present")``.
    """
    doc = load(str(file))
    node, path = doc.data, []
    for key in keys:
        if isinstance(node, list) and isinstance(key, str):
            key = next(i for i, item in enumerate(node) if isinstance(item, dict) and item.get("id") == key)
        node = node[key]
        path.append(key)
    location = doc.locate(tuple(path))
    assert location.line is not None and location.column is not None, keys
    return location


def settings(as_of="2025-12-31", year=None, profile="county-health-bureau", *given, **named):
    """Engine settings as the CLI makes them: the builtin contract, a profile (by name, or loaded)."""
    day = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of)
    chosen = named_profile(profile) if isinstance(profile, str) else profile
    return engine.Settings(day, year or day.year, chosen, *given, contract=contract(), **named)


def check(paths, as_of="2025-12-31", year=None, select=(), ignore=(), profile="county-health-bureau"):
    """Run the engine on ``paths`` as the CLI would and return the Report."""
    rules, registered = builtin()
    day = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of)
    chosen = named_profile(profile) if isinstance(profile, str) else load_profile(str(profile), rules, registered)
    settings = engine.Settings(
        day, year or day.year, chosen, tuple(select), tuple(ignore), contract=collect_contract(plugin_manager())
    )
    return engine.check(rules, discover([str(p) for p in paths]), settings, Serial())


def cli(*args, cwd=None, env=None, input=None):
    """Run the installed command line in a subprocess; returns CompletedProcess (text)."""
    full_env = {**os.environ, "LANG": "C.UTF-8", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "unioncheck", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        input=input,
        timeout=120,
    )


@pytest.fixture
def reference_copy(tmp_path):
    """The reference branch file with its evidence, copied somewhere writable."""
    import shutil

    target = tmp_path / "branch"
    shutil.copytree(REFERENCE.parent, target)
    return target / REFERENCE.name


SLOW_AND_STUCK = """
import time
from unioncheck import hookimpl, Rule, RuleDoc, Text

def stuck(document, ctx):
    while True:
        try:
            time.sleep(0.01)
        except Exception:      # a rule that swallows everything still gets stopped
            pass

def slow(document, ctx):
    time.sleep(0.3)
    return []

def doc():
    return RuleDoc(Text("", ""), Text("", ""), Text("", ""))

@hookimpl
def unioncheck_rules(register):
    register(Rule(code="STK001", family="STK", name="stuck", title=Text("卡住", "stuck"), basis="-",
                  check=stuck, doc=doc()))
    register(Rule(code="SLW001", family="SLW", name="slow", title=Text("慢", "slow"), basis="-",
                  check=slow, doc=doc()))
"""


def slow_plugin(directory: Path) -> Path:
    """A plugin file with a slow rule (SLW001) and one that never returns (STK001)."""
    plugin = directory / "slow_rules.py"
    plugin.write_text(SLOW_AND_STUCK, "utf-8")
    return plugin


def interrupted(*args, after: float = 2.0, signum=None, group: bool = True):
    """Run the command line in its own process group and, after a while, send ``signum`` (Ctrl-C's
    SIGINT by default) to the whole group (as a terminal does) or to unioncheck alone (as `timeout`
    and `docker stop` do): (exit status, stderr, group)."""
    import signal
    import time

    proc = subprocess.Popen(
        [sys.executable, "-m", "unioncheck", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(after)
    (os.killpg if group else os.kill)(proc.pid, signal.SIGINT if signum is None else signum)
    _, err = proc.communicate(timeout=30)
    time.sleep(0.5)
    return proc.returncode, err, proc.pid
