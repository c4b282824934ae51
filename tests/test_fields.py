"""The walk over every field that DAT004 (record dates) and the evidence rules rest on."""

import yaml
from conftest import DEMO, REFERENCE

from unioncheck_rules.branch import fields


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
