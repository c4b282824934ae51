"""Files -> documents with positions; every problem is a located value, never an exception.

A *document* is one YAML file turned into plain data (dict, list, str, int,
float, bool, None) plus the line and column of every value, keyed by its
*data path* (``("congresses", 1, "date")``). Dates stay the text they were
written as, so the JSON Schema sees what an editor's YAML language server sees;
the rule plugins parse them.

YAML is read with the libyaml C parser when present, safely (no tags beyond the
YAML core types), with duplicate keys, merge keys, unbounded alias expansion and
numbers YAML 1.1 reads as another value (``numbers``) refused.

Two ways to the same document. The reference: PyYAML composes the node graph and
``_Builder`` walks it into data and positions. The fast path (``yamlevents``), taken
whenever the C parser is there: the data and positions built straight from the C
parser's events, with no node graph in between (tests/test_fast_loader.py proves the
two give the same documents). Set ``UNIONCHECK_PLAIN_LOADER=1`` in the environment
(read once, at import) to take the reference path, for instance to show that a
report is the same either way.

Only regular files are read: a FIFO, a socket or a device named ``x.yaml`` is
refused before it is opened (it would block the run). A name that is not UTF-8
is read by its own name and shown decoded (``shown_path``, ``Document.file``).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from . import yamlslips
from .model import DataPath, Location, Text
from .numbers import number
from .paths import ZIP_MAGIC, not_text_but_workbook
from .privacy import shown_key
from .sealed import copies_of_originals

try:  # the C parser is ~5x faster; the pure-Python one gives the same nodes
    from yaml import CSafeLoader as _SafeLoader

    C_PARSER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

    C_PARSER = False

#: Whether ``load`` builds documents from the C parser's events (``yamlevents``) rather than
#: from PyYAML's node graph (the reference); UNIONCHECK_PLAIN_LOADER=1 forces the reference.
EVENTS = C_PARSER and os.environ.get("UNIONCHECK_PLAIN_LOADER", "") in ("", "0")


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader, resolving each node's tag as PyYAML does, minus the per-node
    bookkeeping of path resolvers (which the safe loader has none of): about half of
    what resolving costs, called from the C parser once per node. tests/test_loader.py
    checks the data equals PyYAML's own on the fixtures, a generated county and fuzzed text."""

    _first = {
        first: tuple(resolvers) + tuple(_SafeLoader.yaml_implicit_resolvers.get(None, []))
        for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
        if first is not None
    }
    _anywhere = tuple(_SafeLoader.yaml_implicit_resolvers.get(None, []))

    if not _SafeLoader.yaml_path_resolvers:  # as PyYAML ships it; otherwise its own methods stay

        def descend_resolver(self, current_node, current_index) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None

        def resolve(self, kind, value, implicit):
            if kind is yaml.ScalarNode:
                if implicit[0]:
                    for tag, pattern in self._first.get(value[:1], self._anywhere):
                        if pattern.match(value):
                            return tag
                return self.DEFAULT_SCALAR_TAG
            return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG


DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000  # values built from one file, aliases counted each time used
MAX_DEPTH = 64
# libyaml's composer recurses on the C stack and crashes the process somewhere
# past 20,000 nested brackets; refuse well before handing it such text.
MAX_PARSER_DEPTH = 1_000
_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(r"^ {%d}" % (2 * MAX_PARSER_DEPTH), re.MULTILINE)

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = _CORE + "timestamp"
_STR = _CORE + "str"
_INT, _FLOAT = _CORE + "int", _CORE + "float"
_COLLECTION_TAGS = {_CORE + "map", _CORE + "seq"}


@dataclass
class Problem:
    """Something wrong with a file before any rule can judge it."""

    message: Text
    line: int | None = None
    column: int | None = None
    path: DataPath = ()
    sheet: str | None = None  # in a workbook: the sheet and cell (``line`` and ``column`` stay None)
    cell: str | None = None

    def location(self, file: str) -> Location:
        return Location(file, self.line, self.column, self.sheet, self.cell)


@dataclass
class Document:
    """One branch file as data, with positions and the problems met loading it."""

    file: str  # as shown in reports (``shown_path``)
    data: Any = None
    positions: dict[DataPath, tuple] = field(default_factory=dict)  # (line, column); in a workbook (sheet, cell)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # read all the same, but the user should know (DAT001)
    cache: dict = field(default_factory=dict)  # per-document memo for plugins
    path: str = ""  # the file's path for the operating system, when it differs from ``file``
    spans: dict[DataPath, tuple[int, int, str | None]] | None = None  # load(spans=True): where each text value is
    source: bytes | None = None  # load(spans=True): the bytes read, which the spans index (once decoded)

    @property
    def directory(self) -> Path:
        return Path(self.path or self.file).resolve().parent

    @property
    def ok(self) -> bool:
        return not self.problems

    def locate(self, path: DataPath | None) -> Location:
        """The file position of ``path``, or of its nearest ancestor that has one."""
        if path is not None:
            path = tuple(path)
            while True:
                pos = self.positions.get(path)
                if pos is not None:
                    if isinstance(pos[0], str):
                        return Location(self.file, sheet=pos[0], cell=pos[1])
                    return Location(self.file, pos[0], pos[1])
                if not path:
                    break
                path = path[:-1]
        return Location(self.file)


class _Refused(Exception):
    def __init__(self, message: Text, node: yaml.Node | None = None, path: DataPath = (), line: int | None = None):
        super().__init__(message.en)
        self.problem = Problem(message, *_mark(node), path=path)
        if line is not None:
            self.problem.line = line


def _mark(node: yaml.Node | None) -> tuple[int | None, int | None]:
    if node is None or node.start_mark is None:
        return None, None
    return node.start_mark.line + 1, node.start_mark.column + 1


NOT_BRANCH_FILES = {"unioncheck.yaml"}  # a configuration file, not a branch


SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".et", ".ods")  # read (or answered) as workbooks
BRANCH_SUFFIXES = (".yaml", ".yml", *SPREADSHEETS)


def is_workbook(file: str) -> bool:
    return file.lower().endswith(SPREADSHEETS)


def read_document(file: str, max_bytes: int = DEFAULT_MAX_BYTES, layout=None) -> Document:
    """A branch file in either form: a workbook (read by the contract's ``layout``) or YAML."""
    if is_workbook(file):
        from .workbook import load as load_workbook

        return load_workbook(file, layout, max_bytes)
    return load(file, max_bytes)


def discover(paths: list[str]) -> Iterator[str]:
    """Every ``*.yaml`` / ``*.yml`` / ``*.xlsx`` (and other spreadsheets, to be answered) named or
    below a named directory, in a stable order.

    Below a directory, hidden files and directories (``.git``, ``.unioncheck.yaml``,
    ``.gitlab-ci.yml``), ``unioncheck.yaml``, Office's lock files (``~$石桥.xlsx``, left
    while a workbook is open) and the sealed copy of a workbook beside it (``石桥.sealed.xlsx``
    beside ``石桥.xlsx``: the same branch) are not branch files. A file named
    explicitly is always read; one that does not exist is yielded as is, so that
    loading reports it.
    """
    for given in paths:
        if os.path.isdir(given):
            found = []
            for root, dirs, files in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                copies = copies_of_originals(files)
                found.extend(
                    os.path.join(root, f)
                    for f in files
                    if f.lower().endswith(BRANCH_SUFFIXES)
                    and not f.startswith((".", "~$"))
                    and f.lower() not in NOT_BRANCH_FILES  # Unioncheck.yaml is the configuration on Windows too
                    and f not in copies
                )
            yield from sorted(found, key=lambda path: path.replace(os.sep, "/"))  # one order on every system
        else:
            yield given


def load(file: str, max_bytes: int = DEFAULT_MAX_BYTES, spans: bool = False, year_keys: bool = False) -> Document:
    """Read and parse one file; problems are recorded on the document, never raised.

    ``year_keys``: a key that is a plain four-digit number (``2027:``, a profile's calendar year) is
    kept as the text it is written as; otherwise every key must be text.

    ``spans``: also keep the bytes read (``source``) and, for each scalar value, its start and end
    as character offsets into them once decoded (``decoded``), and its YAML style — for a
    command that edits values in place and leaves every other byte as it was (``unioncheck seal``)."""
    return _load(file, max_bytes, spans, year_keys, EVENTS)


def _load(file: str, max_bytes: int, spans: bool, year_keys: bool, events: bool) -> Document:
    """``load``, from the parser's events (``events``) or from the node graph (the reference)."""
    doc = Document(shown_path(file), path=file, spans={} if spans else None)
    text = ""
    try:
        raw = _read(file, max_bytes)
        doc.source = raw if spans else None
        text = _decode(raw)
        _guard_nesting(text)
        doc.data = (_from_events if events else _from_nodes)(text, doc, year_keys)
        slip = yamlslips.in_data(text, doc.data, doc.positions)  # `code：SQZ` or full-width spaces, read as text
        if slip is not None:
            doc.problems.append(Problem(*slip))
    except _Refused as refused:
        doc.problems.append(refused.problem)
    except OSError as err:
        doc.problems.append(os_problem(err))
    except yaml.MarkedYAMLError as err:
        doc.problems.append(_yaml_problem(err, text))
    except yaml.YAMLError as err:  # reader errors (control characters) carry no mark
        doc.problems.append(Problem(Text(f"YAML 无法读取：{err}", f"YAML cannot be read: {err}")))
    except RecursionError:
        doc.problems.append(
            Problem(
                Text(
                    "嵌套层次过深，无法读取：分支数据文件只需要几层缩进",
                    "nested too deeply to read: a branch file needs only a few levels of indentation",
                )
            )
        )
    return doc


def _from_nodes(text: str, doc: Document, year_keys: bool) -> Any:
    """The reference: PyYAML composes the whole node graph, then ``_Builder`` walks it."""
    root = yaml.compose(text, Loader=_Loader)
    if root is None:
        raise _Refused(empty_file())
    if not isinstance(root, yaml.MappingNode):
        raise _Refused(not_a_mapping(), root)
    return _Builder(doc.positions, doc.spans, year_keys).build(root)


def _from_events(text: str, doc: Document, year_keys: bool) -> Any:
    """The same data and positions, built from the C parser's events (``yamlevents``)."""
    from .yamlevents import EventBuilder  # here, not at the top: yamlevents builds on this module

    try:
        return EventBuilder(text, doc.positions, doc.spans, year_keys).document()
    except yaml.YAMLError:  # compose fails before any value is placed: no positions, as the reference
        doc.positions.clear()
        if doc.spans is not None:
            doc.spans.clear()
        raise


def os_problem(err: OSError) -> Problem:
    """The problem of a file the operating system would not read."""
    if isinstance(err, (FileNotFoundError, NotADirectoryError)):
        return Problem(Text("文件不存在：请检查路径", "no such file: check the path"))
    if isinstance(err, PermissionError):
        return Problem(Text("没有读取该文件的权限", "permission denied reading this file"))
    reason = err.strerror or type(err).__name__  # a loop of symlinks, a name too long, an I/O error
    return Problem(Text(f"无法读取该文件：{reason}", f"cannot read this file: {reason}"))


def contents(file: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | None:
    """The bytes ``load`` would parse, or None where it refuses the file before parsing it (not a
    regular file, over ``max_bytes``, unreadable). Never opens a FIFO or a device: for whatever
    else reads branch files (the results cache's key)."""
    try:
        return _read(file, max_bytes)
    except (_Refused, OSError):
        return None


# a FIFO named x.yaml would block open() and read() until something writes to it; a terminal
# would become the process's controlling one. Neither flag changes how a regular file reads.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _read(file: str, max_bytes: int) -> bytes:
    """The bytes of ``file``, refused when it is not a regular file or larger than ``max_bytes``:
    looked at before it is opened, and again once open (in case it was swapped meanwhile)."""
    _refuse_unless_plain(os.stat(file), max_bytes)
    fd = os.open(file, _OPEN_FLAGS)
    with os.fdopen(fd, "rb") as fh:
        _refuse_unless_plain(os.fstat(fd), max_bytes)
        raw = fh.read(max_bytes + 1)
    if len(raw) > max_bytes:  # it grew while it was read
        raise _Refused(_too_large(len(raw), max_bytes))
    return raw


_KINDS = (
    (stat.S_ISDIR, "目录", "a directory"),
    (stat.S_ISFIFO, "命名管道（FIFO）", "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "套接字（socket）", "a socket"),
    (stat.S_ISCHR, "字符设备", "a character device"),
    (stat.S_ISBLK, "块设备", "a block device"),
)


def _refuse_unless_plain(status: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise _Refused(_not_regular(status.st_mode))
    if status.st_size > max_bytes:
        raise _Refused(_too_large(status.st_size, max_bytes))


def _not_regular(mode: int) -> Text:
    zh, en = next(((zh, en) for test, zh, en in _KINDS if test(mode)), ("特殊文件", "a special file"))
    return Text(
        f"这不是普通文件，而是{zh}：只读取普通文件，未打开它；请检查路径",
        f"not a regular file but {en}: only regular files are read, and this one was not opened; check the path",
    )


def _too_large(size: int, max_bytes: int) -> Text:
    return Text(
        f"文件过大（{size} 字节，上限 {max_bytes} 字节）：请检查是否误选了文件；确需检查时用 --max-file-size 调高上限",
        f"file too large ({size} bytes, limit {max_bytes}): check that this is the right file; "
        "--max-file-size raises the limit",
    )


def shown_path(path: str) -> str:
    """``path`` as text that can be shown and written anywhere (JSON, XML, a terminal).

    A name that is not UTF-8 (a GBK name from a Windows zip file) comes from the operating
    system with its bytes escaped as lone surrogates, which no UTF-8 output can hold: each such
    part of the path is shown decoded as GB18030 when its bytes are GB18030, else with U+FFFD
    for what cannot be read. The path itself, for opening the file, stays as it was."""
    if not _ESCAPED.search(path):
        return path
    return "".join(_shown_part(part) if _ESCAPED.search(part) else part for part in _SEPARATORS.split(path))


_ESCAPED = re.compile("[\udc80-\udcff]")
_SEPARATORS = re.compile(r"([\\/])")


def _shown_part(part: str) -> str:
    raw = part.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def decoded(raw: bytes) -> tuple[bytes, str]:
    """The byte-order mark ``raw`` starts with (or b""), and its text as ``load`` parses it."""
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    return bom, _decode(raw)


def _decode(raw: bytes) -> str:
    """UTF-8, with or without BOM. Anything else is refused, naming the encoding and the fix:
    guessing would put mojibake into reports; a workbook is named as what it is."""
    if raw.startswith(ZIP_MAGIC):
        raise _Refused(not_text_but_workbook(), line=1)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Refused(_not_utf8(1, "UTF-16", "UTF-16"), line=1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            raise _Refused(_not_utf8(line, None, None), line=line) from None
        raise _Refused(
            _not_utf8(line, "GBK/GB18030（中文 Windows 默认）", "GBK/GB18030 (the Chinese Windows default)"), line=line
        ) from None


def _not_utf8(line: int, zh_name: str | None, en_name: str | None) -> Text:
    source = "UTF-16" if en_name == "UTF-16" else "GB18030"
    seen_zh = f"，看起来是 {zh_name} 编码" if zh_name else ""
    seen_en = f"; it looks like {en_name}" if en_name else ""
    return Text(
        f"第 {line} 行不是 UTF-8 编码{seen_zh}。请另存为 UTF-8（WPS/记事本：另存为 → 编码选 UTF-8），"
        f"或执行 iconv -f {source} -t UTF-8 原文件 > 新文件",
        f"line {line} is not UTF-8{seen_en}. Save the file as UTF-8 (WPS/Notepad: Save As → encoding UTF-8) "
        f"or run: iconv -f {source} -t UTF-8 old.yaml > new.yaml",
    )


def _guard_nesting(text: str) -> None:
    """Refuse text nested deeper than the YAML parser can safely take."""
    deep = _DEEP_INDENT.search(text)
    if deep:
        line = text.count("\n", 0, deep.start()) + 1
        raise _Refused(_too_deep(line), line=line)
    if text.count("[") + text.count("{") <= MAX_PARSER_DEPTH:
        return
    depth = 0
    for bracket in _BRACKETS.finditer(text):
        depth = depth + 1 if bracket.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_PARSER_DEPTH:
            line = text.count("\n", 0, bracket.start()) + 1
            raise _Refused(_too_deep(line), line=line)


def _too_deep(line: int) -> Text:
    return Text(
        f"第 {line} 行嵌套过深，无法读取：分支数据文件只需要几层缩进",
        f"nested too deeply to read at line {line}: a branch file needs only a few levels",
    )


def _yaml_problem(err: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    slip = yamlslips.explained(err, text)  # a full-width colon, a Tab, an indentation out of line: named
    if slip is not None:
        return Problem(*slip)
    detail = " ".join(p for p in (err.context, err.problem) if p)
    zh, en = f"YAML 语法错误：{detail}", f"YAML syntax error: {detail}"
    if "tab" in detail:
        zh += "。缩进只能用空格，不能用 Tab"
        en += ". Indent with spaces, never tabs"
    elif "expected a single document" in (detail or ""):
        zh, en = (
            "一个文件只能有一个 YAML 文档（不要用 --- 分隔多个），每个基层工会一个文件",
            "one YAML document per file (no --- separating several): one file per branch",
        )
    elif "found unexpected end of stream" in (detail or "") or "quoted scalar" in (detail or ""):
        zh += "。请检查引号是否成对"
        en += ". Check that every quote is closed"
    return Problem(Text(zh, en), line, column)


class _Builder:
    """Builds plain data from a node graph, recording each value's position."""

    def __init__(self, positions: dict[DataPath, tuple[int, int]], spans: dict | None = None, year_keys: bool = False):
        self.positions = positions
        self.spans = spans
        self.year_keys = year_keys
        self.constructor = yaml.constructor.SafeConstructor()
        self.nodes = 0

    def build(self, node: yaml.Node, path: DataPath = (), depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(too_many_values(), node, path)
        if depth > MAX_DEPTH:
            raise _Refused(nested_too_deep(), node, path)
        self.positions.setdefault(path, _mark(node))  # type: ignore[arg-type]
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _COLLECTION_TAGS:
            raise _Refused(_tag_refused(node.tag), node, path)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if self.spans is not None:
            self.spans.setdefault(path, _span(node))
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: DataPath, depth: int) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _CORE + "merge":
                raise _Refused(merge_key(), key_node, path)
            key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if (
                self.year_keys
                and isinstance(key_node, yaml.ScalarNode)  # `? !!int [a, b, c, d]` is no year: a list
                and key_node.tag == _INT
                and len(key_node.value) == 4
                and key_node.value.isdigit()
            ):
                key = key_node.value
            if not isinstance(key, str):
                raise _Refused(key_not_text(), key_node, path)
            if key in result:
                first = self.positions.get(path + (key,), (None, None))
                raise _Refused(duplicate_key(key, first[0]), key_node, path + (key,))
            here = path + (key,)
            if (
                type(value_node) is yaml.ScalarNode and self.nodes < MAX_NODES
            ):  # most values: built here, not by build()
                self.nodes += 1
                self.positions.setdefault(here, _mark(value_node))
                if self.spans is not None:
                    self.spans.setdefault(here, _span(value_node))
                result[key] = self._scalar(value_node, here)
            else:
                result[key] = self.build(value_node, here, depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: DataPath) -> Any:
        tag = node.tag
        if tag == _STR or tag == _TIMESTAMP:
            return node.value  # text as PyYAML builds it; dates kept as written, the schema checks the form
        if tag not in _SCALAR_TAGS:
            raise _Refused(_tag_refused(tag), node, path)
        construct = self.constructor.yaml_constructors[tag]  # int, float, bool, null: plain functions
        if tag == _INT or tag == _FLOAT:
            value = number(node.value, tag == _INT, lambda: construct(self.constructor, node))
            if isinstance(value, Text):
                raise _Refused(_at(path, value), node, path)
            return value
        try:
            return construct(self.constructor, node)
        except (KeyError, ValueError, TypeError):  # an explicit tag on text it cannot read: `!!bool maybe`
            raise _Refused(_tag_unreadable(tag, node.value), node, path) from None


def _span(node: yaml.ScalarNode) -> tuple[int, int, str | None]:
    return node.start_mark.index, node.end_mark.index, node.style


def _at(path: DataPath, message: Text) -> Text:
    """``message`` headed by the field it is about, as the schema's messages are."""
    from .contract import format_path  # the contract imports this module

    where = format_path(path)
    return Text(f"{where}：{message.zh}", f"{where}: {message.en}")


def empty_file() -> Text:
    return Text(
        "文件为空（或只有注释）：请按示例文件填写 schema_version 和 branch 等字段",
        "file is empty (or only comments): fill in schema_version, branch and the other fields as in the example file",
    )


def not_a_mapping() -> Text:
    return Text(
        "文件顶层必须是键值映射（schema_version: 1、branch: …），而不是列表或单个值",
        "the top level must be a mapping (schema_version: 1, branch: …), not a list or a single value",
    )


def too_many_values() -> Text:
    return Text(
        f"文件展开后超过 {MAX_NODES} 个值（可能是锚点/别名的恶意展开）：请不要用 & 和 * 别名",
        f"the file expands to more than {MAX_NODES} values (anchors and aliases blown up?): do not use & and * aliases",
    )


def nested_too_deep() -> Text:
    return Text(f"嵌套超过 {MAX_DEPTH} 层", f"nested deeper than {MAX_DEPTH} levels")


def merge_key() -> Text:
    return Text("不支持合并键 <<：请把字段直接写出来", "merge keys (<<) are not supported: write the fields out")


def key_not_text() -> Text:
    return Text(
        "键必须是文字（注意 YAML 把 yes/no/on/off 当作真假值，请加引号）",
        "keys must be text (note that YAML reads yes/no/on/off as booleans: quote them)",
    )


def duplicate_key(key: str, first_line: int | None) -> Text:
    return Text(
        f"重复的键 {shown_key(key)}（第一次出现在第 {first_line} 行）：删除其中一个",
        f"duplicate key {shown_key(key)} (first at line {first_line}): remove one of them",
    )


def _tag_unreadable(tag: str, written: str) -> Text:
    kind = tag.rsplit(":", 1)[-1]
    return Text(
        f"YAML 标签 !!{kind} 读不了 {written[:40]!r}：去掉标签，照常书写值",
        f"the YAML tag !!{kind} cannot read {written[:40]!r}: drop the tag and write the value as usual",
    )


def _tag_refused(tag: str) -> Text:
    return Text(
        f"不允许的 YAML 标签 {tag}：只能用普通的文字、数字、日期、真假值、列表和映射",
        f"YAML tag {tag} is not allowed: use plain text, numbers, dates, booleans, lists and mappings",
    )
