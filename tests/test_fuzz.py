"""Property-based fuzzing of branch files (hypothesis).

Mutations of the reference file — fields dropped, retyped (to odd values, to
the file's own hardship names and ID numbers, to numbers YAML 1.1 reads
another way, ``046`` and ``1:30``, to spreadsheet formulas), duplicated or
shuffled, random bytes, truncation — always end in a report in every format:
never an uncaught exception, never a builtin rule crashing (the schema must
stop whatever the rules cannot judge), no hardship name or ID number of the
file and nothing shaped like an ID number in any output, and no formula in
the workbook. Comments and key order never change the verdict.

Examples per CI run: FUZZ_EXAMPLES mutations + INVARIANCE_EXAMPLES reorderings
(docs/reliability.md); UNIONCHECK_FUZZ_EXAMPLES and UNIONCHECK_FUZZ_RANDOM=1 make a longer, fresh hunt.
"""

import atexit
import copy
import io
import os
import random
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import yaml
from conftest import REFERENCE, check, contract
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from unioncheck import validation
from unioncheck.loader import load
from unioncheck.model import Status
from unioncheck.reporters import REPORTERS, Options
from unioncheck_rules.contract.validator import is_valid as generated_is_valid

FUZZ_EXAMPLES = int(os.environ.get("UNIONCHECK_FUZZ_EXAMPLES", 1000))
INVARIANCE_EXAMPLES = max(FUZZ_EXAMPLES // 4, 50)
# CI explores the same examples every run, so main stays reproducibly green;
# UNIONCHECK_FUZZ_RANDOM=1 hunts with fresh ones.
DERANDOMIZE = not os.environ.get("UNIONCHECK_FUZZ_RANDOM")

BASE = yaml.safe_load(REFERENCE.read_text("utf-8"))
WORKDIR = Path(tempfile.mkdtemp(prefix="unioncheck-fuzz-"))
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
shutil.copytree(REFERENCE.parent / "evidence", WORKDIR / "evidence")
TARGET = WORKDIR / "branch.yaml"

# the reference file's hardship names and ID numbers, the names of elected members (public, but
# personal once a hardship file has one), and other numbers shaped like an ID number
HARDSHIP_NAMES = [f["name"] for f in BASE["hardship"]["files"]]
ELECTED_NAMES = sorted({m["name"] for e in BASE["elections"] for m in e["elected"]})
ID_NUMBERS = [f["id_number"] for f in BASE["hardship"]["files"]] + ["52260119800101123x", "522601800101123"]
PERSONAL = HARDSHIP_NAMES + ID_NUMBERS
FORMULAS = ["=1+1", "@SUM(A1)", '=HYPERLINK("http://example.invalid","点击")', "+1", "-1+1", "\t=1", "＝1+1"]


class Raw(str):
    """A scalar written into the YAML text as it is (``046``, ``1:30``), unquoted and untagged:
    dumped as a marker (``rawvalue3z``) that ``_raw`` then replaces."""


RAW_TEXTS = ("046", "0012", "08", "1:30", "190:20:30", "0x1F", "0b101", "1_000", "-012", "+0:30")
_RAW_MARKER = re.compile(r"rawvalue(\d+)z")


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Raw, lambda dumper, raw: dumper.represent_str(f"rawvalue{RAW_TEXTS.index(raw)}z"))


def _raw(text: str) -> str:
    return _RAW_MARKER.sub(lambda m: RAW_TEXTS[int(m.group(1))], text)


YAML_11_NUMBERS = [Raw(t) for t in RAW_TEXTS]


def _paths(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield path + (key,)
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield path + (i,)
            yield from _paths(item, path + (i,))


PATHS = list(_paths(BASE))
JSONSCHEMA = Draft202012Validator(contract().schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**9), 10**9),
    st.floats(),
    st.text(max_size=20),
    st.lists(st.integers(-5, 5), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.sampled_from(
        [
            "2025/3/14",
            "2025年3月14日",
            "2025-02-30",
            "9999-12-31",
            "0001-01-01",
            "2025-Q5",
            "2025-H3",
            "C2025-1",
            "C2025-1-R1",
            "KN-2024-011",
            "",
            " ",
            "../../etc/passwd",
            "/etc/passwd",
            "evidence",
            "522601198001011238",
            "52260119800101123X",
            "general",
            "exited",
            "active",
            *FORMULAS,
        ]
    ),
    st.sampled_from(PERSONAL + ELECTED_NAMES),
    st.sampled_from(YAML_11_NUMBERS),
)


def _parent(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


def _mutate(draw, data):
    """One structural mutation of ``data`` in place."""
    path = draw(st.sampled_from(PATHS))
    try:
        parent = _parent(data, path)
        parent[path[-1]]
    except (KeyError, IndexError, TypeError):
        return  # an earlier mutation removed it
    op = draw(st.sampled_from(["drop", "retype", "personal", "number", "shuffle", "copy"]))
    if op == "drop":
        del parent[path[-1]]
    elif op == "retype":
        parent[path[-1]] = draw(ODD_VALUES)
    elif op == "personal":  # the file's own personal data typed where it does not belong
        parent[path[-1]] = draw(st.sampled_from(PERSONAL))
    elif op == "number":  # a number written as YAML 1.1 reads it another way, or a formula
        parent[path[-1]] = draw(st.sampled_from(YAML_11_NUMBERS + FORMULAS))
    elif op == "copy":  # a sibling value where this one was: duplicated ids, swapped fields
        other = draw(st.sampled_from(PATHS))
        try:
            parent[path[-1]] = copy.deepcopy(_parent(data, other)[other[-1]])
        except (KeyError, IndexError, TypeError):
            pass
    else:
        value = parent[path[-1]]
        if isinstance(value, list) and value:
            parent[path[-1]] = draw(st.permutations(value))
        elif isinstance(value, dict) and value:
            keys = draw(st.permutations(list(value)))
            parent[path[-1]] = {k: value[k] for k in keys}


def _text_mutation(draw, text: bytes) -> bytes:
    op = draw(st.sampled_from(["bytes", "truncate", "duplicate_line", "none"]))
    if op == "bytes":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.binary(max_size=16)) + text[at:]
    if op == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    if op == "duplicate_line":
        lines = text.split(b"\n")
        i = draw(st.integers(0, len(lines) - 1))
        return b"\n".join(lines[: i + 1] + lines[i:])
    return text


def _verdict(report):
    return sorted((r.rule, r.status.value, r.message.en, str(r.due)) for b in report.branches for r in b.results)


@settings(
    max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=DERANDOMIZE
)
@given(st.data())
def test_mutated_files_always_end_in_a_report(data):
    branch = copy.deepcopy(BASE)
    for _ in range(data.draw(st.integers(0, 4))):
        _mutate(data.draw, branch)
    text = _raw(yaml.dump(branch, Dumper=_Dumper, allow_unicode=True, sort_keys=False)).encode("utf-8")
    TARGET.write_bytes(_text_mutation(data.draw, text))

    loaded = load(str(TARGET))
    if loaded.ok:  # the generated validator's verdict is jsonschema's, always
        reference = not list(JSONSCHEMA.iter_errors(loaded.data))
        assert generated_is_valid(loaded.data, validation.FORMATS) == reference

    report = check([TARGET])
    results = report.branches[0].results
    assert results and all(isinstance(r.status, Status) for r in results)
    crashed = [r.message.en for r in results if "crashed" in r.message.en or "malformed" in r.message.en]
    assert not crashed, crashed
    lang = data.draw(st.sampled_from(["zh", "en"]))
    secrets = _secrets(loaded.data)
    for name, reporter in REPORTERS.items():
        output = reporter().render(report, Options(lang))
        if name == "xlsx":
            assert not _formulas(output)
        text = _text(output)
        leaked = [s for s in secrets if s in text or s.upper() in text]
        assert not leaked, (name, leaked)


def _secrets(data) -> set[str]:
    """What no output may show: every ID-shaped number the mutations use, and the names and ID
    numbers the file's hardship files hold (of those the mutations use: a name of one character
    is not searched for, by design)."""
    hardship = data.get("hardship") if isinstance(data, dict) else None
    files = hardship.get("files") if isinstance(hardship, dict) else None
    held = {
        str(record.get(field))
        for record in (files if isinstance(files, list) else [])
        if isinstance(record, dict)
        for field in ("name", "id_number")
    }
    return set(ID_NUMBERS) | (held & set(PERSONAL + ELECTED_NAMES))


def _text(output) -> str:
    """A report as text; a workbook: every part inside it."""
    if isinstance(output, str):
        return output
    with zipfile.ZipFile(io.BytesIO(output)) as book:
        return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())


def _formulas(workbook: bytes) -> list[str]:
    """The sheets of a workbook holding a formula (a ``<f>`` element, as openpyxl writes one)."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as book:
        sheets = {n: book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/")}
    return [n for n, xml in sheets.items() if b"<f>" in xml or b"<f " in xml]


def _shuffled(node, rng):
    if isinstance(node, dict):
        keys = list(node)
        rng.shuffle(keys)
        return {k: _shuffled(node[k], rng) for k in keys}
    if isinstance(node, list):
        return [_shuffled(v, rng) for v in node]
    return node


REFERENCE_VERDICT = _verdict(check([REFERENCE]))


# YAML allows only printable characters, in comments too
PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Cn"))


@settings(max_examples=INVARIANCE_EXAMPLES, deadline=None, derandomize=DERANDOMIZE)
@given(
    seed=st.integers(0, 2**32 - 1),
    comments=st.lists(st.tuples(st.integers(0, 400), st.text(PRINTABLE, max_size=30)), max_size=8),
)
def test_comments_and_key_order_never_change_the_verdict(seed, comments):
    rng = random.Random(seed)
    # dates must stay as written: dump them back in ISO form (safe_dump does so for date objects)
    lines = yaml.safe_dump(_shuffled(BASE, rng), allow_unicode=True, sort_keys=False).split("\n")
    for at, words in sorted(comments, reverse=True):
        lines.insert(min(at, len(lines)), "# " + words.replace("\n", " ").replace("\r", " "))
    TARGET.write_text("\n".join(lines), "utf-8")
    assert _verdict(check([TARGET])) == REFERENCE_VERDICT
