"""The walk over every field that DAT004 (record dates) and the evidence rules rest on."""

import pytest
import yaml
from conftest import DEMO, REFERENCE
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from unioncheck import Document
from unioncheck.loader import read_document
from unioncheck_rules.branch import _walk, fields, walked
from unioncheck_rules.dat import _periods, _record_dates, _spans
from unioncheck_rules.evd import _evidence


def _by_definition(node, path=()):
    """Depth first, in file order: a mapping's (path, key, value), then what is inside the value."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path + (key,), key, value
            yield from _by_definition(value, path + (key,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _by_definition(item, path + (i,))


def test_every_field_is_walked_in_file_order_as_the_definition_says():
    documents = [yaml.safe_load(REFERENCE.read_text("utf-8"))]
    documents += [yaml.safe_load(f.read_text("utf-8")) for f in sorted(DEMO.glob("*.yaml"))]
    documents += [[1, [{"a": [{"b": 1}, []]}], {}], {"a": {"b": {"c": [[{"d": None}]]}}, "e": 2}, {}, [], 3, "x"]
    for document in documents:
        assert list(fields(document)) == list(_by_definition(document))
    assert len(list(fields(documents[0]))) > 100
    assert list(fields({"a": [{"b": 1}]}, ("root",))) == [
        (("root", "a"), "a", [{"b": 1}]),
        (("root", "a", 0, "b"), "b", 1),
    ]


def _mappings_by_definition(node, path=()):
    """Every mapping with its path, depth first, in file order: a mapping before what is inside it."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _mappings_by_definition(value, path + (key,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _mappings_by_definition(item, path + (i,))


_TREES = st.recursive(
    st.none() | st.integers(-3, 3) | st.sampled_from(["2024-01-05", "2023-12-31", "x", "evidence"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["from", "to", "effective_from", "effective_to", "evidence", "a", "b"]), inner
        )
    ),
    max_leaves=25,
)


def _corpus():
    """The reference file and the demo county, loaded as the engine loads them (dates as text)."""
    documents = [read_document(str(f)).data for f in [REFERENCE, *sorted(DEMO.glob("*.yaml"))]]
    return documents + [[1, [{"a": [{"b": 1}, []]}], {}], {"a": {"b": {"c": [[{"d": None}]]}}, "e": 2}, {}, [], 3, "x"]


def _same_walk(document) -> None:
    walk = _walk(document)
    assert walk.fields == list(fields(document))
    assert [(p, id(m)) for p, m in walk.mappings] == [(p, id(m)) for p, m in _mappings_by_definition(document)]
    try:
        spans = list(_spans(document))
    except (TypeError, ValueError):  # not a date: the plain way and the shared walk fail alike
        with pytest.raises((TypeError, ValueError)):
            list(_periods(walk.mappings))
    else:
        assert list(_periods(walk.mappings)) == spans
    assert list(_record_dates_of(walk.fields)) == list(_record_dates_of(fields(document)))
    assert list(_evidence(walk.fields)) == list(_evidence(fields(document)))


def _record_dates_of(every):
    try:
        return list(_record_dates(every))
    except (TypeError, ValueError):
        return ["not a date"]


def test_the_shared_walk_gives_what_each_rule_s_own_walk_gives():
    """DAT004, DAT005 and EVD001 read one walk of the document (``walked``): its fields are
    ``fields``' and its mappings, with ``_periods``, give the plain recursive ``_spans``."""
    documents = _corpus()
    for document in documents:
        _same_walk(document)
    assert len(list(_spans(documents[0]))) > 3 and len(_walk(documents[0]).mappings) > 20


@examples(max_examples=300, deadline=None, derandomize=True)
@given(_TREES)
def test_the_shared_walk_gives_what_each_rule_s_own_walk_gives_for_any_tree(tree):
    _same_walk(tree)


def test_a_document_is_walked_once_and_the_walk_goes_with_its_cache():
    doc = Document("x.yaml", {"a": [{"from": "2024-01-01", "to": "2023-01-01"}]})
    assert walked(doc) is walked(doc)
    doc.cache.clear()
    assert walked(doc) is not None and len(doc.cache) == 1
