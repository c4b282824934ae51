"""How the builtin families declare rules: one decorated function per rule.

``@rule(...)`` builds a ``unioncheck.model.Rule`` next to the function that
checks it and adds it to ``RULES``; the plugin's hook registers them all.
Branch rules receive the branch as it stood on the reference date
(``branch.Branch``), dataset rules a list of them.
"""

from __future__ import annotations

from typing import Callable

from unioncheck.model import Param, Rule, RuleDoc, Text

from .branch import view

RULES: list[Rule] = []

FRACTION = {
    "type": ["string", "number"],
    "pattern": r"^\d+/\d+$",
    "minimum": 0,
    "description": "a fraction such as 2/3, or a decimal",
}
DAYS = {"type": "integer", "minimum": 0, "maximum": 3660}  # bounded: date arithmetic must not overflow
MONTHS = {"type": "integer", "minimum": 1, "maximum": 120}
COUNT = {"type": "integer", "minimum": 0}
SHARE = {"type": "number", "minimum": 0, "maximum": 1}

PARAMS: dict[str, dict] = {
    "warn_days": DAYS,
    "quorum": FRACTION,
    "representative_from_staff": COUNT,
    "min_delegates": COUNT,
    "min_delegate_share": SHARE,
    "papers_days_before": DAYS,
    "majority_of": {"enum": ["all_delegates", "present"]},
    "max_postponement_months": MONTHS,
    "min_contest_ratio": SHARE,
    "allowed_terms": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1},
    "review_months": MONTHS,
    "publicity_working_days": DAYS,
    "categories": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    "max_age_days": DAYS,
    "required_for": {"type": "array", "items": {"enum": ["congresses", "elections", "postings", "assistance"]}},
    "posting_categories": {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "required": ["zh", "kind", "due_days", "min_days"],
            "properties": {
                "zh": {"type": "string"},
                "kind": {"enum": ["quarterly", "yearly_with_assistance", "congress", "plan", "election"]},
                "due_days": {
                    "type": "integer",
                    "minimum": -366,
                    "maximum": 366,
                    "description": "days after the period ends or the event; negative: before",
                },
                "min_days": {"type": "integer", "minimum": 1, "maximum": 366},
            },
        },
    },
}


def rule(
    code: str,
    name: str,
    zh: str,
    en: str,
    basis: str,
    *,
    what: Text,
    why: Text,
    fix: Text,
    example: str = "",
    params: tuple[str, ...] = (),
    scope: str = "branch",
    raw: bool = False,
    summarise: Callable | None = None,
) -> Callable:
    """Declare the decorated function as rule ``code``.

    ``raw=True`` hands the function the loaded document itself, for the rules
    about the data as written (including files that failed validation). A rule
    over every branch (``scope="dataset"``) names ``summarise(branch, ctx)``, which
    summarises one branch, and is itself ``check(summaries, ctx)``.
    """

    def declare(check: Callable) -> Callable:
        summary_of = None
        if raw:
            run = check
        elif scope == "dataset":
            run = check

            def summary_of(document, ctx):
                return summarise(view(document, ctx.as_of), ctx)
        else:

            def run(document, ctx, _check=check):
                return _check(view(document, ctx.as_of), ctx)

        RULES.append(
            Rule(
                code=code,
                family=code[:3],
                name=name,
                title=Text(zh, en),
                basis=basis,
                check=run,
                doc=RuleDoc(what, why, fix, example.strip("\n")),
                params=tuple(Param(p, PARAMS[p]) for p in params),
                scope=scope,
                needs_valid_data=not raw,
                summarise=summary_of,
            )
        )
        return check

    return declare
