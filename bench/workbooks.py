"""How long reading a branch workbook takes: the reference workbook, and a generated county of
workbooks (``generate.py``'s branch files written as workbooks by ``writing.build``).

    .venv/bin/python bench/workbooks.py --branches 2000 --repeat 5

Prints, for each, the median of ``--repeat`` timings: the reference workbook read alone
(``sheets.read``: the bytes to grids) and loaded (``workbook.load``: to a document), per
file; and the county's workbooks loaded one after the other in this process, in total and
per file. The workbooks are written once into ``--out`` (kept between runs when given).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

from unioncheck.loader import DEFAULT_MAX_BYTES, load  # noqa: E402
from unioncheck.plugins import collect_contract, plugin_manager  # noqa: E402
from unioncheck.sheets import read  # noqa: E402
from unioncheck.workbook import load as load_workbook  # noqa: E402
from unioncheck.writing import build  # noqa: E402

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reference" / "branch-example-next.yaml"


def workbook_of(yaml_file: Path, layout, out: Path) -> Path:
    target = out / (yaml_file.stem + ".xlsx")
    if not target.exists():
        build(layout, load(str(yaml_file)).data).save(target)
    return target


def per_file(action, repeat: int, inner: int) -> float:
    """Median over ``repeat`` rounds of the mean seconds of ``inner`` calls of ``action``."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(inner):
            action()
        rounds.append((time.perf_counter() - start) / inner)
    return statistics.median(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, help="where the workbooks are written (kept); a temporary folder if not")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="unioncheck-workbooks-"))
    out.mkdir(parents=True, exist_ok=True)
    layout = collect_contract(plugin_manager()).layout
    reference = workbook_of(REFERENCE, layout, out)
    raw = reference.read_bytes()
    print(f"reference workbook: {len(raw)} bytes")
    print(f"  sheets.read     {per_file(lambda: read(raw), args.repeat, 200) * 1000:.2f} ms")
    load_one = lambda: load_workbook(str(reference), layout, DEFAULT_MAX_BYTES)  # noqa: E731
    print(f"  workbook.load   {per_file(load_one, args.repeat, 200) * 1000:.2f} ms")
    county = out / "county"
    if not county.exists():
        generate(out / "yaml", args.branches, 0.2, 1)
        county.mkdir()
        for f in sorted((out / "yaml").glob("*.yaml")):
            workbook_of(f, layout, county)
    files = sorted(str(f) for f in county.glob("*.xlsx"))[: args.branches]
    totals = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for f in files:
            load_workbook(f, layout, DEFAULT_MAX_BYTES)
        totals.append(time.perf_counter() - start)
    total = statistics.median(totals)
    print(f"county: {len(files)} workbooks, {sum(Path(f).stat().st_size for f in files) // len(files)} bytes each")
    print(f"  workbook.load   {total:.2f} s in all, {total / len(files) * 1000:.2f} ms per file")


if __name__ == "__main__":
    main()
