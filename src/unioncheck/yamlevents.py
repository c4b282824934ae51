"""A YAML branch file as data and positions straight from the C parser's events: ``loader``'s fast path.

``loader`` has a reference way to read a file: PyYAML composes a graph of nodes, one Python
object per value and key, and ``loader._Builder`` walks it into plain data and positions.
Building the data from the parser's events, with no graph in between, does the same work
with one pass and a fraction of the objects. This module owns that reading, and only that:
what is refused, the messages, the number forms and the limits stay ``loader``'s, and
tests/test_fast_loader.py proves the two ways give the same documents.

To give the same document, it meets every event where the reference meets it:

- a parser error, and PyYAML's composer errors (an undefined alias, an anchor defined twice,
  a second document), come before any refusal, as ``yaml.compose`` raises them before any
  node is walked: a refusal met while building is kept, the rest of the text is read for
  those errors (``_drain``), and then the refusal is raised;
- a value that has an anchor (``&a``) is composed into nodes as PyYAML composes it, and built,
  there and wherever an alias (``*a``) names it, by the reference builder itself, counting
  each use, as the reference does (an alias counts its whole expansion against MAX_NODES);
- a key that is not a plain scalar is composed so too, and refused as the reference refuses it.

Values without anchors, nearly all of them, are built here: a plain scalar's tag is resolved
as ``loader._Loader`` resolves it, quoted ones are text, and any value that is neither text nor a
date (``_scalar``) is built by the reference builder from a node made for it.
"""

from __future__ import annotations

from typing import Any

from yaml.composer import ComposerError
from yaml.cyaml import CParser
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .loader import (
    _COLLECTION_TAGS,
    _CORE,
    _INT,
    _STR,
    _TIMESTAMP,
    MAX_DEPTH,
    MAX_NODES,
    _Builder,
    _Loader,
    _mark,
    _Refused,
    _span,
    _tag_refused,
    duplicate_key,
    empty_file,
    key_not_text,
    merge_key,
    nested_too_deep,
    not_a_mapping,
    too_many_values,
)
from .model import DataPath

_MERGE = _CORE + "merge"
_MAP, _SEQ = _CORE + "map", _CORE + "seq"
_FIRST, _ANYWHERE = _Loader._first, _Loader._anywhere


def _plain_tag(value: str) -> str:
    """The tag of a plain scalar as ``loader._Loader.resolve`` gives it: the first implicit
    resolver matching it, else text."""
    for tag, pattern in _FIRST.get(value[:1], _ANYWHERE):
        if pattern.match(value):
            return tag
    return _STR


class EventBuilder:
    """Reads one text's events into the data and positions ``loader._Builder`` would build.

    Refusals are ``loader._Refused`` at the same value, line and column; parser and composer
    errors are PyYAML's own (the same parser raises them, or the same error is raised here)."""

    def __init__(self, text: str, positions: dict, spans: dict | None = None, year_keys: bool = False):
        self.next = CParser(text).get_event
        self.positions = positions
        self.spans = spans
        self.year_keys = year_keys
        self.reference = _Builder(positions, spans, year_keys)  # builds anchored values and non-text scalars
        self.nodes = 0  # values built, as _Builder.nodes counts them (handed to and from self.reference)
        # plain scalar -> its tag, for this text only: a file writes the same keys (and many values) over and
        # over, and matching the resolvers' patterns each time was the largest cost of building after the events
        self.tags: dict[str, str] = {}
        self.anchors: dict[str, Any] = {}  # anchor -> its node (an event's, while draining: only its mark is used)

    def document(self) -> Any:
        """The data of the text's one document; raises what the reference path raises."""
        self.next()  # the stream's start
        if type(self.next()) is StreamEndEvent:
            raise _Refused(empty_file())
        root = self.next()
        refused = None
        try:
            if type(root) is not MappingStartEvent:
                if type(root) is AliasEvent:  # the composer meets its (undefined) anchor before anything after it
                    self._aliased(root)
                if getattr(root, "anchor", None) is not None:  # named all the same, for the aliases drained
                    self._anchor(root.anchor, root)
                raise _Refused(not_a_mapping(), root)  # type: ignore[arg-type]  # an event has marks as a node does
            data = self._value(root, (), 0)
            self.next()  # the document's end
        except _Refused as kept:
            refused = kept
            self._drain()
        after = self.next()
        if type(after) is not StreamEndEvent:  # PyYAML's composer error, at the marks it gives
            raise ComposerError(
                "expected a single document in the stream",
                root.start_mark,
                "but found another document",
                after.start_mark,
            )
        if refused is not None:
            raise refused
        return data

    def _drain(self) -> None:
        """Read the rest of the document, for the parser and composer errors the reference would meet first."""
        while True:
            event = self.next()
            kind = type(event)
            if kind is DocumentEndEvent:
                return
            if kind is AliasEvent:
                self._aliased(event)
            elif getattr(event, "anchor", None) is not None:  # ends of collections have none
                self._anchor(event.anchor, event)  # type: ignore[attr-defined]

    # ---- values built here: _Builder.build, _mapping and _scalar, on events ----

    def _value(self, event: Event, path: DataPath, depth: int) -> Any:
        kind = type(event)
        if kind is AliasEvent or event.anchor is not None:  # type: ignore[attr-defined]
            return self._walk(self._node(event), path, depth)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(too_many_values(), event, path)  # type: ignore[arg-type]
        if depth > MAX_DEPTH:
            raise _Refused(nested_too_deep(), event, path)  # type: ignore[arg-type]
        mark = event.start_mark
        self.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        if kind is ScalarEvent:
            if self.spans is not None:
                self.spans.setdefault(path, _span(event))  # type: ignore[arg-type]
            return self._scalar(event, path)  # type: ignore[arg-type]
        tag = event.tag  # type: ignore[attr-defined]
        if tag is not None and tag != "!" and tag not in _COLLECTION_TAGS:
            raise _Refused(_tag_refused(tag), event, path)  # type: ignore[arg-type]
        if kind is MappingStartEvent:
            return self._mapping(path, depth)
        return self._sequence(path, depth)

    def _sequence(self, path: DataPath, depth: int) -> list:
        result: list = []
        depth += 1
        while True:
            event = self.next()
            kind = type(event)
            if kind is SequenceEndEvent:
                return result
            here = path + (len(result),)
            if kind is ScalarEvent and event.anchor is None and self.nodes < MAX_NODES and depth <= MAX_DEPTH:
                # most items: text or a number, built here (what _value does, with no check that can fail)
                self.nodes += 1
                mark = event.start_mark
                self.positions.setdefault(here, (mark.line + 1, mark.column + 1))
                if self.spans is not None:
                    self.spans.setdefault(here, _span(event))  # type: ignore[arg-type]
                result.append(self._scalar(event, here))
            else:
                result.append(self._value(event, here, depth))

    def _mapping(self, path: DataPath, depth: int) -> dict:
        result: dict[str, Any] = {}
        positions = self.positions
        next_event = self.next
        while True:
            event = next_event()
            kind = type(event)
            if kind is MappingEndEvent:
                return result
            if kind is ScalarEvent and event.anchor is None and self._resolved(event) == _STR:
                key = event.value  # most keys: text, refused only when met before (what _key does)
                if key in result:
                    first = positions.get(path + (key,), (None, None))
                    raise _Refused(duplicate_key(key, first[0]), event, path + (key,))  # type: ignore[arg-type]
            else:
                key = self._key(event, path, result)
            here = path + (key,)
            event = next_event()
            kind = type(event)
            if kind is ScalarEvent and event.anchor is None and self.nodes < MAX_NODES:
                # most values: built here, not by _value (as _Builder._mapping does it, with no depth check)
                self.nodes += 1
                mark = event.start_mark
                positions.setdefault(here, (mark.line + 1, mark.column + 1))
                if self.spans is not None:
                    self.spans.setdefault(here, _span(event))  # type: ignore[arg-type]
                result[key] = self._scalar(event, here)
            elif kind is AliasEvent or event.anchor is not None:
                result[key] = self._named_value(self._node(event), here, depth)
            else:
                result[key] = self._value(event, here, depth + 1)

    def _named_value(self, node: Node, here: DataPath, depth: int) -> Any:
        """A mapping's value that has an anchor or is an alias, as _Builder._mapping builds it."""
        if type(node) is ScalarNode and self.nodes < MAX_NODES:
            self.nodes += 1
            self.positions.setdefault(here, _mark(node))
            if self.spans is not None:
                self.spans.setdefault(here, _span(node))
            return self.reference._scalar(node, here)
        return self._walk(node, here, depth + 1)

    def _key(self, event: Event, path: DataPath, result: dict) -> str:
        """The key ``event`` starts, refused as _Builder._mapping refuses it."""
        if type(event) is ScalarEvent and event.anchor is None:
            where: Any = event
            tag, written = self._resolved(event), event.value
            if tag == _MERGE:
                raise _Refused(merge_key(), event, path)  # type: ignore[arg-type]
            key: Any = (
                written
                if tag == _STR or tag == _TIMESTAMP
                else self.reference._scalar(self._scalar_node(event, tag), path)
            )
        else:
            where = self._node(event)  # an alias, an anchored key or a collection: a node, as the reference has
            tag, written = where.tag, where.value if type(where) is ScalarNode else ""
            if tag == _MERGE:
                raise _Refused(merge_key(), where, path)
            key = self.reference._scalar(where, path) if type(where) is ScalarNode else None
        if self.year_keys and tag == _INT and len(written) == 4 and written.isdigit():
            key = written
        if type(key) is not str:
            raise _Refused(key_not_text(), where, path)
        if key in result:
            first = self.positions.get(path + (key,), (None, None))
            raise _Refused(duplicate_key(key, first[0]), where, path + (key,))
        return key

    def _resolved(self, event: ScalarEvent) -> str:
        """The scalar's tag as the reference composer gives it: its own, else, written plain, the
        tag of its text (``_plain_tag``), else text."""
        tag = event.tag
        if tag is not None and tag != "!":
            return tag
        if not event.implicit[0]:
            return _STR
        value = event.value
        tag = self.tags.get(value)
        if tag is None:
            tag = self.tags[value] = _plain_tag(value)
        return tag

    def _scalar(self, event: ScalarEvent, path: DataPath) -> Any:
        tag = self._resolved(event)
        if tag == _STR or tag == _TIMESTAMP:
            return event.value  # text, and dates kept as written, as _Builder._scalar returns them
        return self.reference._scalar(self._scalar_node(event, tag), path)

    @staticmethod
    def _scalar_node(event: ScalarEvent, tag: str) -> ScalarNode:
        return ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)

    def _walk(self, node: Node, path: DataPath, depth: int) -> Any:
        """An anchored value, or an alias's: built by the reference builder, counted with the rest."""
        self.reference.nodes = self.nodes
        try:
            return self.reference.build(node, path, depth)
        finally:
            self.nodes = self.reference.nodes

    # ---- nodes, as PyYAML's composer makes them, for anchored values and keys that are not plain ----

    def _node(self, event: Event) -> Node:
        """The node of the value starting at ``event`` (its last event read), or the node an alias
        names. Iterative, not recursive: the text may nest as deep as the parser allows."""
        stack: list[list] = []  # open collections: [node, a mapping's key still waiting for its value]
        while True:
            kind = type(event)
            if kind is AliasEvent:
                node = self._aliased(event)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node = stack.pop()[0]
                node.end_mark = event.end_mark
            else:
                node = self._new_node(event, kind)
                if kind is not ScalarEvent:
                    stack.append([node, None])
                    event = self.next()
                    continue
            if not stack:
                return node
            parent = stack[-1]
            if type(parent[0]) is SequenceNode:
                parent[0].value.append(node)
            elif parent[1] is None:
                parent[1] = node
            else:
                parent[0].value.append((parent[1], node))
                parent[1] = None
            event = self.next()

    def _new_node(self, event: Any, kind: type) -> Node:
        node: Node
        if kind is ScalarEvent:
            node = self._scalar_node(event, self._resolved(event))
        else:
            tag = event.tag if event.tag is not None and event.tag != "!" else None
            if kind is MappingStartEvent:
                node = MappingNode(tag or _MAP, [], event.start_mark, None, event.flow_style)
            else:
                node = SequenceNode(tag or _SEQ, [], event.start_mark, None, event.flow_style)
        if event.anchor is not None:  # named before its children are read, as PyYAML's composer does
            self._anchor(event.anchor, node)
        return node

    def _anchor(self, anchor: str, node: Any) -> None:
        if anchor in self.anchors:
            raise ComposerError(
                "found duplicate anchor; first occurrence",
                self.anchors[anchor].start_mark,
                "second occurrence",
                node.start_mark,
            )
        self.anchors[anchor] = node

    def _aliased(self, event: Any) -> Node:
        node = self.anchors.get(event.anchor)
        if node is None:
            raise ComposerError(None, None, "found undefined alias", event.start_mark)
        return node
