"""How the builtin families declare rules: one decorated function per rule.

``@rule(...)`` builds a ``unioncheck.Rule`` next to the function that checks
it, with the parameters it declares there (``unioncheck.Param``), and adds it
to ``RULES``; the plugin's hook registers them all, family by family.
Branch rules receive the branch as it stood on the reference date
(``branch.Branch``), dataset rules a list of them.
"""

from __future__ import annotations

from typing import Callable

from unioncheck import Param, Rule, RuleDoc, Text

from .actions import ACTIONS
from .branch import view

RULES: list[Rule] = []


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
    params: tuple[Param, ...] = (),
    scope: str = "branch",
    raw: bool = False,
    summarise: Callable | None = None,
) -> Callable:
    """Declare the decorated function as rule ``code``, taking the parameters ``params``.

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
                doc=RuleDoc(what, why, fix, example.strip("\n"), ACTIONS.get(code)),
                params=tuple(params),
                scope=scope,
                needs_valid_data=not raw,
                summarise=summary_of,
            )
        )
        return check

    return declare
