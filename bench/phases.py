"""Where a cold file's time goes, in one process: loading, validating, judging (rules, the
privacy mask, finding keys), pickling the judged file for the parent and the cache, and
writing its JSON — per file, the median of --repeat passes over the same generated county.

    .venv/bin/python bench/phases.py --branches 500 --repeat 5

Each phase is timed on its own over every file (the first pass warms the file cache and is
not counted); "judge" is the whole of ``engine.judge`` (so it includes loading and validating),
"rules, mask, keys" is judge less load and validate. The start-up of a command and the dataset
rules' pass over every branch are not in it (see run.py for whole commands).
"""

from __future__ import annotations

import argparse
import datetime as dt
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

from unioncheck import engine  # noqa: E402
from unioncheck.limits import Clock  # noqa: E402
from unioncheck.loader import load  # noqa: E402
from unioncheck.plugins import collect_contract, collect_profiles, collect_rules, plugin_manager  # noqa: E402
from unioncheck.profile import load_profile  # noqa: E402
from unioncheck.reporters.json import branch_json  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="unioncheck-phases-") as work:
        files = [str(f) for f in generate(Path(work) / "county", args.branches, 0.2, 1)]
        measure(files, args.repeat)


def measure(files: list[str], repeat: int) -> None:
    pm = plugin_manager()
    rules, contract = collect_rules(pm), collect_contract(pm)
    profile = load_profile("county-health-bureau", rules, collect_profiles(pm))
    day = dt.date(2025, 12, 31)
    settings = engine.Settings(day, day.year, profile, contract=contract, pseudonym_key=b"k" * 32)
    plan = engine.Plan.of(rules, settings)
    clock = Clock(None)
    judged = [engine.judge(plan, f, clock) for f in files]
    packed = [pickle.dumps(j, protocol=pickle.HIGHEST_PROTOCOL) for j in judged]
    reports = [pickle.loads(j.report) for j in judged if j.report is not None]

    phases = {
        "load (YAML to data and positions)": lambda: [load(f) for f in files],
        "load and validate": lambda: [contract.validate(load(f)) for f in files],
        "judge (engine.judge: all of the above, rules, mask, keys)": lambda: [
            engine.judge(plan, f, clock) for f in files
        ],
        "pickle the judged file (worker/cache to parent)": lambda: [
            pickle.dumps(j, protocol=pickle.HIGHEST_PROTOCOL) for j in judged
        ],
        "unpickle it, and its report": lambda: [pickle.loads(pickle.loads(p).report) for p in packed],
        "JSON of the report": lambda: [branch_json(r, "zh") for r in reports],
    }
    runs: dict[str, list[float]] = {name: [] for name in phases}
    for phase in phases.values():
        phase()  # warm
    for _ in range(repeat):  # the phases in turn, so that the machine's drift falls on all alike
        for name, phase in phases.items():
            start = time.perf_counter()
            phase()
            runs[name].append((time.perf_counter() - start) / len(files) * 1000)
    per_file = {name: statistics.median(times) for name, times in runs.items()}
    names = list(phases)
    per_file["rules, mask, keys (judge less load and validate)"] = per_file[names[2]] - per_file[names[1]]
    per_file["validate (less load)"] = per_file[names[1]] - per_file[names[0]]
    print(f"{len(files)} generated files, median of {repeat} passes, ms per file")
    for name in [names[0], "validate (less load)", "rules, mask, keys (judge less load and validate)", *names[3:]]:
        print(f"  {per_file[name]:6.2f}  {name}")
    total = per_file[names[2]] + per_file[names[3]] + per_file[names[4]] + per_file[names[5]]
    print(f"  {total:6.2f}  a cold file in all (judge, pickle, unpickle, JSON): {1000 / total:.0f} files/s")


if __name__ == "__main__":
    main()
