"""Benchmark unioncheck against what a user would otherwise reach for, on the
same generated files in one run, and print a table of medians and ratios.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run.py --branches 10000

Rows: a single-file check (wall time, median of --repeat runs), a cold audit
of N files with one and two processes (files per second, the medians of
--cold-repeat runs of each taken in turn; peak memory), a warm audit (median of
5), beside check-jsonschema (with unioncheck's schema) and a plain loop of PyYAML
(C loader) + a reused jsonschema Draft 2020-12 validator. Timings are wall-clock
on this machine; run it on an idle machine. Each run's seconds are printed below
the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
AS_OF = "2025-12-31"
# as on a user's machine: Python keeps the bytecode of what it imports (an editable install
# otherwise recompiles unioncheck's sources at every start where PYTHONDONTWRITEBYTECODE is set)
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, int, int]:
    """(seconds, exit status, peak RSS in KB of this child alone)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=CHILD_ENV)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"{' '.join(command[:3])} failed ({child.returncode}): {errors.read().decode()[-500:]}")
    return seconds, child.returncode, usage.ru_maxrss


def median(command: list[str], repeat: int) -> float:
    timed(command)  # warm the file cache and the interpreter's bytecode
    return statistics.median(timed(command)[0] for _ in range(repeat))


def plain_loop(files: list[Path], schema: dict) -> float:
    """Files per second of PyYAML (C loader) + a reused jsonschema validator, in this process."""
    import yaml
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)

    class Loader(yaml.CSafeLoader):  # dates as text, as unioncheck's schema expects
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    start = time.perf_counter()
    for file in files:
        data = yaml.load(file.read_text("utf-8"), Loader=Loader)
        for _ in validator.iter_errors(data):
            pass
    return len(files) / (time.perf_counter() - start)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="unioncheck-bench-"))
    try:
        measure(work)
    finally:
        os.chdir(Path(__file__).parent)
        shutil.rmtree(work, ignore_errors=True)  # a province of files and its report: gigabytes


def measure(work: Path) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15, help="runs of the single-file check")
    parser.add_argument("--peer-files", type=int, default=1_000, help="files for the peers' throughput (they are slow)")
    parser.add_argument(
        "--cold-repeat",
        type=int,
        default=3,
        help="cold audits with --jobs 1 and --jobs 2, taken in turn (the medians are reported)",
    )
    parser.add_argument(
        "--memory-branches",
        type=int,
        default=0,
        help="also measure peak memory on a cold audit of this many files (100000: ~11 min more)",
    )
    args = parser.parse_args()

    files = generate(work / "county", args.branches, 0.2, 1)
    one = files[0]
    schema_file = work / "branch.schema.json"
    schema_file.write_text(
        subprocess.run([str(BIN / "unioncheck"), "schema"], capture_output=True, text=True, check=True).stdout
    )
    schema = json.loads(schema_file.read_text())
    peers = files[: args.peer_files]

    rows = []
    uc_one = median([str(BIN / "unioncheck"), "check", str(one), "--as-of", AS_OF], args.repeat)
    cj_one = median([str(BIN / "check-jsonschema"), "--schemafile", str(schema_file), str(one)], args.repeat)
    rows.append(
        (
            "single-file check, median wall time",
            f"{uc_one * 1000:.0f} ms",
            f"{cj_one * 1000:.0f} ms",
            "—",
            f"{uc_one / cj_one:.2f}",
            "≤ 150 ms, ratio ≤ 0.3",
        )
    )

    audit = [
        str(BIN / "unioncheck"),
        "check",
        str(work / "county"),
        "--as-of",
        AS_OF,
        "-f",
        f"json:{work / 'report.json'}",
    ]
    ones, twos, peak = [], [], 0
    for _ in range(args.cold_repeat):  # in turn, so that this VM's drift falls on both alike
        one_job = timed(audit + ["--jobs", "1", "--no-cache"])
        ones.append(one_job[0])
        peak = max(peak, one_job[2])
        twos.append(timed(audit + ["--jobs", "2", "--no-cache"])[0])
    seconds, seconds2 = statistics.median(ones), statistics.median(twos)
    uc_rate = len(files) / seconds
    os.chdir(work)  # the cache lives in the working directory
    timed(audit)  # fills the cache
    warms = [timed(audit)[0] for _ in range(5)]
    warm = statistics.median(warms)
    cj_seconds, _, _ = timed([str(BIN / "check-jsonschema"), "--schemafile", str(schema_file), *map(str, peers)])
    cj_rate = len(peers) / cj_seconds
    loop_rate = plain_loop(peers, schema)
    rows.append(
        (
            f"cold audit, {len(files):,} files, every rule",
            f"{uc_rate:.0f} files/s",
            f"{cj_rate:.0f} files/s",
            f"{loop_rate:.0f} files/s",
            f"{uc_rate / cj_rate:.1f}× check-jsonschema",
            "≥ 500 files/s per core",
        )
    )
    rows.append(
        (
            f"cold audit, {len(files):,} files, --jobs 2",
            f"{len(files) / seconds2:.0f} files/s",
            "—",
            "—",
            f"{seconds / seconds2:.2f}× --jobs 1",
            "≥ 1.8× --jobs 1",
        )
    )
    rows.append(
        (
            f"warm audit, {len(files):,} unchanged files, results cache",
            f"{len(files) / warm:.0f} files/s",
            "—",
            "—",
            f"{seconds / warm:.1f}× cold",
            "≥ 5,000 files/s",
        )
    )
    rows.append(
        (
            f"peak memory, cold audit of {len(files):,} files (--jobs 1)",
            f"{peak / 1024:.0f} MB",
            "—",
            "—",
            "—",
            "≤ 150 MB at 100,000 files",
        )
    )
    if args.memory_branches:
        province = generate(work / "province", args.memory_branches, 0.2, 2)
        big_seconds, _, big_peak = timed(
            [
                str(BIN / "unioncheck"),
                "check",
                str(work / "province"),
                "--as-of",
                AS_OF,
                "-f",
                f"json:{work / 'province.json'}",
                "--jobs",
                "1",
                "--no-cache",
            ]
        )
        rows.append(
            (
                f"peak memory, cold audit of {len(province):,} files (--jobs 1)",
                f"{big_peak / 1024:.0f} MB ({len(province) / big_seconds:.0f} files/s)",
                "—",
                "—",
                "—",
                "≤ 150 MB at 100,000 files",
            )
        )

    print(
        f"unioncheck benchmark — {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}; files ~{sum(f.stat().st_size for f in files[:100]) // 100 // 1024} KB each\n"
    )
    print("| measure | unioncheck | check-jsonschema | PyYAML + jsonschema loop | ratio | target |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nseconds per run: cold --jobs 1 {_listed(ones)}; cold --jobs 2 {_listed(twos)}; warm {_listed(warms)}")
    print(f"\ncommand: {' '.join([Path(sys.executable).name, *sys.argv])}")


def _listed(seconds: list[float]) -> str:
    return ", ".join(f"{s:.1f}" if s >= 10 else f"{s:.2f}" for s in seconds)


if __name__ == "__main__":
    main()
