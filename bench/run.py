"""Benchmark unioncheck against what a user would otherwise reach for, on the
same generated files in one run, and print a table of medians and ratios, each
row with issue 18's target and whether this run met it.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run.py --branches 10000
    .venv/bin/python bench/run.py --branches 2000 --repeat 7 --cold-repeat 3   # a shorter run

Rows: a single-file check of one branch file and of the same branch as a
workbook (written by ``unioncheck convert``), wall time, median of --repeat
rounds in which unioncheck, check-jsonschema and yamllint run in turn (so that
the machine's drift falls on all alike); a cold audit of N files with one and
two processes (files per second, the medians of --cold-repeat runs of each
taken in turn; peak memory); a warm audit (median of --warm-repeat). The peers:
check-jsonschema (with unioncheck's schema), yamllint (``-d relaxed``: it
checks the YAML, not the contract) and a plain loop of PyYAML (C loader) + a
reused jsonschema Draft 2020-12 validator, on the first --peer-files files.

Every audit writes its JSON report; the reports of the cold ``--jobs 1`` and
``--jobs 2`` runs, the warm runs and (where the loader honours
UNIONCHECK_PLAIN_LOADER=1) a cold run with the plain loader are compared byte
for byte. Timings are wall-clock on this machine; run it on an idle machine.
Each run's seconds are printed below the table.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import shlex
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
YAMLLINT_CONFIG = "relaxed"
PLAIN_LOADER = "UNIONCHECK_PLAIN_LOADER"
# as on a user's machine: Python keeps the bytecode of what it imports (an editable install
# otherwise recompiles unioncheck's sources at every start where PYTHONDONTWRITEBYTECODE is set)
CHILD_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", PLAIN_LOADER)}
# issue 18's targets
SINGLE_MS, SINGLE_RATIO = 150, 0.3
COLD_RATE, JOBS2_SPEEDUP, WARM_RATE = 500, 1.8, 5_000
PEAK_MB, PEAK_AT = 150, 100_000


# A child's peak memory (ru_maxrss) counts the memory of the process it was spawned from until it
# runs its program: measured straight from this process, every command would weigh at least what
# this one holds (the generated county's paths, the schema). So each command is started by a small
# interpreter, which times it and reports its peak: the floor is that interpreter's ~10 MB.
_MEASURE = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps([time.perf_counter() - start, os.waitstatus_to_exitcode(status), usage.ru_maxrss]))
"""


def timed(command: list[str], env: dict | None = None) -> tuple[float, int, int]:
    """(seconds, exit status, peak RSS in KB of this command alone)."""
    with tempfile.TemporaryFile() as errors:
        measured = subprocess.run(
            [sys.executable, "-c", _MEASURE, *command], stdout=subprocess.PIPE, stderr=errors, env=env or CHILD_ENV
        )
        seconds, status, peak = json.loads(measured.stdout)
        if status not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"{' '.join(command[:3])} failed ({status}): {errors.read().decode()[-500:]}")
    return seconds, status, peak


def in_turn(commands: dict[str, list[str]], repeat: int) -> dict[str, list[float]]:
    """Each command run once to warm the file cache and the bytecode, then ``repeat`` rounds of all of
    them one after the other: the seconds of each run, by name."""
    for command in commands.values():
        timed(command)
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            seconds[name].append(timed(command)[0])
    return seconds


def plain_loop(files: list[Path], schema: dict) -> tuple[float, float]:
    """(files per second, seconds) of PyYAML (C loader) + a reused jsonschema validator, in this process."""
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
    seconds = time.perf_counter() - start
    return len(files) / seconds, seconds


def plain_loader_honoured() -> bool:
    """Whether the installed unioncheck reads UNIONCHECK_PLAIN_LOADER (its sources name it), without importing it."""
    spec = importlib.util.find_spec("unioncheck")
    if spec is None or not spec.submodule_search_locations:
        return False
    return any(
        PLAIN_LOADER in source.read_text("utf-8", errors="replace")
        for folder in spec.submodule_search_locations
        for source in Path(folder).rglob("*.py")
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
        kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    load = ", load average %.2f %.2f %.2f" % os.getloadavg() if hasattr(os, "getloadavg") else ""
    return (
        f"{platform.node()}: {cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}{load}"
    )


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
    parser.add_argument("--repeat", type=int, default=15, help="rounds of the single-file checks")
    parser.add_argument(
        "--peer-files",
        type=int,
        default=150,
        help="files for the peers' throughput (they are slow: yamllint and check-jsonschema ~0.2 s of CPU a file here)",
    )
    parser.add_argument(
        "--cold-repeat",
        type=int,
        default=3,
        help="cold audits with --jobs 1 and --jobs 2, taken in turn (the medians are reported)",
    )
    parser.add_argument("--warm-repeat", type=int, default=3, help="warm audits (the median is reported)")
    parser.add_argument(
        "--memory-branches",
        type=int,
        default=0,
        help="also measure peak memory on a cold audit of this many files (100000: ~11 min more)",
    )
    args = parser.parse_args()
    began = time.perf_counter()
    header = [
        f"unioncheck benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"machine: {machine()}",
        f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}",
    ]

    start = time.perf_counter()
    files = generate(work / "county", args.branches, 0.2, 1)
    generating = time.perf_counter() - start
    one = files[0]
    schema_file = work / "branch.schema.json"
    schema_file.write_text(
        subprocess.run([str(BIN / "unioncheck"), "schema"], capture_output=True, text=True, check=True).stdout
    )
    schema = json.loads(schema_file.read_text())
    peers = files[: args.peer_files]
    # the same branch as a workbook, written by the project's own writer, beside a copy of its evidence
    books = work / "book"
    books.mkdir()
    shutil.copytree(work / "county" / "evidence", books / "evidence")
    book = books / (one.stem + ".xlsx")
    subprocess.run([str(BIN / "unioncheck"), "convert", str(one), str(book)], capture_output=True, check=True)

    (work / "single").mkdir()
    os.chdir(work / "single")  # the results cache of the single-file checks lives here, apart from the audits'
    check_one = [str(BIN / "unioncheck"), "check", "--as-of", AS_OF]
    cj = [str(BIN / "check-jsonschema"), "--schemafile", str(schema_file)]
    yl = [str(BIN / "yamllint"), "-d", YAMLLINT_CONFIG]
    singles = in_turn(
        {
            "unioncheck": check_one + [str(one)],
            "unioncheck .xlsx": check_one + [str(book)],
            "check-jsonschema": cj + [str(one)],
            "yamllint": yl + [str(one)],
        },
        args.repeat,
    )
    single = {name: statistics.median(seconds) for name, seconds in singles.items()}

    reports: dict[str, bytes] = {}  # name of the run: its JSON report, compared at the end

    def audit(name: str, *extra: str, env: dict | None = None) -> tuple[float, int, int]:
        target = work / "report.json"
        run = timed(
            [str(BIN / "unioncheck"), "check", str(work / "county"), "--as-of", AS_OF, "-f", f"json:{target}", *extra],
            env,
        )
        reports[name] = target.read_bytes()
        target.unlink()
        return run

    ones, twos, peak = [], [], 0
    for turn in range(1, args.cold_repeat + 1):  # in turn, so that this VM's drift falls on both alike
        one_job = audit(f"cold --jobs 1 #{turn}", "--jobs", "1", "--no-cache")
        ones.append(one_job[0])
        peak = max(peak, one_job[2])
        twos.append(audit(f"cold --jobs 2 #{turn}", "--jobs", "2", "--no-cache")[0])
    seconds, seconds2 = statistics.median(ones), statistics.median(twos)
    plain = None
    if plain_loader_honoured():
        plain = audit(
            f"cold --jobs 1, {PLAIN_LOADER}=1", "--jobs", "1", "--no-cache", env={**CHILD_ENV, PLAIN_LOADER: "1"}
        )[0]
    os.chdir(work)  # the cache lives in the working directory
    audit("warm fill")  # fills the cache
    warms = [audit(f"warm #{turn}")[0] for turn in range(1, args.warm_repeat + 1)]
    warm = statistics.median(warms)
    peer_seconds = {
        "check-jsonschema": timed(cj + list(map(str, peers)))[0],
        "yamllint": timed(yl + list(map(str, peers)))[0],
    }
    loop_rate, peer_seconds["PyYAML + jsonschema loop"] = plain_loop(peers, schema)

    def met(ok: bool) -> str:
        return "yes" if ok else "no"

    rows = []
    uc = single["unioncheck"]
    rows.append(
        (
            "single-file check, median wall time",
            f"{uc * 1000:.0f} ms",
            f"{single['check-jsonschema'] * 1000:.0f} ms",
            f"{single['yamllint'] * 1000:.0f} ms",
            "—",
            f"{uc / single['check-jsonschema']:.2f}× check-jsonschema",
            f"≤ {SINGLE_MS} ms, ≤ {SINGLE_RATIO} × check-jsonschema",
            met(uc * 1000 <= SINGLE_MS and uc / single["check-jsonschema"] <= SINGLE_RATIO),
        )
    )
    rows.append(
        (
            "single-file check of the branch as a workbook (.xlsx)",
            f"{single['unioncheck .xlsx'] * 1000:.0f} ms",
            "—",
            "—",
            "—",
            f"{single['unioncheck .xlsx'] / uc:.2f}× the YAML file",
            f"≤ {SINGLE_MS} ms",
            met(single["unioncheck .xlsx"] * 1000 <= SINGLE_MS),
        )
    )
    uc_rate = len(files) / seconds
    cj_rate = len(peers) / peer_seconds["check-jsonschema"]
    rows.append(
        (
            f"cold audit, {len(files):,} files, every rule, --jobs 1 (peers: {len(peers):,} files)",
            f"{uc_rate:.0f} files/s",
            f"{cj_rate:.0f} files/s",
            f"{len(peers) / peer_seconds['yamllint']:.0f} files/s",
            f"{loop_rate:.0f} files/s",
            f"{uc_rate / cj_rate:.1f}× check-jsonschema",
            f"≥ {COLD_RATE} files/s",
            met(uc_rate >= COLD_RATE),
        )
    )
    rows.append(
        (
            f"cold audit, {len(files):,} files, --jobs 2",
            f"{len(files) / seconds2:.0f} files/s",
            "—",
            "—",
            "—",
            f"{seconds / seconds2:.2f}× --jobs 1",
            f"≥ {JOBS2_SPEEDUP}× --jobs 1",
            met(seconds / seconds2 >= JOBS2_SPEEDUP),
        )
    )
    if plain is not None:
        rows.append(
            (
                f"cold audit, {len(files):,} files, --jobs 1, {PLAIN_LOADER}=1",
                f"{len(files) / plain:.0f} files/s",
                "—",
                "—",
                "—",
                f"{seconds / plain:.2f}× the default loader",
                "—",
                "—",
            )
        )
    rows.append(
        (
            f"warm audit, {len(files):,} unchanged files, results cache",
            f"{len(files) / warm:.0f} files/s",
            "—",
            "—",
            "—",
            f"{seconds / warm:.1f}× cold",
            f"≥ {WARM_RATE:,} files/s",
            met(len(files) / warm >= WARM_RATE),
        )
    )
    memory = [(len(files), peak, seconds)]
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
        memory.append((len(province), big_peak, big_seconds))
    for count, kb, took in memory:
        rows.append(
            (
                f"peak memory, cold audit of {count:,} files (--jobs 1)",
                f"{kb / 1024:.0f} MB ({count / took:.0f} files/s)" if count != len(files) else f"{kb / 1024:.0f} MB",
                "—",
                "—",
                "—",
                "—",
                f"≤ {PEAK_MB} MB at {PEAK_AT:,} files",
                met(kb / 1024 <= PEAK_MB) if count >= PEAK_AT else f"— (at {PEAK_AT:,} files only)",
            )
        )

    compared = reports  # the run that fills the cache too
    kinds = {}
    for name, report in compared.items():
        kinds.setdefault(hashlib.sha256(report).hexdigest(), []).append(name)
    if len(kinds) == 1:
        identity = f"identical ({len(compared)} reports)"
    else:
        identity = "DIFFER: " + " | ".join(" = ".join(names) for names in kinds.values())
    if plain is None:
        identity += f"; {PLAIN_LOADER}: not read by this unioncheck, no plain-loader run"
    rows.append(
        (
            "JSON reports: cold --jobs 1, cold --jobs 2, warm" + (", plain loader" if plain is not None else ""),
            identity,
            "—",
            "—",
            "—",
            "—",
            "identical",
            met(len(kinds) == 1),
        )
    )

    print("\n".join(header))
    print(
        f"files: {len(files):,} generated branch files (20 % with one violation), "
        f"~{sum(f.stat().st_size for f in files[:100]) // 100 // 1024} KB each; "
        f"workbook {book.stat().st_size // 1024} KB; yamllint -d {YAMLLINT_CONFIG}\n"
    )
    print("| measure | unioncheck | check-jsonschema | yamllint | PyYAML + jsonschema loop | ratio | target | met |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("\nseconds per run:")
    for name, runs in singles.items():
        print(f"  single file, {name}: {_listed(runs)}")
    print(f"  cold --jobs 1: {_listed(ones)}")
    print(f"  cold --jobs 2: {_listed(twos)}")
    if plain is not None:
        print(f"  cold --jobs 1, {PLAIN_LOADER}=1: {_listed([plain])}")
    print(f"  warm: {_listed(warms)}")
    for name, took in peer_seconds.items():
        print(f"  {name}, {len(peers):,} files: {_listed([took])}")
    for count, _, took in memory[1:]:
        print(f"  cold --jobs 1, {count:,} files (memory): {_listed([took])}")
    print(
        f"  generating {len(files):,} files: {_listed([generating])}; "
        f"the whole run: {_listed([time.perf_counter() - began])}"
    )
    print(f"load average at the end: {'%.2f %.2f %.2f' % os.getloadavg()}")


def _listed(seconds: list[float]) -> str:
    return ", ".join(f"{s:.1f}" if s >= 10 else f"{s:.3f}" if s < 1 else f"{s:.2f}" for s in seconds)


if __name__ == "__main__":
    main()
