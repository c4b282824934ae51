"""The hazard catalogue: hostile and clumsy input tried through the real command line, every output
format, the baseline and the results cache at once, with four questions asked of each run —

- did it end with the status its kind calls for (1: a verdict on the data; 2: the tool was asked
  something it cannot do), within the time limit, with no traceback?
- did any personal value of the data (a hardship file's name or ID number, or anything that looks
  like an ID number) reach stdout, stderr, a report, the baseline or the cache?
- did any cell of the workbook or the CSV become a formula?
- is every file the user gave byte for byte as it was?

``tests/test_hazards.py`` runs it in CI; ``python tests/hazards.py`` runs it and prints the figures
that docs/reliability.md quotes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
REFERENCE = (REPO / "fixtures" / "reference" / "branch-example-next.yaml").read_text("utf-8")
NAMES = ("冯某", "褚某", "卫某")  # the reference file's hardship names
IDS = ("522601198001011238", "522601197512032044", "522631199005173317")
OTHER_ID = "33010219870614231X"  # an ID number no hardship file holds (and no rule text quotes)
PERSONAL = NAMES + IDS + (OTHER_ID,)
FORMATS = ("json", "sarif", "junit", "csv", "markdown", "html", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@")
AS_OF = ("--as-of", "2025-12-31")


def edited(*pairs: tuple[str, str]) -> str:
    """The reference file with each (old, new) replaced once; an old text that is not there is a bug here."""
    text = REFERENCE
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@dataclass
class Hazard:
    name: str
    files: dict[str, str | bytes] = field(default_factory=dict)  # data dir: name -> content
    args: tuple = ()  # after `check DATA`, before the report options
    status: tuple[int, ...] = (1,)
    reports: bool = True  # ask for every format, the baseline and the cache
    setup: Callable[[Path], None] | None = None  # more preparation in the run's directory
    command: tuple = ("check",)
    paths: tuple = ("data",)  # what the command is given to check


def data_hazards() -> list[Hazard]:
    """Branch files that are wrong: each is a verdict on the data (exit 1), never a crash or a leak."""
    hardship = "      household_size: 4\n"
    return [
        Hazard("leading-zero count", {"b.yaml": edited(("delegates_present: 60", "delegates_present: 046"))}),
        Hazard("base-60 count", {"b.yaml": edited(("staff_count: 426", "staff_count: 1:30"))}),
        Hazard("5,000-digit integer", {"b.yaml": edited(("staff_count: 426", "staff_count: " + "9" * 5000))}),
        Hazard("period 0000", {"b.yaml": edited(('covers: "2024"', 'covers: "0000"'))}),
        Hazard("period 9999-Q4", {"b.yaml": edited(("covers: 2024-Q4", 'covers: "9999-Q4"'))}),
        Hazard("date 9999-12-31", {"b.yaml": edited(("opened_on: 2023-01-09", "opened_on: 9999-12-31"))}),
        Hazard("date 0001-01-01", {"b.yaml": edited(("date: 2025-03-14", "date: 0001-01-01"))}),
        Hazard("ID number as a count", {"b.yaml": edited((hardship, f'      household_size: "{IDS[0]}"\n'))}),
        Hazard("unquoted ID number as a count", {"b.yaml": edited((hardship, f"      household_size: {IDS[0]}\n"))}),
        Hazard("unquoted ID number", {"b.yaml": edited((f'id_number: "{IDS[1]}"', f"id_number: {IDS[1]}"))}),
        Hazard("name as a date", {"b.yaml": edited(("opened_on: 2023-01-09", f"opened_on: {NAMES[0]}"))}),
        Hazard("name as an enum", {"b.yaml": edited(("status: exited", f"status: {NAMES[2]}"))}),
        Hazard("name as a category", {"b.yaml": edited(("category: deep ", f"category: {NAMES[0]} "))}),
        Hazard("name as a hardship id", {"b.yaml": edited(("id: KN-2024-011", f"id: {NAMES[1]}"))}),
        Hazard("ID number as a hardship id", {"b.yaml": edited(("id: KN-2024-011", f'id: "{IDS[1]}"'))}),
        Hazard(
            "name as an evidence path",
            {"b.yaml": edited(("- evidence/2025/congress-minutes.pdf", f"- evidence/{NAMES[0]}.pdf"))},
        ),
        Hazard("name as a key", {"b.yaml": edited((hardship, f"{hardship}      {NAMES[0]}: 1\n"))}),
        Hazard("other ID number in a title", {"b.yaml": edited(("title: 审议通过院长工作报告", f"title: {OTHER_ID}"))}),
        Hazard(
            "formula as the branch name",
            {"b.yaml": edited(("name: 县人民医院工会委员会", 'name: "=HYPERLINK(\\"http://x\\",\\"点击\\")"'))},
        ),
        Hazard("formula as a code", {"b.yaml": edited(("code: XRMYY", 'code: "=1+1"'))}),
        Hazard(
            "formulas in messages",
            {"b.yaml": edited(("form: representative ", 'form: "@SUM(A1)" '), ("unit: 县人民医院", "unit: '+cmd'"))},
        ),
        Hazard("formula as a file name", {"=cmd.yaml": REFERENCE, "-1.yaml": REFERENCE}),
        Hazard("GBK file name", {"\udcca\udcaf\udcc7\udcc5.yaml": REFERENCE}),
        Hazard("GBK content", {"b.yaml": REFERENCE.encode("gb18030")}),
        Hazard("UTF-16 content", {"b.yaml": REFERENCE.encode("utf-16")}),
        Hazard(
            "billion laughs",
            {
                "b.yaml": "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
                + "".join(
                    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                    f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
                    for i in range(9)
                )
            },
        ),
        Hazard("deep nesting", {"b.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n"}),
        Hazard("empty file", {"b.yaml": ""}),
        Hazard("a Tab indenting a hardship name", {"b.yaml": edited(("      name: 冯某", "\t  name: 冯某"))}),
        Hazard(
            "full-width spaces indenting a name",
            {"b.yaml": edited(("      name: 褚某", "\u3000\u3000\u3000name: 褚某"))},
        ),
        Hazard("full-width colon after a name", {"b.yaml": edited(("      name: 卫某", "      name：卫某"))}),
        Hazard("a key indented a space too far", {"b.yaml": edited((hardship, " " + hardship))}),
        Hazard("a list item indented a space too few", {"b.yaml": edited(("  - id: E2023", " - id: E2023"))}),
        Hazard("Chinese labels for every value", {"b.yaml": _labelled()}),  # exit 1: no evidence files here
        Hazard("a FIFO named x.yaml", {"ok.yaml": REFERENCE}, setup=lambda run: os.mkfifo(run / "data" / "x.yaml")),
    ]


def _labelled() -> str:
    """The reference file with the values of its unit type, congress forms, hardship categories and
    postings written as their Chinese labels: judged as the reference file is."""
    text = REFERENCE
    for code, label in (
        ("unit_type: hospital", "unit_type: 医院"),
        ("form: representative", "form: 职工代表大会"),
        ("category: deep", "category: 深度困难"),
        ("category: relative", "category: 相对困难"),
        ("category: union_finance", "category: 工会经费收支"),
        ("category: hardship_aid", "category: 帮扶救助情况"),
        ("program: warmth_delivery", "program: 送温暖"),
        ("status: exited", "status: 已退出"),
    ):
        assert code in text, code
        text = text.replace(code, label)
    return text


def tool_hazards() -> list[Hazard]:
    """Asking the tool what it cannot do: a usage or setup error (exit 2), nothing written over anything."""
    ok = {"b.yaml": REFERENCE}

    def profile(text: str):
        return lambda run: (run / "p.yaml").write_text(text, "utf-8")

    quorum = "profile: bad\nextends: county-health-bureau\nrules:\n  CGR002:\n    params:\n      quorum: {value: %s}\n"
    return [
        Hazard("report over a branch file", ok, ("-f", "json:data/b.yaml"), (2,), reports=False),
        Hazard("two formats, one path", ok, ("-f", "json:r.out", "-f", "sarif:r.out"), (2,), reports=False),
        Hazard("report into a missing folder", ok, ("-f", "json:nowhere/r.json"), (2,), reports=False),
        Hazard("report path is a folder", ok, ("-f", "json:data"), (2,), reports=False),
        Hazard(
            "baseline over the waivers",
            ok,
            ("--waivers", "w.yaml", "--write-baseline", "w.yaml"),
            (2,),
            reports=False,
            setup=lambda run: (run / "w.yaml").write_text("waivers: []\n", "utf-8"),
        ),
        Hazard(
            "waivers from a FIFO",
            ok,
            ("--waivers", "w.yaml"),
            (2,),
            reports=False,
            setup=lambda run: os.mkfifo(run / "w.yaml"),
        ),
        Hazard("--rule-timeout nan", ok, ("--rule-timeout", "nan"), (2,), reports=False),
        Hazard("--max-file-size 10^23", ok, ("--max-file-size", "9" * 23), (2,), reports=False),
        Hazard("--as-of 9999-12-31", ok, ("--as-of", "9999-12-31"), (2,), reports=False),
        Hazard("due --as-of 9999-12-01", ok, ("--as-of", "9999-12-01"), (2,), reports=False, command=("due",)),
        Hazard("--select HDR", ok, ("--select", "HDR"), (2,), reports=False),
        Hazard("quorum 1/0", ok, ("--profile", "p.yaml"), (2,), reports=False, setup=profile(quorum % '"1/0"')),
        Hazard("quorum .nan", ok, ("--profile", "p.yaml"), (2,), reports=False, setup=profile(quorum % ".nan")),
        Hazard("quorum .inf", ok, ("--profile", "p.yaml"), (2,), reports=False, setup=profile(quorum % ".inf")),
        Hazard("quorum 5", ok, ("--profile", "p.yaml"), (2,), reports=False, setup=profile(quorum % "5")),
        Hazard("extends 3,000 deep", ok, ("--profile", "p0.yaml"), (2,), reports=False, setup=_deep_profiles),
        Hazard(
            "--compare a list",
            ok,
            ("--compare", "c.json"),
            (2,),
            reports=False,
            setup=lambda run: (run / "c.json").write_text("[1, 2]", "utf-8"),
        ),
        Hazard(
            "--compare binary",
            ok,
            ("--compare", "c.json"),
            (2,),
            reports=False,
            setup=lambda run: (run / "c.json").write_bytes(os.urandom(2000)),
        ),
        Hazard(
            "plugin named from the data",
            ok,
            ("--config", "data/unioncheck.yaml"),
            (2,),
            reports=False,
            setup=_smuggled_plugin,
            paths=("data/b.yaml",),
        ),
        Hazard("cache database of random bytes", ok, (), (1,), setup=_garbage_cache),
        Hazard("cache folder is a file", ok, (), (1,), setup=lambda run: (run / ".unioncheck_cache").write_text("x")),
    ]


def _deep_profiles(run: Path) -> None:
    for i in range(3000):
        (run / f"p{i}.yaml").write_text(f"profile: p{i}\nextends: p{i + 1}.yaml\n", "utf-8")
    (run / "p3000.yaml").write_text("profile: p3000\nextends: county-health-bureau\n", "utf-8")


def _smuggled_plugin(run: Path) -> None:
    (run / "data" / "evil.py").write_text(f"open({str(run / 'pwned')!r}, 'w').write('ran')\n", "utf-8")
    (run / "data" / "unioncheck.yaml").write_text("plugins: [evil.py]\n", "utf-8")


def _garbage_cache(run: Path) -> None:
    (run / ".unioncheck_cache").mkdir()
    (run / ".unioncheck_cache" / "results.sqlite3").write_bytes(os.urandom(4096))


def catalogue() -> list[Hazard]:
    from workbook_hazards import workbook_hazards  # builds workbooks: imports unioncheck and openpyxl

    return data_hazards() + workbook_hazards() + tool_hazards()


@dataclass
class Outcome:
    hazard: Hazard
    status: int | None
    problems: list[str]


def snapshot(root: Path, skip: tuple[str, ...]) -> dict[str, str]:
    """Every regular file below ``root`` (outside ``skip``) and its hash."""
    found = {}
    for path in sorted(root.rglob("*")):
        if any(part in skip for part in path.relative_to(root).parts) or not path.is_file():
            continue
        found[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def stored_texts(path: Path) -> list[bytes]:
    """What a written file holds, in every form a value could hide in: the bytes; each member of a
    zip (xlsx); each value of an SQLite database, decompressed and unpickled where it can be."""
    raw = path.read_bytes()
    texts = [raw]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            texts += [archive.read(member) for member in archive.namelist()]
    if raw.startswith(b"SQLite format 3"):
        texts += _database_values(path)
    return texts


def _database_values(path: Path) -> list[bytes]:
    values: list[bytes] = []
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute("select name from sqlite_master where type='table'")]
        for table in tables:
            for row in connection.execute(f'select * from "{table}"'):
                for value in row:
                    values += _unpacked(value)
    finally:
        connection.close()
    return values


def _unpacked(value) -> list[bytes]:
    if isinstance(value, str):
        return [value.encode("utf-8")]
    if not isinstance(value, bytes):
        return [str(value).encode("utf-8")]
    forms = [value]
    for unpack in (zlib.decompress, lambda b: b):
        try:
            plain = unpack(value)
        except zlib.error:
            continue
        forms.append(plain)
        try:
            forms.append(repr(pickle.loads(plain)).encode("utf-8"))  # noqa: S301 — our own test data
        except Exception:  # noqa: BLE001 — not a pickle
            pass
    return forms


def leaked(texts: list[bytes]) -> list[str]:
    """The personal values found in any of ``texts`` (as UTF-8, or escaped as JSON would write them)."""
    found = []
    for value in PERSONAL:
        forms = {value.encode("utf-8"), value.encode("unicode_escape"), value.encode("utf-16-le")}
        forms |= {value.encode("unicode_escape").replace(b"\\u", b"\\\\u")}
        if any(form in text for text in texts for form in forms):
            found.append(value)
    return found


def formulas(out: Path) -> list[str]:
    """Cells of the written workbook and CSV that a spreadsheet would run as formulas."""
    found = []
    workbook = out / "r.xlsx"
    if workbook.exists():
        import openpyxl

        book = openpyxl.load_workbook(workbook)
        found += [
            f"{sheet.title}!{cell.coordinate}"
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
    table = out / "r.csv"
    if table.exists():
        rows = csv.reader(io.StringIO(table.read_text("utf-8-sig")))
        found += [f"r.csv:{n}" for n, row in enumerate(rows, 1) if any(c.startswith(FORMULA_STARTS) for c in row)]
    return found


def attempt(hazard: Hazard, root: Path, lang: str = "zh", timeout: float = 90) -> Outcome:
    """Run ``hazard`` in a fresh directory below ``root`` and answer the four questions."""
    run = Path(tempfile.mkdtemp(dir=root))
    data, out = run / "data", run / "out"
    data.mkdir()
    out.mkdir()
    for name, content in hazard.files.items():
        target = os.path.join(os.fsencode(data), os.fsencode(name))
        with open(target, "wb") as handle:
            handle.write(content if isinstance(content, bytes) else content.encode("utf-8"))
    if hazard.setup:
        hazard.setup(run)
    given = snapshot(run, skip=("out", ".unioncheck_cache", "home"))
    args = [*hazard.command, *hazard.paths, *AS_OF, *hazard.args, "--lang", lang]
    if hazard.reports:
        args += [item for name in FORMATS for item in ("-f", f"{name}:out/r.{name}")] + ["-f", "table"]
    env = {**os.environ, "XDG_CACHE_HOME": str(run / "home"), "LANG": "C.UTF-8", "COLUMNS": "200"}
    runs = [(args, hazard.status)]
    if hazard.reports:  # then the baseline, from a second run that meets the cache the first one filled
        runs.append(([*args[: -2 * len(FORMATS) - 2], "--write-baseline", "out/baseline.json"], (0,)))
    problems: list[str] = []
    outputs: list[bytes] = []
    statuses_seen: list[int] = []
    for given_args, statuses in runs:
        try:
            done = subprocess.run(
                [sys.executable, "-m", "unioncheck", *given_args],
                cwd=run,
                env=env,
                capture_output=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return Outcome(hazard, None, [f"no answer within {timeout} s"])
        err = done.stderr.decode("utf-8", "replace")
        if done.returncode not in statuses:
            problems.append(f"exit {done.returncode}, expected {statuses}: {err[-300:]}")
        if b"Traceback" in done.stderr + done.stdout:
            problems.append("traceback: " + err[-300:])
        outputs += [done.stdout, done.stderr]
        statuses_seen.append(done.returncode)
    written = outputs
    for path in run.rglob("*"):
        if path.is_file() and (out in path.parents or ".unioncheck_cache" in path.parts or "home" in path.parts):
            written += stored_texts(path)
    problems += [f"personal value leaked: {value[:1]}…" for value in leaked(written)]
    problems += [f"formula cell: {cell}" for cell in formulas(out)]
    if snapshot(run, skip=("out", ".unioncheck_cache", "home")) != given:
        problems.append("an input was modified")
    if (run / "pwned").exists():
        problems.append("code from the data ran")
    shutil.rmtree(run, ignore_errors=True)
    return Outcome(hazard, statuses_seen[0], problems)


def main() -> int:
    root = Path(tempfile.mkdtemp(prefix="unioncheck-hazards-"))
    outcomes = [attempt(h, root, lang) for h in catalogue() for lang in ("zh", "en")]
    shutil.rmtree(root, ignore_errors=True)
    failed = [o for o in outcomes if o.problems]
    for o in failed:
        print(f"{o.hazard.name}: " + "; ".join(o.problems))
    count = {
        kind: sum(any(kind in p for p in o.problems) for o in outcomes)
        for kind in ("traceback", "personal value leaked", "formula cell", "an input was modified", "no answer", "exit")
    }
    print(f"hazards tried: {len(catalogue())} (each in both languages: {len(outcomes)} runs)")
    print(
        f"tracebacks: {count['traceback']}; personal values leaked: {count['personal value leaked']}; "
        f"formula cells: {count['formula cell']}; inputs modified: {count['an input was modified']}; "
        f"hangs: {count['no answer']}; unexpected exit statuses: {count['exit']}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
