"""No output may overwrite what the run reads, nor two outputs share a file: a usage error
(exit 2) before anything is written, and the user's files are left as they were."""

import os
import shutil

import pytest
from conftest import DEMO, cli


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DEMO, target)
    return target


def _unchanged(files: dict) -> bool:
    return all(path.read_bytes() == content for path, content in files.items())


def _snapshot(directory):
    return {p: p.read_bytes() for p in directory.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "route",
    ["direct", "dotdot", "symlink"],
)
def test_a_report_onto_a_branch_file_is_refused_and_the_file_kept(data, tmp_path, route):
    branch = data / "01-XRMYY.yaml"
    target = {
        "direct": branch,
        "dotdot": data / "evidence" / ".." / "01-XRMYY.yaml",
        "symlink": tmp_path / "link.json",
    }[route]
    if route == "symlink":
        os.symlink(branch, target)
    before = _snapshot(data)
    run = cli("check", data, "--as-of", "2025-12-31", "--no-cache", "-f", f"json:{target}", cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "01-XRMYY.yaml" in run.stderr and "overwrite" in run.stderr and "覆盖" in run.stderr
    assert _unchanged(before)


def test_a_baseline_written_over_the_waivers_or_a_branch_is_refused(data, tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers: []\n", "utf-8")
    before = _snapshot(data) | {waivers: waivers.read_bytes()}
    for target in (waivers, data / "02-XZYY.yaml"):
        run = cli(
            "check", data, "--as-of", "2025-12-31", "--waivers", waivers, "--write-baseline", target, cwd=tmp_path
        )
        assert run.returncode == 2 and "--write-baseline" in run.stderr and "Traceback" not in run.stderr
    assert _unchanged(before)


def test_a_baseline_refreshed_in_place_is_what_users_do(data, tmp_path):
    baseline = tmp_path / "baseline.json"
    first = cli("check", data, "--as-of", "2025-12-31", "--write-baseline", baseline, cwd=tmp_path)
    assert first.returncode == 0 and baseline.exists()
    again = cli(
        "check", data, "--as-of", "2025-12-31", "--baseline", baseline, "--write-baseline", baseline, cwd=tmp_path
    )
    assert again.returncode == 0, again.stderr


def test_two_formats_to_one_file_are_refused_before_either_is_written(data, tmp_path):
    out = tmp_path / "r.out"
    run = cli("check", data, "--as-of", "2025-12-31", "-f", f"json:{out}", "-f", f"sarif:{out}", cwd=tmp_path)
    assert run.returncode == 2 and "one report would be lost" in run.stderr and "Traceback" not in run.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_the_deadline_calendar_onto_a_branch_file_is_refused(data, tmp_path):
    before = _snapshot(data)
    run = cli("due", data, "--as-of", "2025-12-31", "-f", f"ics:{data / '03-XFYBJY.yaml'}", cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert _unchanged(before)


@pytest.mark.parametrize("cache", ["--no-cache", "--cache"])
@pytest.mark.parametrize(
    "writes",
    [
        lambda p: ("check", "-f", f"html:{p}"),
        lambda p: ("check", "-f", f"json:{p}", "-j", "2"),
        lambda p: ("check", "--write-baseline", str(p)),
        lambda p: ("due", "-f", f"ics:{p}"),
    ],
)
def test_a_report_onto_an_evidence_file_the_rules_read_is_refused(tmp_path, writes, cache):
    """Only the run tells which evidence files its rules look up: none is written over, warm cache or cold."""
    from conftest import REFERENCE

    county = tmp_path / "ref"
    shutil.copytree(REFERENCE.parent, county)
    evidence = next(p for p in sorted((county / "evidence").rglob("*")) if p.is_file())
    given = {p: p.read_bytes() for p in county.rglob("*") if p.is_file() and ".unioncheck_cache" not in p.parts}
    for _ in range(2):  # the second time the verdict comes from the cache when it is on
        command, *rest = writes(evidence.relative_to(county))
        caching = [cache] if command == "check" else []
        run = cli(command, REFERENCE.name, "--as-of", "2025-12-31", *rest, *caching, "--lang", "en", cwd=county)
        assert run.returncode == 2 and "an evidence file this run reads" in run.stderr, run.stderr
        assert _unchanged(given) and "Traceback" not in run.stderr


def test_a_report_to_a_device_or_a_pipe_is_written_into_it_and_it_stays_what_it_was(data, tmp_path):
    """``-f json:/dev/null`` and a named pipe are written as they are: a temporary file renamed over
    them would put a plain file where the device was (for root, /dev/null itself)."""
    import json
    import stat
    import threading

    pipe = tmp_path / "report.json"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    run = cli("check", data, "--as-of", "2025-12-31", "--no-cache", "-f", f"json:{pipe}", "-f", f"sarif:{os.devnull}")
    reader.join(timeout=60)
    assert run.returncode == 1, run.stderr  # the demo county's verdict
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode) and stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert json.loads(received[0])["branches"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
