"""--jobs: the report is the same for any number of processes, and workers behave."""

import json
import os
import sys
from pathlib import Path

import pytest
from conftest import DEMO, REFERENCE, REPO, cli, interrupted, slow_plugin, where

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
        dat002 = [
            r for b in report["branches"] for r in b["results"] if r["rule"] == "DAT002" and r["status"] == "error"
        ]
        assert len(dat002) == 2  # the two branches sharing a code, each told at its code
        assert all(r["location"]["line"] == where(r["location"]["file"], "branch", "code").line for r in dat002)


def test_time_limit_holds_in_worker_processes(tmp_path):
    plugin = slow_plugin(tmp_path)
    for i in range(4):
        (tmp_path / f"b{i}.yaml").write_bytes(REFERENCE.read_bytes().replace(b"code: XRMYY", f"code: XR{i}".encode()))
    run = cli(
        "check",
        tmp_path,
        "--as-of",
        "2025-12-31",
        "--plugin",
        plugin,
        "--select",
        "STK",
        "--rule-timeout",
        "0.3",
        "-j",
        "2",
        "-f",
        "json",
        "--lang",
        "en",
    )
    report = json.loads(run.stdout)
    assert len(report["branches"]) == 4
    assert all("0.3 s limit" in b["results"][0]["message"] for b in report["branches"])


def test_ctrl_c_ends_every_worker(tmp_path):
    plugin = slow_plugin(tmp_path)
    for i in range(40):
        (tmp_path / f"b{i}.yaml").write_bytes(REFERENCE.read_bytes())
    status, err, group = interrupted("check", tmp_path, "--plugin", plugin, "--select", "SLW", "-j", "2", after=2.5)
    assert status == 130
    assert err.strip().splitlines()[-1] == "已中断 / interrupted" and "Traceback" not in err
    with pytest.raises(ProcessLookupError):
        os.killpg(group, 0)  # no worker left behind


def test_a_summary_that_cannot_be_pickled_in_a_worker_is_its_rules_error(tmp_path):
    plugin = tmp_path / "gen_rules.py"
    plugin.write_text(
        "from unioncheck import hookimpl, Rule, RuleDoc, Text\n\n"
        "@hookimpl\n"
        "def unioncheck_rules(register):\n"
        "    register(Rule(code='XYZ009', family='XYZ', name='gen', title=Text('测试', 'test'), basis='-',\n"
        "                  scope='dataset', check=lambda summaries, ctx: {},\n"
        "                  summarise=lambda document, ctx: (n for n in range(3)),\n"
        "                  doc=RuleDoc(Text('a', 'a'), Text('b', 'b'), Text('c', 'c'))))\n",
        "utf-8",
    )
    for jobs in ("1", "2"):
        run = cli(
            "check",
            DEMO,
            "--as-of",
            "2025-12-31",
            "--plugin",
            plugin,
            "--select",
            "XYZ",
            "-j",
            jobs,
            "-f",
            "json",
            "--lang",
            "en",
        )
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
        results = [r for b in json.loads(run.stdout)["branches"] for r in b["results"] if r["rule"] == "XYZ009"]
        assert results and all(r["status"] == "error" and "crashed: TypeError" in r["message"] for r in results)


def test_a_worker_killed_from_outside_is_noticed_and_the_run_finishes(tmp_path):
    """The out-of-memory killer or `kill -9` ends a worker while it judges one branch: the run goes
    on, that branch's rule is an error naming what happened, every other branch is judged as usual."""
    plugin = tmp_path / "killed_rules.py"
    plugin.write_text(
        "import os, signal\n"
        "from unioncheck import hookimpl, Rule, RuleDoc, Text, Result, Status\n\n"
        "def victim(document, ctx):\n"
        "    if document.file.endswith('b3.yaml'):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return [Result(Status.PASS, Text('好', 'fine'))]\n\n"
        "@hookimpl\n"
        "def unioncheck_rules(register):\n"
        "    register(Rule(code='KIL001', family='KIL', name='killed', title=Text('被杀', 'killed'), basis='-',\n"
        "                  check=victim, doc=RuleDoc(Text('a', 'a'), Text('b', 'b'), Text('c', 'c'))))\n",
        "utf-8",
    )
    data = tmp_path / "data"
    data.mkdir()
    for i in range(8):
        (data / f"b{i}.yaml").write_bytes(REFERENCE.read_bytes())
    run = cli("check", data, "--as-of", "2025-12-31", "--plugin", plugin, "--select", "KIL", "-j", "2",
              "-f", "json", "--lang", "en", "--no-cache")  # fmt: skip
    assert run.returncode == 1 and "Traceback" not in run.stderr
    statuses = {Path(b["file"]).name: b["results"][0]["status"] for b in json.loads(run.stdout)["branches"]}
    assert statuses.pop("b3.yaml") == "error"
    assert set(statuses.values()) == {"pass"} and len(statuses) == 7
