"""--jobs: the report is the same for any number of processes, and workers behave."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DEMO, REFERENCE, REPO, cli

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("county")
    generate(out, 60, 0.5, 7)
    # two branches filing the same person and sharing a code: rules across branches across processes
    first = (out / "B000001.yaml").read_text("utf-8")
    (out / "B000001.yaml").write_text(first.replace("code: B000001", "code: B000002"), "utf-8")
    return out


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_same_report_for_any_number_of_processes(which, corpus, tmp_path):
    data = DEMO if which == "demo" else corpus
    reports = []
    for jobs in (1, 2, 3):
        target = tmp_path / f"j{jobs}.json"
        run = cli("check", data, "--as-of", "2025-12-31", "-j", jobs, "-f", f"json:{target}")
        assert run.returncode == 1, run.stderr
        reports.append(target.read_bytes())
    assert reports[0] == reports[1] == reports[2]
    report = json.loads(reports[0])
    if which == "generated":
        dat002 = [r for b in report["branches"] for r in b["results"] if r["rule"] == "DAT002" and r["status"] == "error"]
        assert len(dat002) == 2 and all(r["location"]["line"] == 5 for r in dat002)


SLOW = '''
import time
from unioncheck import hookimpl, Rule, RuleDoc, Text

def slow(document, ctx):
    time.sleep(0.3)
    return []

def stuck(document, ctx):
    while True:
        time.sleep(0.01)

def doc():
    return RuleDoc(Text("", ""), Text("", ""), Text("", ""))

@hookimpl
def unioncheck_rules(register):
    register(Rule(code="SLW001", family="SLW", name="slow", title=Text("慢", "slow"), basis="-", check=slow, doc=doc()))
    register(Rule(code="STK001", family="STK", name="stuck", title=Text("卡住", "stuck"), basis="-", check=stuck, doc=doc()))
'''


def test_time_limit_holds_in_worker_processes(tmp_path):
    plugin = tmp_path / "slow_rules.py"
    plugin.write_text(SLOW, "utf-8")
    for i in range(4):
        (tmp_path / f"b{i}.yaml").write_bytes(REFERENCE.read_bytes().replace(b"code: XRMYY", f"code: XR{i}".encode()))
    run = cli("check", tmp_path, "--as-of", "2025-12-31", "--plugin", plugin, "--select", "STK", "--rule-timeout", "0.3",
              "-j", "2", "-f", "json", "--lang", "en")
    report = json.loads(run.stdout)
    assert len(report["branches"]) == 4
    assert all("0.3 s limit" in b["results"][0]["message"] for b in report["branches"])


def test_ctrl_c_ends_every_worker(tmp_path):
    plugin = tmp_path / "slow_rules.py"
    plugin.write_text(SLOW, "utf-8")
    for i in range(40):
        (tmp_path / f"b{i}.yaml").write_bytes(REFERENCE.read_bytes())
    proc = subprocess.Popen([sys.executable, "-m", "unioncheck", "check", str(tmp_path), "--plugin", str(plugin),
                             "--select", "SLW", "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    time.sleep(2.5)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == "已中断 / interrupted" and "Traceback" not in err
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # no worker left behind
