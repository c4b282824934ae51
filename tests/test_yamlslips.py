"""The slips that make a branch file wrong YAML, answered in both languages at the line and column
of the slip (not where PyYAML noticed it), with what to write: a Tab, full-width spaces or another
unusual space used to indent, a key or a list item's ``-`` a space out of line, a full-width colon
or a full-width space after a colon, a colon and a space inside a value. Each case gives the file
with the slip and the file as it should be: the message must name the line and column where the
two differ, say the indentation the right file has, and the right file must load."""

import unicodedata

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unioncheck.loader import load
from unioncheck.yamlslips import ODD_SPACES

HEAD = "schema_version: 1\nbranch:\n  code: SQZ\n  name: 石桥镇卫生院工会\n"
CONGRESS = "congresses:\n  - id: C2025-1\n    date: 2025-03-14\n    form: general\n"
HARDSHIP = "hardship:\n  files:\n    - id: KN-01\n      name: 冯某\n      id_number: '522601198001011238'\n"
PERSONAL = ("冯某", "522601198001011238")

# (id, the file with the slip, the file as meant, what the message must say in English). Where the
# slip is: for whitespace that is not spaces, and for a colon, where the two files differ; for an
# indentation out of line (ALIGNED), where the key or the '-' starts.
INDENTED = [
    ("tab before a key", HEAD + "\tunit: 卫生院\n", HEAD + "  unit: 卫生院\n", "Indent with spaces, never tabs"),
    ("tab after spaces", HEAD + "  \tunit: x\n", HEAD + "  unit: x\n", "a Tab"),
    (
        "tab first under a key",
        "schema_version: 1\nbranch:\n\tcode: SQZ\n",
        "schema_version: 1\nbranch:\n  code: SQZ\n",
        "one level below 'branch' on line 2",
    ),
    (
        "tab in a list item",
        CONGRESS + "\t  delegates_total: 40\n",
        CONGRESS + "    delegates_total: 40\n",
        "'form' on line 4",
    ),
    ("tab before a personal value", HARDSHIP + "\t  category: deep\n", HARDSHIP + "      category: deep\n", "a Tab"),
    ("full-width spaces before a key", HEAD.replace("  name", "\u3000\u3000name"), HEAD, "full-width spaces"),
    (
        "full-width space after spaces",
        HEAD + "  \u3000unit: x\n",
        HEAD + "  unit: x\n",
        "in line with 'name' on line 4",
    ),
    (
        "full-width spaces before a dash",
        CONGRESS + "\u3000- id: C2025-2\n",
        CONGRESS + "  - id: C2025-2\n",
        "full-width",
    ),
    (
        "full-width spaces before a list",
        "schema_version: 1\ncongresses:\n\u3000\u3000- id: C1\n",
        "schema_version: 1\ncongresses:\n  - id: C1\n",
        "one level below 'congresses'",
    ),
    (
        "full-width spaces in a list item",
        CONGRESS + "  \u3000\u3000delegates_total: 40\n",
        CONGRESS + "    delegates_total: 40\n",
        "full-width spaces",
    ),
    ("no-break spaces before a key", HEAD + "\u00a0\u00a0unit: x\n", HEAD + "  unit: x\n", "U+00A0"),
]
ALIGNED = [
    ("key a space too far", HEAD + "   unit: x\n", HEAD + "  unit: x\n", "1 too many"),
    ("key a space too few", HEAD + " unit: x\n", HEAD + "  unit: x\n", "1 too few"),
    (
        "key in a list item too far",
        CONGRESS + "     delegates_total: 40\n",
        CONGRESS + "    delegates_total: 40\n",
        "in line with 'form' on line 4",
    ),
    (
        "key in a list item too few",
        CONGRESS + "   delegates_total: 40\n",
        CONGRESS + "    delegates_total: 40\n",
        "1 too few",
    ),
    (
        "key under a personal value too few",
        HARDSHIP + "     category: deep\n",
        HARDSHIP + "      category: deep\n",
        "too few",
    ),
    ("dash a space too far", CONGRESS + "   - id: C2025-2\n", CONGRESS + "  - id: C2025-2\n", "the list item's '-'"),
    (
        "dash a space too few",
        CONGRESS + " - id: C2025-2\n",
        CONGRESS + "  - id: C2025-2\n",
        "the list item's '-' on line 2",
    ),
    (
        "dash of an unindented list",
        "congresses:\n- id: A\n  date: 2025-01-01\n - id: B\n",
        "congresses:\n- id: A\n  date: 2025-01-01\n- id: B\n",
        "start it at column 1",
    ),
]
COLONS = [
    (
        "full-width colon, last of its block",
        "schema_version: 1\nbranch:\n  code：SQZ\n",
        "schema_version: 1\nbranch:\n  code: SQZ\n",
        "write code: …",
    ),
    (
        "full-width colon after a count",
        HEAD + "  staff_count：45\n  unit: x\n",
        HEAD + "  staff_count: 45\n  unit: x\n",
        "write staff_count: 45",
    ),
    ("full-width colon in a list item", "congresses:\n  - id：C1\n", "congresses:\n  - id: C1\n", "write id: …"),
    (
        "full-width colon before a name",
        HARDSHIP + "      category：deep\n",
        HARDSHIP + "      category: deep\n",
        "full-width colon",
    ),
    (
        "full-width space after a colon",
        HEAD + "  unit:\u3000卫生院\n  unit_type: x\n",
        HEAD + "  unit: 卫生院\n  unit_type: x\n",
        "full-width space",
    ),
    (
        "full-width space after the last colon",
        HEAD + "  unit:\u3000卫生院\n",
        HEAD + "  unit: 卫生院\n",
        "full-width space",
    ),
]
QUOTED = [
    ("colon and space in a value", HEAD + "  unit: 县卫生院: 本部\n", HEAD + '  unit: "县卫生院: 本部"\n', "in quotes")
]
KINDS = {"indented": INDENTED, "aligned": ALIGNED, "colon": COLONS, "quoted": QUOTED}
CASES = [(*case, kind) for kind, cases in KINDS.items() for case in cases]


def _write(tmp_path, text, name="branch.yaml"):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return str(path)


def _where_they_differ(broken: str, fixed: str) -> tuple[int, int]:
    """(line, column) of the first character where the two texts differ, read from the texts."""
    for number, (a, b) in enumerate(zip(broken.splitlines(), fixed.splitlines()), 1):
        if a != b:
            return number, next(i for i, (x, y) in enumerate(zip(a + "\0", b + "\0")) if x != y) + 1
    raise AssertionError("the texts do not differ")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@pytest.mark.parametrize("name, broken, fixed, says, kind", CASES, ids=[c[0] for c in CASES])
def test_a_slip_is_named_at_its_line_and_column_with_what_to_write(tmp_path, name, broken, fixed, says, kind):
    assert load(_write(tmp_path, fixed, "fixed.yaml")).ok, "the file as meant must load"
    doc = load(_write(tmp_path, broken))
    assert not doc.ok and len(doc.problems) == 1
    (problem,) = doc.problems
    line, column = _where_they_differ(broken, fixed)
    written, meant = broken.splitlines()[line - 1], fixed.splitlines()[line - 1]
    if kind == "aligned":
        column = _indent(written) + 1
    if kind == "quoted":  # where the colon and space YAML takes for another key's are
        column = written.index(": ", written.index(": ") + 1) + 1
    assert (problem.line, problem.column) == (line, column), problem.message.en
    assert says in problem.message.en
    assert f"第 {line} 行" in problem.message.zh and f"line {line}" in problem.message.en
    if kind in ("indented", "aligned"):  # what to write: the indentation the file as meant has
        want = _indent(meant)
        assert f"{want} 个" in problem.message.zh if want else "顶格" in problem.message.zh, problem.message.zh
        assert f"{want} space" in problem.message.en if want else "column 1" in problem.message.en
    assert "YAML syntax error" not in problem.message.en  # PyYAML's own words are not what users get
    assert not any(value in problem.message.zh + problem.message.en for value in PERSONAL)


def test_every_kind_of_slip_the_issue_names_is_among_the_cases():
    names = " ".join(c[0] for c in CASES)
    for kind in ("tab", "too far", "too few", "dash", "full-width spaces", "full-width colon", "no-break"):
        assert kind in names, kind


@pytest.mark.parametrize(
    "typed", ["name：冯某", "name:\u3000冯某", "\tname: 冯某", "\u3000\u3000name: 冯某", "     name: 冯某"]
)
def test_a_slip_on_a_line_with_a_personal_value_never_quotes_it(tmp_path, typed):
    """The file could not be read, so nothing knows yet which of its values are personal: a slip's
    message names the key and the fix, never the value on the line."""
    text = "hardship:\n  files:\n    - id: KN-01\n      " + typed.lstrip(" ") + "\n      category: deep\n"
    if typed.startswith("     "):
        text = "hardship:\n  files:\n    - id: KN-01\n" + typed + "\n      category: deep\n"
    doc = load(_write(tmp_path, text))
    assert not doc.ok
    assert all("冯某" not in p.message.zh + p.message.en for p in doc.problems)


def test_every_unicode_space_but_the_ascii_one_is_an_odd_space():
    """The loader looks for a slip of these only where one of them is in the file: all of them."""
    spaces = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs"} - {" "}
    assert set(ODD_SPACES) == spaces | {"\u200b", "\u2060", "\ufeff"}


def test_a_full_width_colon_inside_a_value_is_no_slip(tmp_path):
    text = HEAD + "  unit: 县卫生院：本部\n  chair: 王某\nelections:\n  - id: E1\n    kind: general\n"
    assert load(_write(tmp_path, text)).ok


def test_a_block_of_text_may_indent_as_it_likes(tmp_path):
    text = HEAD + "  unit: |\n    县卫生院\n      本部: 二楼\n  chair: 王某\n"
    assert load(_write(tmp_path, text)).ok
    broken = text + "   unit_type: x\n"
    (problem,) = load(_write(tmp_path, broken)).problems
    assert problem.line == len(broken.splitlines()) and "in line with 'chair'" in problem.message.en


_KEYS = st.from_regex(r"[a-z_]{1,8}", fullmatch=True)
_TEXT = st.text(alphabet="县卫生院：　:-# 'ab1\t", min_size=1, max_size=12).filter(
    lambda v: not __import__("re").match(r"^[A-Za-z_][A-Za-z0-9_]*[ \t]*(?:：|:\u3000)", v.strip())
)
_DATA = st.recursive(
    _TEXT | st.integers(0, 99),
    lambda inner: st.lists(inner, min_size=1, max_size=3) | st.dictionaries(_KEYS, inner, min_size=1, max_size=3),
    max_leaves=12,
)


@settings(
    max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(_KEYS, _DATA, min_size=1, max_size=4), st.sampled_from([1, 2, 4]))
def test_well_formed_yaml_is_never_taken_for_a_slip(tmp_path, data, indent):
    """Any file PyYAML writes (values with full-width colons and spaces inside them, any indentation
    step, flow and block styles) loads without a problem."""
    for flow in (False, None):
        text = yaml.safe_dump(data, allow_unicode=True, indent=max(indent, 2), default_flow_style=flow)
        doc = load(_write(tmp_path, text))
        assert doc.ok, (text, [p.message.en for p in doc.problems])


@settings(
    max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(alphabet=" \t\u3000\u00a0-:：ab#|>'\"[]{}", max_size=10), min_size=1, max_size=8))
def test_any_text_is_read_or_refused_with_a_located_problem_never_an_exception(tmp_path, rows):
    text = "\n".join(rows) + "\n"
    doc = load(_write(tmp_path, text))
    for problem in doc.problems:
        assert problem.message.zh and problem.message.en
        assert problem.line is None or 1 <= problem.line <= len(text.splitlines()) + 1  # + 1: the end of the file
