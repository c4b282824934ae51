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

from unioncheck import engine
from unioncheck.loader import discover, load
from unioncheck.plugins import collect_contract, collect_profiles, collect_rules, plugin_manager
from unioncheck.profile import load_profile

# the results cache keeps its pseudonym key in the user's cache directory: not the real one in tests
if "XDG_CACHE_HOME" not in os.environ:
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="unioncheck-test-cache-")
    atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REFERENCE = REPO / "fixtures" / "reference" / "branch-example.yaml"
DEMO = REPO / "fixtures" / "county-demo"


@lru_cache(maxsize=1)
def builtin():
    pm = plugin_manager()
    return collect_rules(pm), collect_profiles(pm)


@lru_cache(maxsize=1)
def contract():
    """The data contract the builtin plugin registers."""
    return collect_contract(plugin_manager())


def settings(as_of, year, profile, *args, **kwargs):
    """engine.Settings with the builtin contract."""
    return engine.Settings(as_of, year, profile, *args, contract=contract(), **kwargs)


@lru_cache(maxsize=4)
def named_profile(name):
    rules, registered = builtin()
    return load_profile(name, rules, registered)


def check(paths, as_of="2025-12-31", year=None, select=(), ignore=(), profile="county-health-bureau"):
    """Run the engine on ``paths`` as the CLI would and return the Report."""
    rules, registered = builtin()
    day = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of)
    chosen = named_profile(profile) if isinstance(profile, str) else load_profile(str(profile), rules, registered)
    chosen_settings = settings(day, year or day.year, chosen, tuple(select), tuple(ignore))
    files = list(discover([str(p) for p in paths]))
    return engine.run(rules, [load(f) for f in files], chosen_settings)


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
    register(Rule(code="STK001", family="STK", name="stuck", title=Text("卡住", "stuck"), basis="-", check=stuck,
                  doc=doc()))
    register(Rule(code="SLW001", family="SLW", name="slow", title=Text("慢", "slow"), basis="-", check=slow, doc=doc()))
"""


def slow_plugin(directory: Path) -> Path:
    """A plugin file with a slow rule (SLW001) and one that never returns (STK001)."""
    plugin = directory / "slow_rules.py"
    plugin.write_text(SLOW_AND_STUCK, "utf-8")
    return plugin


def interrupted(*args, after: float = 2.0):
    """Run the command line in its own process group, press Ctrl-C after a while: (exit status, stderr, group)."""
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
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    time.sleep(0.5)
    return proc.returncode, err, proc.pid
