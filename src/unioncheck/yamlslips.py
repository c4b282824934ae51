"""The slips of hand that make a branch file wrong YAML, named as what they are, where they are.

PyYAML says in its own English words what its parser met, often a line after the slip ("mapping
values are not allowed here", "did not find expected key"). The commonest slips of people typing
YAML with a Chinese input method are named here instead, at their line and column, with the fix:

- a full-width colon after a key (``staff_count：45``), or a full-width space after a colon;
- a Tab used to indent a line;
- full-width spaces (``　``, or another space that is not an ASCII one) used to indent a line:
  YAML reads them as part of the key, so the file often parses, wrongly;
- a key or a list item's ``-`` a space too far in or out, out of line with the lines around it.

``explained(err, text)`` answers a parser error; ``in_data(text, data, positions)`` finds the
slips that parse (a key beginning with a full-width space, ``code：SQZ`` read as text). Both
give ``(message, line, column)`` or None. A message never quotes what a line holds beyond its
key and a value without letters (a count, a date): the file could not be read, so no one
knows yet which of its values are personal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from .model import Text
from .privacy import shown_key

Slip = tuple  # (Text, line, column)

_WINDOW = 3  # a slip is looked for at the line the parser stopped at and this many above it
_FULL_WIDTH_SPACE = "\u3000"
_FULL_WIDTH_MODE = "a Chinese input method in full-width mode"
# what looks like a space, or like nothing, and is no space YAML indents with: every Unicode space
# but the ASCII one, zero-width spaces and a byte-order mark inside the text
ODD_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200C))) + "\u202f\u205f\u2060\u3000\ufeff"

# a key written with a Chinese input method's full-width colon: `staff_count：45`, `- id： C2025-1`
_WIDE_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?([^\s:#'\"][^:#\n]*?)[ \t]*(：)")
# a key followed by a colon and a full-width space: `code:　SQZ`
_WIDE_AFTER_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?([^\s:#'\"][^:#\n]*?):(\u3000)")
_KEY = re.compile(r"""^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{\[\]},:-][^#]*?|-\S[^#]*?)[ \t]*:(?:[ \t]|$)""")
_BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*(?:\s+#.*)?$")
_DASHES = re.compile(r"^(?:-(?:[ \t]+|$))*")
_NO_LETTERS = re.compile(r"^[\d\s\-./:]*$")
# what a text read without complaint is when it was meant as a field: `code：SQZ`, `code:　SQZ`
_FIELD_AND_WIDE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*[ \t]*(?:：|:\u3000)")
# a line where ``in_data`` could find a slip: an unusual space where a key starts, or a field and a full-width colon
_MAYBE = re.compile(rf"^[ \t]*(?:-[ \t]+)*(?:[{ODD_SPACES}]|[A-Za-z_][A-Za-z0-9_]*[ \t]*(?:：|:\u3000))", re.MULTILINE)


def _space_name(ch: str) -> tuple[str, str]:
    if ch == "\t":
        return "了 Tab 键", "a Tab"
    if ch == _FULL_WIDTH_SPACE:
        return "全角空格“　”（中文输入法的全角状态）", f"full-width spaces '　' ({_FULL_WIDTH_MODE})"
    return (
        f"看不见的特殊空格（U+{ord(ch):04X}，常见于从网页或 Word 复制的文字）",
        f"an unusual space (U+{ord(ch):04X}, as text copied from a web page or Word has)",
    )


@dataclass
class _Line:
    number: int
    lead: str  # the whitespace before the content, of any kind
    content: str

    @property
    def indent(self) -> int:
        return len(self.lead)

    @property
    def plain(self) -> bool:
        """Indented with ASCII spaces only."""
        return not self.lead.strip(" ")

    @property
    def dash(self) -> bool:
        return self._dashes() > 0

    def key(self) -> str | None:
        """The key this line begins with (after a list item's ``-``), if it begins with one."""
        found = _KEY.match(self.content[self._dashes() :])
        return found.group(0).rstrip().rstrip(":").strip().strip("'\"") if found else None

    def _dashes(self) -> int:
        """Where the content after the ``-`` (or ``- -``) starts, counted from the line's indent."""
        return _DASHES.match(self.content).end()  # type: ignore[union-attr]

    def value(self) -> str:
        """What follows the key's colon (or a bare ``-``), without a comment."""
        rest = self.content[self._dashes() :]
        found = _KEY.match(rest)
        rest = rest[found.end() if found else 0 :].strip()
        return "" if rest.startswith("#") else rest


def _lines(text: str) -> list[_Line]:
    found = []
    for number, raw in enumerate(text.splitlines(), 1):
        content = raw.lstrip(" \t" + ODD_SPACES)
        found.append(_Line(number, raw[: len(raw) - len(content)], content.rstrip()))
    return found


@dataclass
class _Level:
    indent: int
    kind: str  # "map" or "seq"
    line: _Line


@dataclass
class _Expected:  # where a line should start, and the line it lines up with or sits below
    indent: int
    kind: str
    beside: _Line | None = None  # the line at that level
    below: _Line | None = None  # the line that opened the block it starts


class _Indentation:
    """Walks the lines keeping the open levels of indentation, as a YAML parser does, and says
    where each line should have started."""

    def __init__(self, lines: list[_Line]):
        self.lines, self.levels, self.opener, self.step = lines, [], None, _step(lines)

    def walk(self) -> Iterator[tuple[_Line, _Expected | None]]:
        """Each content line, with where it should start when it does not start there."""
        skip_below: int | None = None
        flow = 0  # brackets a flow collection ([…], {…}) left open on the lines above
        for line in self.lines:
            if not line.content or line.content.startswith(("#", "---", "...")):
                continue
            if skip_below is not None and (line.indent > skip_below or not line.plain):
                continue  # inside a block scalar (|, >): text, not structure
            skip_below = None
            if flow > 0:
                flow = max(flow + _brackets(line.content), 0)
                continue  # inside a flow collection written over several lines
            flow = max(_brackets(line.content), 0)
            expected = self.expected(line)
            yield line, (expected if expected and (not line.plain or expected.indent != line.indent) else None)
            self.enter(line, expected.indent if expected and not line.plain else line.indent)
            if _BLOCK_SCALAR.match(line.value()):
                skip_below = line.indent

    def expected(self, line: _Line) -> _Expected | None:
        kind = "seq" if line.dash else "map"
        if self.opener is not None:
            opener = self.opener
            if line.plain and (line.indent > opener.indent or (line.dash and line.indent == opener.indent)):
                return _Expected(line.indent, kind, below=opener)
            if not line.plain:
                return _Expected(opener.indent + self.step, kind, below=opener)
        if line.plain and not line.key() and not line.dash:
            return None  # text continuing a value on the line above
        return self._among_levels(line, kind)

    def _among_levels(self, line: _Line, kind: str) -> _Expected | None:
        same = [level for level in self.levels if level.kind == kind]
        if not same:
            return None
        # the nearest level of its kind (the deeper of two); for a Tab, which says nothing of how far: the last
        level = min(reversed(same), key=lambda lv: abs(lv.indent - line.indent)) if line.plain else same[-1]
        return _Expected(level.indent, kind, beside=level.line)

    def _at(self, indent: int, kind: str, line: _Line) -> None:  # the level open there, or a new one
        if self.levels and self.levels[-1].indent == indent and self.levels[-1].kind == kind:
            self.levels[-1].line = line
        else:
            self.levels.append(_Level(indent, kind, line))

    def enter(self, line: _Line, indent: int) -> None:
        """Take ``line`` as starting at ``indent``: close the levels it ends, open the ones it starts."""
        opened = self.opener is not None and (
            indent > self.opener.indent or (line.dash and indent == self.opener.indent)
        )
        self.opener = None
        if not opened:
            while self.levels and (
                self.levels[-1].indent > indent
                or (self.levels[-1].indent == indent and self.levels[-1].kind != ("seq" if line.dash else "map"))
            ):
                self.levels.pop()
        if line.dash:
            self._at(indent, "seq", line)
            if line.key():
                self.levels.append(_Level(indent + line._dashes(), "map", line))
        elif line.key():
            self._at(indent, "map", line)
        if (line.key() or line.dash) and not line.value():
            self.opener = _Line(line.number, " " * indent, line.content)


def _brackets(content: str) -> int:
    """How many more brackets ``content`` opens than it closes (outside quotes, roughly)."""
    plain = re.sub(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|\s#.*$", "", content)
    return plain.count("[") + plain.count("{") - plain.count("]") - plain.count("}")


def _step(lines: list[_Line]) -> int:
    """How many spaces the file indents a level by: the first step from a line to the one below it."""
    previous = None
    for line in lines:
        if not line.content or line.content.startswith("#") or not line.plain:
            continue
        if previous is not None and line.indent > previous.indent:
            return line.indent - previous.indent
        previous = line
    return 2


def _what(line: _Line) -> tuple[str, str]:
    """The line's key (or its ``-``) as messages name it."""
    if line.dash:
        return "列表项的“-”", "the list item's '-'"
    return _named(line.key())


def _named(key: str | None) -> tuple[str, str]:
    if key is None:
        return "这一行", "this line"
    shown = shown_key(key)
    return f"“{shown.strip(chr(39))}”", shown


def _lined_up(expected: _Expected) -> tuple[str, str]:
    if expected.below is not None:
        zh, en = _what(expected.below)
        return (
            f"比第 {expected.below.number} 行的 {zh} 多缩进一级",
            f"one level below {en} on line {expected.below.number}",
        )
    if expected.beside is not None:
        zh, en = _what(expected.beside)
        if expected.kind == "map" and expected.beside.dash:  # the field after the item's '-'
            zh, en = _named(expected.beside.key())
        return f"与第 {expected.beside.number} 行的 {zh} 对齐", f"in line with {en} on line {expected.beside.number}"
    return "", ""


def _indent_problem(line: _Line, expected: _Expected) -> Slip:
    zh_what, en_what = _what(line)
    zh_at, en_at = _lined_up(expected)
    want, odd = expected.indent, next((ch for ch in line.lead if ch != " "), None)
    if odd is not None:  # a Tab, full-width spaces: the line may be where it was meant, with the wrong spaces
        column = line.lead.index(odd) + 1
        zh_space, en_space = _space_name(odd)
        rule = "Indent with spaces, never tabs" if odd == "\t" else "Indent with ASCII spaces only"
        return (
            Text(
                f"第 {line.number} 行 {zh_what} 前面用{zh_space}缩进（第 {column} 列）：YAML 只能用半角空格缩进。"
                f"请删去它，改用 {want} 个半角空格（{zh_at}）",
                f"line {line.number}: {en_what} is indented with {en_space} (column {column}), which YAML does not "
                f"allow. {rule}: {_spaces(want)}, {en_at}",
            ),
            line.number,
            column,
        )
    more = line.indent - want
    zh_off, en_off = (f"多了 {more}", f"{more} too many") if more > 0 else (f"少了 {-more}", f"{-more} too few")
    zh_do, en_do = (f"改成 {want} 个空格", f"indent it {_spaces(want)}") if want else ("顶格写", "start it at column 1")
    return (
        Text(
            f"第 {line.number} 行 {zh_what} 的缩进不对：前面有 {line.indent} 个空格，{zh_off} 个。"
            f"请{zh_do}（{zh_at}）；同一层的字段和同一列表的“-”必须上下对齐",
            f"line {line.number}: {en_what} is indented {_spaces(line.indent)}, {en_off}: {en_do}, {en_at}; "
            "the fields of one level, and the '-' of one list, line up",
        ),
        line.number,
        line.indent + 1,
    )


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def explained(err: Any, text: str) -> Slip | None:
    """The slip behind a parser error (``yaml.MarkedYAMLError``), or None where it is none of these."""
    mark, lines = err.problem_mark or err.context_mark, _lines(text)
    row = min(mark.line + 1, len(lines)) if mark else 0
    if row < 1:
        return None
    window = lines[max(row - _WINDOW, 0) : row][::-1]  # where the parser stopped, then the lines above
    return (
        next(filter(None, map(_wide_colon_at, window)), None)
        or _indentation(lines, row)
        or _colon_in_value(err, lines, row)
    )


def _wide_colon_at(line: _Line) -> Slip | None:
    """A full-width colon after a key (``code：SQZ``), or a full-width space after its colon."""
    raw = line.lead + line.content
    found = _WIDE_COLON.match(raw)
    if found:
        key, rest = found.group(1), raw[found.end(2) :].strip()
        shown = shown_key(key).strip("'")
        meant = f"{shown}: {rest if rest and _NO_LETTERS.match(rest) else '…'}"
        return (
            Text(
                f"第 {line.number} 行“{shown}”后面用了全角冒号“：”（中文输入法），YAML 只认半角冒号："
                f"请改成 {meant}（半角冒号后加一个空格）",
                f"line {line.number}: '{shown}' is followed by a full-width colon '：' (a Chinese input method); "
                f"YAML needs an ASCII colon and a space: write {meant}",
            ),
            line.number,
            found.start(2) + 1,
        )
    found = _WIDE_AFTER_COLON.match(raw)
    if found:
        shown = shown_key(found.group(1)).strip("'")
        return (
            Text(
                f"第 {line.number} 行“{shown}:”后面是全角空格“　”（中文输入法的全角状态）：YAML 要求冒号后是半角空格。"
                f"请改成 {shown}: 后接一个半角空格，再写值",
                f"line {line.number}: '{shown}:' is followed by a full-width space '　' ({_FULL_WIDTH_MODE}); YAML "
                f"needs an ASCII space after the colon: write {shown}: , an ASCII space, then the value",
            ),
            line.number,
            found.start(2) + 1,
        )
    return None


def _indentation(lines: list[_Line], row: int) -> Slip | None:
    """The last line out of line with the lines around it, at or just above ``row``."""
    found = None
    for line, expected in _Indentation(lines[:row]).walk():
        if expected is not None and line.number > row - _WINDOW:
            found = (line, expected)
    return _indent_problem(*found) if found else None


def _colon_in_value(err: Any, lines: list[_Line], row: int) -> Slip | None:
    """``title: 院长: 工作报告``: a colon and a space inside a value, which YAML reads as another key."""
    if "mapping values are not allowed" not in str(getattr(err, "problem", "")):
        return None
    line = lines[row - 1]
    key = line.key()
    if key is None or ": " not in line.value():
        return None
    shown = shown_key(key).strip("'")
    after_key = line.content.find(": ", line.content.find(":") + 1)
    return (
        Text(
            f"第 {line.number} 行“{shown}”的值里有“: ”（冒号加空格），YAML 会当成另一个字段：请给整个值加引号，"
            f'例如 {shown}: "…"',
            f"line {line.number}: the value of '{shown}' holds ': ' (a colon and a space), which YAML reads as "
            f'another key: put the whole value in quotes, as {shown}: "…"',
        ),
        line.number,
        len(line.lead) + (after_key if after_key >= 0 else 0) + 1,
    )


def in_data(text: str, data: Any, positions: dict) -> Slip | None:
    """A slip the parser read without complaint, first in the file: a key that begins with a
    full-width (or other unusual) space, or a text on a line of its own that is a key, a
    full-width colon and a value (``code：SQZ``)."""
    if "：" not in text and not any(ch in text for ch in ODD_SPACES) or not _MAYBE.search(text):
        return None  # most files: no line where either could be (a plain substring test first, then the lines)
    rows = []
    for path, value in _walk(data, ()):
        at = positions.get(path)
        if at is None or at[0] is None:
            continue
        if path and isinstance(path[-1], str) and path[-1][:1] and path[-1][0] in ODD_SPACES:
            rows.append(-at[0])  # the key is on this line or above it (its value may start below)
        elif isinstance(value, str) and _FIELD_AND_WIDE.match(value) and _starts_its_line(text, at):
            rows.append(at[0])
    if not rows:
        return None
    lines = _lines(text)
    row = min(abs(r) for r in rows)
    if -row in rows:  # the nearest line at or above it indented with something else than spaces
        row = next((n for n in range(min(row, len(lines)), 0, -1) if not lines[n - 1].plain), 0)
    if not 0 < row <= len(lines):
        return None
    line = lines[row - 1]
    if line.plain:
        return _wide_colon_at(line)
    walked = {seen.number: expected for seen, expected in _Indentation(lines[:row]).walk()}
    return _indent_problem(line, walked.get(row) or _Expected(0, "map"))


def _walk(data: Any, path: tuple) -> Iterator[tuple[tuple, Any]]:
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in children:
        yield path + (key,), value
        yield from _walk(value, path + (key,))


def _starts_its_line(text: str, at: tuple[int, int]) -> bool:
    """Whether the value at (line, column) is the first thing on its line (after a list's ``-``)."""
    lines = text.splitlines()
    return at[0] <= len(lines) and not lines[at[0] - 1][: at[1] - 1].strip(" \t-")
