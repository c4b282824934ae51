"""The validation of a column's cells in a branch workbook, with the bilingual error box Excel,
WPS and LibreOffice show when a typed value does not fit.

- an enumerated field: a drop-down of its Chinese labels (``Column.labels``, which
  ``Column.choices`` reads back); a yes/no field: 是/否;
- a date: a date of the years the contract allows (``model.YEARS``, as the schema's
  date pattern);
- a count: a whole number (an amount: a number) within the schema's ``minimum`` and
  ``maximum``;
- a column naming another sheet's rows (``entry.Target``: a child's parent, a
  ``refers_to`` field): a drop-down of the ids typed there; refused for a parent (the
  row would belong nowhere), asked about for a reference (a rule judges it);
- an item's id: unique in its column (asked about).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .entry import EXAMPLE_DATE, FIRST_DAY, LAST_DAY, ROWS, Slot
from .layout import Column

_EPOCH = dt.date(1899, 12, 30)  # day 0 of a spreadsheet's date numbers
_LARGEST = 10**15 - 1  # a whole number without a bound: any a spreadsheet holds exactly
INLINE_LIMIT = 255  # the longest list a validation may hold in itself (and the longest error text)


@dataclass(frozen=True)
class Rule:
    """A cell validation, as openpyxl's ``DataValidation`` takes it."""

    type: str  # list, date, whole, decimal, custom
    formula1: str
    formula2: str | None = None
    operator: str | None = None
    style: str = "stop"  # stop: refused; warning: asked to confirm
    error: str = ""

    def validation(self, *cells: str):
        """The validation of ``cells`` (ranges such as ``C2:C1001``)."""
        from openpyxl.worksheet.datavalidation import DataValidation

        kwargs: dict[str, Any] = {"operator": self.operator} if self.operator else {}
        found = DataValidation(
            type=self.type,
            formula1=self.formula1,
            formula2=self.formula2,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle=self.style,
            errorTitle="填写有误 / Invalid entry",
            error=_fit(self.error),
            **kwargs,
        )
        for where in cells:
            found.add(where)
        return found


def rule(slot: Slot, cell: str, rows: int = ROWS, listed=None) -> Rule | None:
    """The validation of ``slot``'s cells (``cell``: the first of them, for a formula; ``rows``: how
    many rows a sheet's ranges cover), or None. ``listed(labels)`` gives the range holding a list
    too long to hold in the validation itself."""
    if slot.role == "row number":
        return _number("whole", 1, None, slot.header)
    if slot.target is not None:
        return _reference(slot, rows)
    column = slot.column
    if column is None:
        return None
    if column.labels:
        return _choice(list(column.labels.values()), column.header, listed)
    if "boolean" in column.types:
        return _choice(["是", "否"], column.header, listed)
    if column.is_date:
        return _date()
    if column.types in (("integer",), ("number",)):
        return _number("whole" if column.types == ("integer",) else "decimal", *_bounds(column), column.header)
    if slot.unique:
        return _unique(cell, column.header, rows)
    return None


def _bounds(column: Column) -> tuple[Any, Any]:
    schema = column.schema
    if "const" in schema:
        return schema["const"], schema["const"]
    return schema.get("minimum"), schema.get("maximum")


def _choice(labels: list[str], header: str, listed) -> Rule:
    inline = ",".join(labels)
    fits = len(inline) <= INLINE_LIMIT and not any(("," in x or '"' in x) for x in labels)
    formula = f'"{inline}"' if fits or listed is None else listed(labels)
    shown = "、".join(labels)
    return Rule(
        "list",
        formula,
        error=f"“{header}”请从下拉列表中选择：{shown} / pick one of the list's entries (click the arrow at "
        "the cell's right)",
    )


def _date() -> Rule:
    return Rule(
        "date",
        str(serial(FIRST_DAY)),
        str(serial(LAST_DAY)),
        "between",
        error=f"请输入 {FIRST_DAY} 至 {LAST_DAY} 之间的日期，如 {EXAMPLE_DATE} / enter a date from {FIRST_DAY} "
        f"to {LAST_DAY}, such as {EXAMPLE_DATE}",
    )


def _number(kind: str, low: Any, high: Any, header: str) -> Rule:
    """A whole number (``kind`` whole) or a number (decimal) within the bounds given (None: none)."""
    zh, en = ("整数", "a whole number") if kind == "whole" else ("数字", "a number")
    if low is not None and high is not None:
        operator, formulas, said = "between", (low, high), (f"{low} 至 {high} 之间的", f" from {low} to {high}")
    elif low is not None:
        operator, formulas, said = "greaterThanOrEqual", (low,), (f"不小于 {low} 的", f" of at least {low}")
    elif high is not None:
        operator, formulas, said = "lessThanOrEqual", (high,), (f"不大于 {high} 的", f" of at most {high}")
    else:
        operator, formulas, said = "between", (-_LARGEST, _LARGEST), ("", "")
    return Rule(
        kind,
        str(formulas[0]),
        str(formulas[1]) if len(formulas) > 1 else None,
        operator,
        error=f"“{header}”请输入{said[0]}{zh}，不带单位 / enter {en}{said[1]}, without a unit",
    )


def _reference(slot: Slot, rows: int) -> Rule:
    target = slot.target
    return Rule(
        "list",
        target.range(rows),
        style="stop" if slot.role == "parent" else "warning",
        error=f"请填写“{target.sheet}”表中已有的{target.header}（先在“{target.sheet}”表填好那一条）/ give a "
        f"{target.header} the sheet {target.sheet} lists (fill that sheet first)",
    )


def _unique(cell: str, header: str, rows: int) -> Rule:
    column = "".join(ch for ch in cell if ch.isalpha())
    return Rule(
        "custom",
        f"COUNTIF(${column}$2:${column}${rows + 1},{cell})=1",
        style="warning",
        error=f"“{header}”在本表中已经用过：每条记录的编号不能重复 / this {header} is already used on this "
        "sheet: every record needs its own",
    )


def serial(day: dt.date) -> int:
    """A date as a spreadsheet's day number."""
    return (day - _EPOCH).days


def _fit(text: str, limit: int = INLINE_LIMIT) -> str:
    """An error box's text within what Excel accepts."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
