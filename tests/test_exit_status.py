"""The exit status says what happened, and a crash never reads as a verdict (see ``unioncheck.guard``):
0 nothing fails, 1 findings fail the gate, 2 the run could not do what was asked, 3 unioncheck failed,
128 + N ended by signal N."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DEMO, REFERENCE, cli, interrupted, rule_codes, slow_plugin

from unioncheck.cli import main

AS_OF = ("--as-of", "2025-12-31")
SECRET = "522601198001011238"  # an ID number an exception's text might quote


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# --- 3: unioncheck itself failed ------------------------------------------------------------------


@pytest.mark.parametrize("command", [["check", str(REFERENCE), *AS_OF], ["due", str(REFERENCE), *AS_OF]])
def test_an_unexpected_exception_is_status_3_and_one_line_without_its_text(monkeypatch, command):
    def broken(*args, **kwargs):
        raise RuntimeError(f"value {SECRET} was odd")

    monkeypatch.setattr("unioncheck.engine.run", broken)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "内部错误" in lines[0] and "unioncheck failed (RuntimeError" in lines[0]
    assert "--debug" in lines[0]
    assert SECRET not in result.output + result.stderr and "Traceback" not in result.stderr

    debugged = CliRunner().invoke(main, ["--debug", *command])
    assert debugged.exit_code == 3 and "Traceback" in debugged.stderr and "RuntimeError" in debugged.stderr


def test_findings_are_status_1_and_a_clean_file_0():
    assert cli("check", DEMO, *AS_OF).returncode == 1
    assert cli("check", REFERENCE, *AS_OF).returncode == 0


# --- 2: options that mean nothing -------------------------------------------------------------------


@pytest.mark.parametrize(
    "option",
    [
        ("--rule-timeout", "nan"),
        ("--rule-timeout", "inf"),
        ("--rule-timeout", "-1"),
        ("--rule-timeout", "1e400"),
        ("--max-file-size", "99999999999999999999999"),
        ("--max-file-size", "0"),
        ("--as-of", "9999-12-31"),
        ("--as-of", "0001-01-01"),
        ("--year", "9999"),
        ("--jobs", "0"),
    ],
)
def test_an_option_value_out_of_its_range_is_a_usage_error_naming_it(option):
    for command in ("check", "due"):
        if command == "due" and option[0] in ("--rule-timeout", "--max-file-size", "--jobs"):
            continue
        run = cli(command, REFERENCE, *option)
        assert run.returncode == 2, run.stderr
        assert option[0] in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("setting", ["max_file_size: 99999999999999999999", "max_file_size: 0", "rule_timeout: 100000"])
def test_an_option_value_out_of_its_range_in_the_configuration_file_is_refused_too(tmp_path, setting):
    """A number a configuration file gives reaches the option as a number, not as text: it is checked alike."""
    (tmp_path / "unioncheck.yaml").write_text(setting + "\n", "utf-8")
    run = cli("check", REFERENCE, *AS_OF, "--config", tmp_path / "unioncheck.yaml")
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert ("1024MB" if "size" in setting else "86400") in run.stderr


def test_the_range_of_dates_is_the_same_for_as_of_and_year():
    from unioncheck.model import YEARS

    first, last = YEARS.start, YEARS.stop - 1
    assert cli("check", REFERENCE, "--as-of", f"{last}-12-31", "--year", str(last)).returncode in (0, 1)
    assert cli("check", REFERENCE, "--as-of", f"{first}-01-01", "--year", str(first)).returncode in (0, 1)
    assert cli("check", REFERENCE, "--as-of", f"{last + 1}-01-01").returncode == 2
    assert cli("check", REFERENCE, "--year", str(last + 1)).returncode == 2
    assert cli("due", REFERENCE, "--as-of", f"{last}-12-01").returncode == 0


@pytest.mark.parametrize("typo, closest", [("HDR", "HRD"), ("TRN9", "TRN"), ("CGR0011", "CGR001"), ("", None)])
@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_a_selector_that_matches_no_rule_is_a_usage_error_with_the_closest_code(option, typo, closest):
    assert not any(code.startswith(typo.upper()) for code in rule_codes()) or typo == ""
    run = cli("check", REFERENCE, *AS_OF, option, typo)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert option in run.stderr and "unioncheck rules" in run.stderr
    if closest:
        assert f"did you mean {closest}?" in run.stderr and f"是不是 {closest}？" in run.stderr


def test_selectors_that_match_pass_as_prefixes_codes_or_lowercase():
    family = rule_codes()[0].rstrip("0123456789")
    for selector in (family, family.lower(), rule_codes()[0], rule_codes()[-1][:-1]):
        assert cli("check", REFERENCE, *AS_OF, "--select", selector).returncode == 0


def test_a_selector_typo_in_the_configuration_file_is_refused_too(tmp_path):
    (tmp_path / "unioncheck.yaml").write_text("select: [HDR]\n", "utf-8")
    (tmp_path / "b.yaml").write_bytes(REFERENCE.read_bytes())
    run = cli("check", "b.yaml", *AS_OF, cwd=tmp_path)
    assert run.returncode == 2 and "HRD" in run.stderr


# --- 2: a report that cannot be written -----------------------------------------------------------


def report_paths(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("x", "utf-8")
    return {
        "its folder does not exist": tmp_path / "missing" / "r.out",
        "it is a folder": tmp_path / "a-folder",
        "part of the path is not a folder": tmp_path / "a-file" / "r.out",
    }


@pytest.mark.parametrize(
    "writes",
    [
        lambda p: ("check", "-f", f"json:{p}"),
        lambda p: ("check", "-f", f"xlsx:{p}"),
        lambda p: ("check", "--write-baseline", str(p)),
        lambda p: ("due", "-f", f"ics:{p}"),
    ],
)
def test_a_report_that_cannot_be_written_is_status_2_before_the_run_naming_path_and_reason(tmp_path, writes):
    for reason, path in report_paths(tmp_path).items():
        command, *rest = writes(path)
        run = cli(command, REFERENCE, *AS_OF, *rest, "--lang", "en")
        assert run.returncode == 2, (reason, run.stderr)
        assert f"cannot write the report {path}: {reason}" in run.stderr and "无法写入报告" in run.stderr
        assert "Traceback" not in run.stderr and not leftovers(path.parent if path.parent.is_dir() else tmp_path)
    assert (tmp_path / "a-file").read_text("utf-8") == "x"


def test_a_full_disk_while_writing_is_status_2_and_leaves_the_old_report_whole(tmp_path):
    """The disk fills as the report is written: a file size limit stands in for it."""
    import resource

    old = tmp_path / "r.json"
    old.write_text("the old report", "utf-8")
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "from unioncheck.cli import main\n"
        "sys.argv = ['unioncheck'] + sys.argv[1:]\n"
        "main()\n"
    )
    assert resource.RLIMIT_FSIZE
    run = subprocess.run(
        [sys.executable, "-c", script, "check", str(DEMO), *AS_OF, "--no-cache", "-f", f"json:{old}", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert f"cannot write the report {old}" in run.stderr and "Traceback" not in run.stderr
    assert old.read_text("utf-8") == "the old report" and not leftovers(tmp_path)


# --- 2: an input to the tool that is not a regular file --------------------------------------------


@pytest.mark.parametrize("option", ["--waivers", "--baseline", "--compare", "--profile"])
def test_a_fifo_given_as_an_input_is_refused_without_opening_it(tmp_path, option):
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    run = cli("check", REFERENCE, *AS_OF, option, fifo, "--lang", "en")  # cli() times out rather than hang
    assert run.returncode == 2 and f"{option} {fifo} is not a regular file" in run.stderr
    if option == "--waivers":
        run = cli("waivers", "--waivers", fifo)
        assert run.returncode == 2 and "不是普通文件" in run.stderr


# --- 128 + N: signals --------------------------------------------------------------------------------


SENT = [  # (signal, to the whole process group as a terminal or CI runner does, or to unioncheck alone)
    (signal.SIGINT, True),
    (signal.SIGTERM, True),
    (signal.SIGTERM, False),
    (signal.SIGHUP, True),
    (signal.SIGHUP, False),
]


@pytest.mark.parametrize("signum, group", SENT, ids=[f"{s.name}-{'group' if g else 'alone'}" for s, g in SENT])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_signal_ends_the_run_with_one_line_no_temporary_file_and_no_worker(tmp_path, signum, group, jobs):
    plugin = slow_plugin(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    for i in range(40):
        (data / f"b{i}.yaml").write_bytes(REFERENCE.read_bytes())
    out = tmp_path / "r.json"
    status, err, pgid = interrupted(
        "check", data, "--plugin", plugin, "--select", "SLW", "-j", jobs, "-f", f"json:{out}",
        signum=signum, group=group, after=2.5,
    )  # fmt: skip
    assert status == 128 + signum
    assert err.strip().splitlines()[-1] == "已中断 / interrupted" and "Traceback" not in err
    assert "BrokenPipeError" not in err and not leftovers(tmp_path) and not out.exists()
    with pytest.raises(ProcessLookupError):
        os.killpg(pgid, 0)  # no worker left behind


def test_ctrl_c_in_waivers_is_130(monkeypatch, tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers: []\n", "utf-8")

    def pressed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("unioncheck.commands.load_waivers", pressed)
    result = CliRunner().invoke(main, ["waivers", "--waivers", str(waivers)])
    assert result.exit_code == 130 and "已中断 / interrupted" in result.stderr


def test_a_reader_that_goes_away_is_no_traceback():
    """`unioncheck check … | head -1`: the pipe closes while the table is written."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "unioncheck", "check", str(DEMO), *AS_OF, "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    proc.wait(timeout=60)
    assert "Traceback" not in err and proc.returncode == 128 + signal.SIGPIPE


def test_the_exit_statuses_are_documented_in_help_and_readme():
    help_text = cli("--help").stdout + cli("check", "--help").stdout
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    for text in (help_text, readme):
        assert all(str(status) in text for status in (0, 1, 2, 3, 130))
        assert "unioncheck failed" in text or "internal error" in text or "内部错误" in text
