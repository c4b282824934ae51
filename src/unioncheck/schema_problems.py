"""How a schema problem is worded for users: one jsonschema error as the located, bilingual
problems it stands for (a missing field, an unknown one and the field meant, a date written
another way, a word that names no value of its field and the value meant), each with the fix.

``Contract.validate`` asks ``worded(contract, error)``; a value is quoted only as
``Contract.shown`` allows (never under a personal field).
"""

from __future__ import annotations

import difflib
from typing import Any, Iterator

from . import vocabulary
from .contract import ANNOTATION, Contract, _year_of, format_path, iso_date_hint, pattern
from .model import YEARS, DataPath, Text
from .privacy import shown_key

_TYPE_ZH = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true/false",
    "object": "键值映射",
    "array": "列表",
    "null": "空值",
}

_Found = tuple  # (message, path): what is wrong at one place of a document, before it is located


def worded(contract, error) -> Iterator[_Found]:
    """(message, data path) of each problem ``error`` stands for."""
    return _Explainer(contract, error).problems()


def _closest(word: Any, choices: list[str]) -> str | None:
    if not isinstance(word, str):
        return None
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return found[0] if found else None


class _Explainer:
    """The problems one jsonschema error stands for, worded for users."""

    def __init__(self, contract: Contract, error):
        self.contract, self.error = contract, error
        self.path: DataPath = tuple(error.absolute_path)
        self.where = format_path(self.path)
        self.note = error.schema.get(ANNOTATION) or {} if isinstance(error.schema, dict) else {}

    def shown(self, value: Any = None) -> str:
        return self.contract.shown(self.path, self.error.instance if value is None else value)

    def problems(self) -> Iterator[_Found]:
        kind = self.error.validator
        words = self.contract.vocabularies.get(pattern(self.path))
        if words is not None and kind in ("enum", "pattern", "type") and isinstance(self.error.instance, str):
            yield (self._vocabulary(words), self.path)
        elif kind == "required":
            yield from self._required()
        elif kind == "additionalProperties":
            yield from self._unknown_keys()
        elif kind == "enum":
            yield (self._enum(), self.path)
        elif kind in ("pattern", "format") and self.error.schema.get("format") == "date":
            yield (self._date(), self.path)
        elif kind in ("not", "minimum", "maximum") and self.note.get("period"):
            yield (self._period(), self.path)
        elif kind == "type":
            yield (self._type(), self.path)
        else:
            yield (self._worded(kind) or self._plain(kind), self.path)

    def _required(self) -> Iterator[_Found]:
        value, where = self.error.instance, self.where
        present = set(value) if isinstance(value, dict) else set()
        for name in self.error.validator_value:
            if name not in present:
                yield (
                    Text(
                        f"{where}：缺少必填字段 {name}，请补上", f"{where}: required field '{name}' is missing; add it"
                    ),
                    self.path + (name,),
                )

    def _unknown_keys(self) -> Iterator[_Found]:
        where = self.where
        known = list(self.error.schema.get("properties", {}))
        for name in self.error.instance:
            if name not in known:
                near = _closest(name, known)
                yield (
                    Text(
                        f"{where}：未知字段 {shown_key(name)}"
                        + (f"，是否应为 {near}？" if near else f"；可用字段：{', '.join(known)}"),
                        f"{where}: unknown field {shown_key(name)}"
                        + (f"; did you mean '{near}'?" if near else f"; known fields: {', '.join(known)}"),
                    ),
                    self.path + (name,),
                )

    def _enum(self) -> Text:
        expected, value, where = self.error.validator_value, self.error.instance, self.where
        near = _closest(value, [str(v) for v in expected])
        choices = " | ".join(str(v) for v in expected)
        return Text(
            f"{where}：{self.shown()} 不是有效值" + (f"，是否应为 {near}？" if near else "") + f"（可选：{choices}）",
            f"{where}: {self.shown()} is not a valid value"
            + (f"; did you mean '{near}'?" if near else "")
            + f" (one of: {choices})",
        )

    def _vocabulary(self, words: vocabulary.Vocabulary) -> Text:
        """A word that names no value of its field: the value it was most likely meant as, with its
        label, and every choice (of an open vocabulary: the known ones, and how any other is written)."""
        where, shown, near = self.where, self.shown(), words.closest(self.error.instance)
        label = self.contract.label(self.path) or ""
        hint_zh = f"，是否应为 {near}（{words.label(near)}）？" if near else ""
        hint_en = f"; did you mean '{near}'? ({words.label(near)})" if near else ""
        if words.closed:
            return Text(
                f"{where}：{shown} 不是有效的{label or '值'}{hint_zh}（可选：{words.listed(zh=True)}）",
                f"{where}: {shown} is not a valid value{hint_en} (one of: {words.listed(zh=False)})",
            )
        other = (self.note.get("messages") or {}).get("pattern") or {}  # how the schema says any other is written
        return Text(
            f"{where}：{shown} 不是已知的{label or '值'}{hint_zh}（可写名称或代码：{words.listed(zh=True)}"
            + (f"；{other['zh']}" if other.get("zh") else "")
            + "）",
            f"{where}: {shown} is not a known value{hint_en} (a name or a code: {words.listed(zh=False)}"
            + (f"; {other['en']}" if other.get("en") else "")
            + ")",
        )

    def _date(self) -> Text:
        where, iso = self.where, iso_date_hint(self.error.instance)
        year = _year_of(self.error.instance)
        if year is not None and year not in YEARS:
            first, last = YEARS.start, YEARS.stop - 1
            return Text(
                f"{where}：日期 {self.shown()} 不在 {first}–{last} 年之内（日期的年份范围），请核对年份",
                f"{where}: the date {self.shown()} lies outside the years {first}–{last} a date may have: "
                "check the year",
            )
        if iso:
            return Text(
                f"{where}：日期 {self.shown()} 应写成 ISO 格式 {iso}",
                f"{where}: write the date {self.shown()} in ISO form as {iso}",
            )
        return Text(
            f"{where}：{self.shown()} 不是有效日期，请写成 YYYY-MM-DD，例如 2025-03-14",
            f"{where}: {self.shown()} is not a valid date; write YYYY-MM-DD, e.g. 2025-03-14",
        )

    def _period(self) -> Text:
        first, last = YEARS.start, YEARS.stop - 1
        return Text(
            f"{self.where}：{self.shown()} 不是 {first}–{last} 年内的期间：期间写作 2025、2025-H1 或 2025-Q3",
            f"{self.where}: {self.shown()} is not a period of the years {first}–{last}: write a period as 2025, "
            "2025-H1 or 2025-Q3",
        )

    def _type(self) -> Text:
        expected, value, where = self.error.validator_value, self.error.instance, self.where
        wanted = expected if isinstance(expected, list) else [expected]
        zh = "或".join(_TYPE_ZH.get(t, t) for t in wanted)
        hint_zh, hint_en = "", ""
        if "string" in wanted and isinstance(value, int) and not isinstance(value, bool):
            hint_zh, hint_en = "（数字请加引号，例如身份证号）", " (put quotes around it, e.g. an ID number)"
        return Text(
            f"{where}：应为{zh}，实际是 {self.shown()}{hint_zh}",
            f"{where}: expected {' or '.join(wanted)}, got {self.shown()}{hint_en}",
        )

    def _worded(self, kind: str) -> Text | None:
        """The schema's own wording for this keyword (``messages`` annotation), filled in."""
        wording = (self.note.get("messages") or {}).get(kind)
        if not isinstance(wording, dict):
            return None
        filled = {
            lang: str(wording.get(lang, ""))
            .replace("{value}", self.shown())
            .replace("{expected}", str(self.error.validator_value))
            for lang in ("zh", "en")
        }
        return Text(f"{self.where}：{filled['zh']}", f"{self.where}: {filled['en']}")

    def _plain(self, kind: str) -> Text:
        expected, where, shown = self.error.validator_value, self.where, self.shown()
        if kind == "pattern":
            return Text(f"{where}：格式不对，实际是 {shown}", f"{where}: does not match {expected}, got {shown}")
        if kind == "minimum":
            return Text(
                f"{where}：不能小于 {expected}，实际是 {shown}", f"{where}: must be at least {expected}, got {shown}"
            )
        if kind == "maximum":
            return Text(
                f"{where}：不能大于 {expected}，实际是 {shown}", f"{where}: must be at most {expected}, got {shown}"
            )
        if kind == "const":
            return Text(f"{where}：应为 {expected}", f"{where}: must be {expected}")
        if kind == "minLength":
            return Text(f"{where}：不能为空", f"{where}: must not be empty")
        # a keyword with no wording here: say which, without the value
        return Text(f"{where}：不符合数据格式（{kind}）", f"{where}: does not match the data contract ({kind})")
