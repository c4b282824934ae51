"""The words users type for a field's values (annotation ``values``): every enumerated field has a
Chinese label for every value, label first and unique in its field; an exact word (a label, a
padded or full-width code) is read as its value before validation, in any document; a near word
is answered with the value meant and its label, at its own line."""

import json
import shutil
import unicodedata

import pytest
from conftest import REFERENCE, check, cli, contract, named_profile

from unioncheck import Document
from unioncheck.loader import load
from unioncheck.vocabulary import _slots, fold

VOCABULARIES = contract().vocabularies
WORDS = [
    pytest.param(where, code, word, id=f"{'.'.join(where)}={word}")
    for where, words in VOCABULARIES.items()
    for code, labels in words.choices.items()
    for word in labels
]


def _enums(schema):
    """(path pattern, enum) of every enumerated field of the schema, following local $refs."""
    found = {}

    def walk(node, where, seen):
        if not isinstance(node, dict):
            return
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/") and ref not in seen:
            walk(schema["$defs"][ref.rsplit("/", 1)[1]], where, seen | {ref})
        if isinstance(node.get("enum"), list):
            found[where] = node["enum"]
        if node.get("type") == "boolean":
            found[where] = [True, False]
        for key, sub in (node.get("properties") or {}).items():
            walk(sub, where + (key,), seen)
        if isinstance(node.get("items"), dict):
            walk(node["items"], where + ("*",), seen)

    walk(schema, (), frozenset())
    return found


def test_every_enumerated_field_has_a_chinese_label_for_every_value():
    enums = _enums(contract().schema)
    assert enums and set(enums) <= set(VOCABULARIES), set(enums) - set(VOCABULARIES)
    for where, values in enums.items():
        words = VOCABULARIES[where]
        assert [words.value(code) for code in words.choices] == values, where
        for code in words.choices:
            label = words.label(code)
            assert label != code and any(unicodedata.category(ch) == "Lo" for ch in label), (where, code)


def test_labels_are_unique_in_their_field_and_never_another_values_code():
    for where, words in VOCABULARIES.items():
        meaning = {}
        for code, labels in words.choices.items():
            for word in (code, *labels):
                assert meaning.setdefault(fold(word), code) == code, (where, word, meaning[fold(word)], code)
        firsts = [words.label(code) for code in words.choices]
        assert len(set(firsts)) == len(firsts), where


def test_open_vocabularies_hold_codes_their_field_accepts():
    """A field whose values a profile decides (a posting's category) keeps its plain type; its
    known codes are codes by the field's own pattern, and a label is not."""
    for where, words in VOCABULARIES.items():
        if words.closed:
            continue
        doc = _reference()
        slot = next(_slots(doc.data, where))
        for code, labels in words.choices.items():
            slot[0][slot[1]] = code
            assert not contract().validate(doc), (where, code)
            slot[0][slot[1]] = labels[0]
            assert contract().validate(doc), (where, labels[0])  # a label is read by normalize, not by the schema


def test_the_profiles_posting_names_and_categories_are_the_labels_and_codes():
    profile = named_profile("county-health-bureau")
    postings = next(words for where, words in VOCABULARIES.items() if where[0] == "postings")
    for code, spec in _param(profile, "TRN", "posting_categories").items():
        assert postings.label(code) == spec["zh"], code
    hardship = VOCABULARIES[("hardship", "files", "*", "category")]
    assert set(_param(profile, "HRD", "categories")) == set(hardship.choices)


def _param(profile, family, name):
    """A parameter's value in the profile, from the first rule of ``family`` that takes it."""
    return next(params[name] for code, params in profile.params.items() if code.startswith(family) and name in params)


def _reference() -> Document:
    return load(str(REFERENCE))


@pytest.mark.parametrize("where, code, word", WORDS)
def test_every_word_is_read_as_its_value_as_typed_padded_or_full_width(where, code, word):
    words = VOCABULARIES[where]
    for typed in (word, f"  {word}\u3000", _full_width(word), _full_width(code), code.upper()):
        doc = _reference()
        container, key = next(_slots(doc.data, where))
        container[key] = typed
        positions = dict(doc.positions)
        contract().normalize(doc)
        assert container[key] == words.value(code), typed
        assert doc.positions == positions
        assert not contract().validate(doc), typed


def _full_width(word: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in word)


def test_normalize_rewrites_every_item_of_a_list_and_leaves_other_fields_alone():
    doc = _reference()
    before = json.loads(json.dumps(doc.data))
    files = doc.data["hardship"]["files"]
    labels = VOCABULARIES[("hardship", "files", "*", "category")]
    for item in files:
        item["category"] = labels.label(item["category"])
        item["name"] = labels.label("deep")  # a personal field: never a vocabulary's, left as typed
    contract().normalize(doc)
    assert [f["category"] for f in files] == [f["category"] for f in before["hardship"]["files"]]
    assert all(f["name"] == labels.label("deep") for f in files)


@pytest.mark.parametrize(
    "data",
    [None, [], "text", {"branch": None}, {"branch": {"unit_type": 7}}, {"congresses": {"form": "职工大会"}}],
)
def test_normalize_takes_any_shape_of_data(data):
    doc = Document("x.yaml", data)
    contract().normalize(doc)
    assert doc.data == data


@pytest.mark.parametrize("where", list(VOCABULARIES), ids=lambda w: ".".join(w))
def test_a_near_word_is_answered_with_the_value_meant_and_its_label_at_its_line(where):
    words = VOCABULARIES[where]
    code = list(words.choices)[-1]
    near = words.label(code) + "类"  # a label with a character more: not exact, plainly meant
    doc = _reference()
    container, key = next(_slots(doc.data, where))
    container[key] = near
    path = _path_of(doc.data, container, key)
    contract().normalize(doc)
    (problem,) = contract().validate(doc)
    at = doc.locate(path)
    assert problem.path == path and (problem.line, problem.column) == (at.line, at.column) and at.line
    assert f"did you mean '{code}'? ({words.label(code)})" in problem.message.en
    assert f"是否应为 {code}（{words.label(code)}）" in problem.message.zh
    assert all(words.label(c) in problem.message.zh for c in words.choices)  # every choice, with its label


def _path_of(data, container, key, path=()):
    if data is container:
        return path + (key,)
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for k, v in children:
        found = _path_of(v, container, key, path + (k,))
        if found:
            return found
    return None


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("hopital", "hospital"),
        ("乡镇卫生", "township_health_center"),
        ("县中医院分院", "tcm_hospital"),
        ("疾控", "cdc"),
    ],
)
def test_typos_and_parts_of_labels_name_the_value_meant(typed, meant):
    assert VOCABULARIES[("branch", "unit_type")].closest(typed) == meant


def test_a_word_near_nothing_suggests_nothing_and_lists_the_choices():
    doc = _reference()
    doc.data["branch"]["unit_type"] = "xyzzy"
    (problem,) = contract().validate(doc)
    assert "did you mean" not in problem.message.en and "one of: hospital 医院" in problem.message.en


def load_text(text: str):
    import yaml

    return yaml.load(text, Loader=yaml.BaseLoader)  # every scalar as the text written


def _run(tmp_path, text, *args):
    shutil.copytree(REFERENCE.parent / "evidence", tmp_path / "evidence", dirs_exist_ok=True)
    target = tmp_path / "branch.yaml"
    target.write_text(text, "utf-8")
    return target


def _labelled(text_of_reference: str, pick) -> str:
    """The reference file with every vocabulary value replaced, in the text, by ``pick(words, code)``."""
    doc = load(str(REFERENCE), spans=True)
    text = text_of_reference
    edits = []
    for where, words in VOCABULARIES.items():
        for container, key in _slots(doc.data, where):
            value = container[key]
            path = _path_of(doc.data, container, key)
            if path in doc.spans and isinstance(value, (str, bool)):
                start, end, _ = doc.spans[path]
                code = json.dumps(value) if isinstance(value, bool) else value
                edits.append((start, end, pick(words, code)))
    assert len({where[0] for where in VOCABULARIES}) >= 4 and len(edits) > 10
    for start, end, word in sorted(edits, reverse=True):
        text = text[:start] + word + text[end:]
    return text


@pytest.mark.parametrize("pick", [lambda w, c: w.label(c), lambda w, c: w.choices[c][-1]], ids=["label", "last-word"])
def test_a_file_written_in_chinese_words_is_judged_as_the_one_written_in_codes(tmp_path, pick):
    """``category: 工会经费`` and ``program: 送温暖`` are read as their codes: the same findings, the
    same finding keys (which name a posting by its category, an assistance by its programme)."""
    text = REFERENCE.read_text("utf-8")
    labelled = _labelled(text, pick)
    raw = load_text(labelled)
    assert all(
        not isinstance(container[key], bool) and container[key] not in words.choices
        for where, words in VOCABULARIES.items()
        for container, key in _slots(raw, where)
    )  # every vocabulary value of the file is written as a word, none as its code
    (tmp_path / "codes").mkdir()
    (tmp_path / "words").mkdir()
    codes = check([_run(tmp_path / "codes", text)]).branches[0].results
    words = check([_run(tmp_path / "words", labelled)]).branches[0].results
    seen = [(r.rule, r.status, r.key, r.message) for r in words]
    assert seen == [(r.rule, r.status, r.key, r.message) for r in codes]


def test_the_command_line_reads_labels_and_answers_near_words(tmp_path):
    text = REFERENCE.read_text("utf-8")
    good = _run(tmp_path, text.replace("unit_type: hospital", "unit_type: 医院", 1))
    assert cli("check", good, "--as-of", "2025-12-31", "--no-cache").returncode == 0
    text = text.replace("{category: union_finance, covers: 2025-Q1", "{category: 工会经费公开, covers: 2025-Q1", 1)
    bad = _run(tmp_path, text)
    run = cli("check", bad, "--as-of", "2025-12-31", "--no-cache", "--lang", "en", "-f", "json")
    assert run.returncode == 1
    (finding,) = [r for b in json.loads(run.stdout)["branches"] for r in b["results"] if r["status"] != "pass"]
    assert finding["rule"] == "DAT001" and "did you mean 'union_finance'? (工会经费收支)" in finding["messages"]["en"]
