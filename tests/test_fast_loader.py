"""The fast path (``yamlevents``: documents built from the C parser's events) gives the documents
the reference path gives (``yaml.compose`` and ``loader._Builder``): the same data, of the same
types and in the same key order, the same positions and spans, the same problems at the same line,
column and path. On every YAML file of the repository, a generated county, each kind of refusal,
and fuzzed text."""

import os
import subprocess
import sys

import pytest
import yaml
from conftest import DEMO, REFERENCE, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unioncheck import loader
from unioncheck.loader import DEFAULT_MAX_BYTES, MAX_NODES

pytestmark = pytest.mark.skipif(not loader.C_PARSER, reason="the fast path needs PyYAML's C parser")


def _typed(value):
    """``value`` with every scalar's type beside it and every mapping as its list of items (key order)."""
    if isinstance(value, dict):
        return [(key, _typed(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return type(value).__name__, repr(value)


def _both(path, spans=False, year_keys=False):
    reference = loader._load(str(path), DEFAULT_MAX_BYTES, spans, year_keys, events=False)
    fast = loader._load(str(path), DEFAULT_MAX_BYTES, spans, year_keys, events=True)
    return reference, fast


def _assert_same(path, spans=False, year_keys=False):
    """The two paths' documents for ``path`` are the same; the reference's is returned."""
    reference, fast = _both(path, spans, year_keys)
    assert _typed(fast.data) == _typed(reference.data), path
    assert list(fast.positions.items()) == list(reference.positions.items()), path
    assert fast.problems == reference.problems, path  # message (zh and en), line, column, path
    assert fast.warnings == reference.warnings, path
    assert fast.spans == reference.spans and fast.source == reference.source, path
    return reference


def _write(tmp_path, text, name="branch.yaml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


REPOSITORY_YAML = sorted(
    path for folder in ("fixtures", "rules") for path in (REPO / folder).rglob("*") if path.suffix in (".yaml", ".yml")
)


def test_the_repositorys_yaml_files_are_many_and_of_every_kind():
    names = {path.relative_to(REPO).parts[:2] for path in REPOSITORY_YAML}
    assert len(REPOSITORY_YAML) >= 50
    assert {("fixtures", "rules"), ("fixtures", "county-demo"), ("fixtures", "reference")} <= names
    assert any(path.parent == REPO / "rules" for path in REPOSITORY_YAML)  # the profiles


@pytest.mark.parametrize("path", REPOSITORY_YAML, ids=lambda p: str(p.relative_to(REPO)))
def test_every_yaml_file_of_the_repository_loads_the_same_both_ways(path):
    _assert_same(path)
    _assert_same(path, spans=True)  # what `unioncheck seal` reads
    _assert_same(path, year_keys=True)  # how profiles are read


def test_a_generated_county_loads_the_same_both_ways(tmp_path):
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    files = generate(tmp_path / "county", 200, 0.5, 11)
    assert len(files) == 200
    for path in files:
        assert _assert_same(path).ok
    for path in files[:20]:
        _assert_same(path, spans=True)


def test_load_takes_the_fast_path_unless_told_otherwise(monkeypatch):
    def no_compose(*args, **kwargs):
        raise AssertionError("the node graph was composed")

    monkeypatch.setattr(yaml, "compose", no_compose)
    assert loader.EVENTS and loader.load(str(REFERENCE)).ok
    with pytest.raises(AssertionError, match="composed"):
        loader._load(str(REFERENCE), DEFAULT_MAX_BYTES, False, False, events=False)


@pytest.mark.parametrize("setting,events", [(None, True), ("1", False), ("0", True)])
def test_unioncheck_plain_loader_forces_the_reference_path(setting, events):
    env = {k: v for k, v in os.environ.items() if k != "UNIONCHECK_PLAIN_LOADER"}
    if setting is not None:
        env["UNIONCHECK_PLAIN_LOADER"] = setting
    run = subprocess.run(
        [sys.executable, "-c", "from unioncheck import loader; print(loader.EVENTS)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == str(events)


# ---- each refusal, and what comes before it: the same problem, at the same place ----------------

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def _values(count):
    """A file of exactly ``count`` values, aliases counted each time used: the root, a list of
    1,000 (1 + 999 items), 198 uses of it in another list (1 + 198,000), and a list of the rest."""
    rest = count - 1 - 1000 - 1 - 198 * 1000 - 1
    items = ", ".join(["x"] * 999)
    return f"a: &a [{items}]\nb: [{', '.join(['*a'] * 198)}]\nc: [{', '.join(['y'] * rest)}]\n"


CASES = {  # text, what the problem says (en), its line; None: read without a problem
    "duplicate key": (
        "schema_version: 1\nbranch:\n  code: A\n  code: B\n",
        "duplicate key 'code' (first at line 3)",
        4,
    ),
    "duplicate key through an alias": ("k: &k b\nm: {b: 1, *k : 2}\n", "duplicate key 'b' (first at line 2)", 1),
    "duplicate quoted year key": ("2027: a\n'2027': b\n", "keys must be text", 1),
    "merge key": ("a: &b {x: 1}\nc:\n  <<: *b\n", "merge keys (<<) are not supported", 3),
    "merge tag": ("a: {!!merge x: 1}\n", "merge keys (<<) are not supported", 1),
    "merge tag on a list key": ("? !!merge [a]\n: 1\n", "merge keys (<<) are not supported", 1),
    "list as a key": ("? [a]\n: 1\n", "keys must be text", 1),
    "alias to a list as a key": ("x: &k [a]\n*k : 2\n", "keys must be text", 1),
    "anchored list as a key, used later": ("? &k [a]\n: 1\nb: *k\n", "keys must be text", 1),
    "a list tagged int as a key": ("? !!int [a, b, c, d]\n: x\n", "keys must be text", 1),  # with year_keys too
    "number as a key": ("schema_version: 1\n12: a\n", "keys must be text", 2),
    "boolean as a key": ("yes: a\n", "keys must be text", 1),
    "null as a key": ("~: a\n", "keys must be text", 1),
    "explicit int key": ("!!str 1: a\n!!int 2: b\n", "keys must be text", 2),
    "python tag": ("a: !!python/object/apply:os.system ['true']\n", "is not allowed", 1),
    "local tag on a scalar": ("a: !foo 1\n", "YAML tag !foo is not allowed", 1),
    "local tag on a mapping": ("a: !foo {b: 1}\n", "YAML tag !foo is not allowed", 1),
    "local tag on an anchored value used later": ("a: &x !foo 1\nb: *x\n", "YAML tag !foo is not allowed", 1),
    "bool tag it cannot read": ("a: !!bool maybe\n", "!!bool cannot read 'maybe'", 1),
    "leading zero": ("a:\n  b: 007\n", "007 has a leading zero", 2),
    "leading zero in a list": ("a: [1, 2, 0777]\n", "0777 has a leading zero", 1),
    "leading zero in a key": ("schema_version: 1\n046: x\n", "046 has a leading zero", 2),
    "leading zero through an alias": ("a: &n 1\nb: [*n, &m 010, *m]\n", "010 has a leading zero", 2),
    "base 60": ("a:\n  - 1:30\n", "YAML reads 1:30 as a base-60 number, 90", 2),
    "infinity": ("a: .inf\n", "as infinity", 1),
    "too many values, through aliases": (LAUGHS, "do not use & and * aliases", 1),  # at the node aliased
    "too many values, through aliases in mappings": (
        "a: &a {x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8, r: 9}\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} {{{', '.join(f'k{j}: *' + chr(97 + i) for j in range(9))}}}\n"
            for i in range(8)
        ),
        "do not use & and * aliases",
        1,
    ),
    "exactly as many values as allowed": (_values(MAX_NODES), None, None),
    "one value more than allowed": (_values(MAX_NODES + 1), "do not use & and * aliases", 3),
    "a list holding itself": ("a: &a [1, *a]\n", "nested deeper than 64 levels", 1),
    "a mapping holding itself": ("a: &a {b: *a}\n", "nested deeper than 64 levels", 1),
    "nested too deep in brackets": ("a: " + "[" * 70 + "]" * 70 + "\n", "nested deeper than 64 levels", 1),
    "nested too deep in blocks": ("".join(" " * i + "k:\n" for i in range(70)), "nested deeper than 64 levels", 66),
    "a text 65 deep, in a mapping 64 deep": (
        "".join("  " * i + "k:\n" for i in range(64)) + "  " * 64 + "v: 1\n",
        None,
        None,
    ),
    "a list item 65 deep": ("a: " + "[" * 64 + "1" + "]" * 64 + "\n", "nested deeper than 64 levels", 1),
    "a list item 64 deep": ("a: " + "[" * 63 + "1" + "]" * 63 + "\n", None, None),
    "deep, anchored": ("a: &x " + "[" * 70 + "]" * 70 + "\nb: *x\n", "nested deeper than 64 levels", 1),
    "empty file": ("", "file is empty", None),
    "only comments": ("# 待填写\n", "file is empty", None),
    "an empty document": ("---\n", "the top level must be a mapping", 2),
    "a list at the top": ("- schema_version: 1\n", "the top level must be a mapping", 1),
    "an anchored list at the top, aliased in it": ("--- &a\n- *a\n", "the top level must be a mapping", 1),
    "a text at the top": ("县人民医院\n", "the top level must be a mapping", 1),
    "two documents": ("schema_version: 1\n---\nschema_version: 1\n", "one YAML document per file", 2),
    "a document, its end and another": ("a: 1\n...\n---\n", "one YAML document per file", 3),
    "one document and its end": ("a: 1\n...\n", None, None),
    "undefined alias": ("a: 1\nb: *nowhere\n", "found undefined alias", 2),
    "undefined alias in a key": ("a: 1\n*nowhere : 2\n", "found undefined alias", 2),
    "anchor defined twice": ("a: &x 1\nb: &x 2\n", "found duplicate anchor", 2),
    "anchors and aliases, read": (
        "a: &x 5\nb: *x\nc: [*x, &y 7, *y]\nd: &m {k: v}\ne: *m\n&k f: 1\ng: *k\n",
        None,
        None,
    ),
    "a parse error after a refusal": ("a: 007\nb: [\n", "did not find expected node content", 3),
    "an undefined alias after a refusal": ("a: 007\nb: *z\n", "found undefined alias", 2),
    "a second document after a refusal": ("a: 007\n---\nb: 1\n", "one YAML document per file", 2),
    "a parse error after a top level list": ("- a\n- [\n", "did not find expected node content", 3),
    "an anchor defined twice after a refusal": ("a: !foo 1\nb: &x 1\nc: &x 2\n", "found duplicate anchor", 3),
    "an alias to a refused anchored key": ("? &k [a]\n: 1\nb: *k\nc: *nowhere\n", "found undefined alias", 4),
    "a full-width colon": ("branch:\n  code：SQZ\n", "full-width colon", 2),
    "a full-width space": ("branch:\n\u3000code: SQZ\n", "full-width spaces", 2),
    "a tab": ("branch:\n\tcode: SQZ\n", "Indent with spaces", 2),
    "a control character": ("a: 1\x00\n", "control characters are not allowed", None),
    "non-specific tag": ("a: ! 12\nb: ! [1]\n", None, None),
    "a list tagged as a mapping": ("a: !!map [1]\n", None, None),
    "explicit core tags": ("a: !!str 1\nb: !!int '2'\nc: !!float 1.5\nd: !!null ''\ne: !!bool 'yes'\n", None, None),
    "dates as keys and values": ("2025-01-01: a\nb: 2025-01-01\nc: 2025-01-01 10:00:00\n", None, None),
}


@pytest.mark.parametrize("name", CASES)
def test_each_refusal_is_the_same_both_ways(tmp_path, name):
    text, says, line = CASES[name]
    path = _write(tmp_path, text)
    reference = _assert_same(path)
    _assert_same(path, spans=True)
    _assert_same(path, year_keys=True)
    if says is None:
        assert reference.ok, reference.problems
        return
    (problem,) = reference.problems
    assert says in problem.message.en and problem.line == line, (problem.message.en, problem.line)


def test_year_keys_are_the_same_both_ways(tmp_path):
    text = "calendar:\n  2027: {holidays: []}\n  &y 2028: x\n  2029: *y\nyears: [2027]\n"
    reference = _assert_same(_write(tmp_path, text), year_keys=True)
    assert reference.data == {"calendar": {"2027": {"holidays": []}, "2028": "x", "2029": 2028}, "years": [2027]}
    (problem,) = _assert_same(_write(tmp_path, text + "calendar2:\n  0207: x\n"), year_keys=True).problems
    assert "0207 has a leading zero" in problem.message.en and problem.line == 7
    (problem,) = _assert_same(_write(tmp_path, text.replace("2029: *y", "*y : z")), year_keys=True).problems
    assert "first at line 3" in problem.message.en and (problem.line, problem.column) == (3, 3)  # the key aliased


# ---- fuzzed text: real branch files, mutated ----------------------------------------------------

SOURCES = [REFERENCE.read_text("utf-8"), *(path.read_text("utf-8") for path in sorted(DEMO.glob("*.yaml"))[:4])]
SNIPPETS = [
    "：",
    "\u3000",
    "\t",
    " ",
    "\n",
    "&a ",
    "*a",
    "*a\n",
    "&b ",
    "*b",
    "<<: ",
    "<<: *a\n",
    "!!int ",
    "!!str ",
    "!!bool ",
    "!!float ",
    "!!map ",
    "!!seq ",
    "!!python/none ",
    "!x ",
    "! ",
    "007",
    "0777",
    "08",
    "1:30",
    "190:20:30",
    "0x1F",
    "1_000",
    ".inf",
    "yes",
    "~",
    "---\n",
    "...\n",
    "- ",
    ": ",
    "? ",
    "'",
    '"',
    "#",
    "[",
    "]",
    "{",
    "}",
    ",",
    "[" * 40,
    "]" * 40,
    "k:\n" + "".join("  " * i + "k:\n" for i in range(1, 70)),
    "2027: ",
]


@st.composite
def _mutated(draw):
    text = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(1, 4))):
        what = draw(st.sampled_from(["delete", "insert", "insert", "swap", "repeat"]))
        at = draw(st.integers(0, len(text)))
        if what == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        elif what == "insert":
            text = text[:at] + draw(st.sampled_from(SNIPPETS)) + text[at:]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if what == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(j, lines[i])
            text = "\n".join(lines)
    return text


FUZZ = settings(
    max_examples=400, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(_mutated())
def test_mutated_branch_files_load_the_same_both_ways(tmp_path, text):
    path = _write(tmp_path, text)
    _assert_same(path)
    _assert_same(path, year_keys=True)


@FUZZ
@given(st.text(alphabet="ab01:7-&*<!? \t\n[]{},'\"#~.：\u3000", max_size=40))
def test_small_texts_of_yaml_punctuation_load_the_same_both_ways(tmp_path, text):
    path = _write(tmp_path, text)
    _assert_same(path)
    _assert_same(path, spans=True, year_keys=True)


def test_an_undefined_alias_as_the_whole_document_is_the_composers_error_before_what_follows(tmp_path):
    """Found by the fuzzer: ``*a`` at the top of a branch file, then the file. PyYAML's composer stops
    at the undefined alias, before the parser reaches the error further down."""
    path = tmp_path / "branch.yaml"
    path.write_text("*a\n# a comment\n\nschema_version: 1\nbranch:\n  code: X\n", "utf-8")
    assert "undefined alias" in _assert_same(path).problems[0].message.en
