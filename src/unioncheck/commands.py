"""The commands besides ``check``: ``waivers``, ``due``, ``rules``, ``explain``, ``schema``."""

from __future__ import annotations

import datetime as dt
import json

import click

from .assemble import (
    as_of_date,
    branch_files,
    build_config,
    build_profile,
    build_rules,
    check_paths,
    judge,
    refuse_irregular,
    refuse_overwriting_evidence,
)
from .citations import basis_text, citations
from .cli_params import (
    DEFAULT_PROFILE,
    FormatSpec,
    IsoDate,
    SetupError,
    config_options,
    lang_option,
    plugin_option,
    profile_option,
    quiet_option,
    written_line,
)
from .explain import basis, explain_text, parameters
from .gate import GateError, apply_waivers, load_waivers
from .model import YEARS, Rule
from .output import write_atomic
from .plugins import (
    PluginError,
    collect_families,
    plugin_manager,
)
from .profile import Profile
from .reporters import Options


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--waivers", type=click.Path(dir_okay=False), help="The waivers file (default: from the configuration).")
@click.option("--as-of", type=IsoDate(), help="Reference date (default: today).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@profile_option
@plugin_option
@config_options
@click.pass_context
def waivers(ctx, paths, waivers, as_of, fmt, profile, plugins, config_file, isolated) -> None:
    """List waivers: active, expiring (within 30 days), expired, unused.

    With PATHS (or `paths` in the configuration) the branch files are checked
    to find the waivers that match nothing.
    """
    from tabulate import tabulate

    config = build_config(ctx, config_file, isolated)
    o = ctx.params
    if not o["waivers"]:
        raise SetupError(
            "请用 --waivers 指定豁免文件（或在配置文件中写 waivers）/ name the waivers file with --waivers "
            "(or `waivers` in a configuration file)"
        )
    refuse_irregular([("--waivers", o["waivers"])])
    try:
        found = load_waivers(o["waivers"])
    except GateError as err:
        raise SetupError(str(err)) from None
    day = as_of_date(o)
    checked = bool(o["paths"])
    if checked:
        judge(o, lambda branch: apply_waivers(branch, found, day))
    rows = [w.as_dict(day) for w in found]
    if not checked:
        for row in rows:
            row["state"] = "active" if row["state"] == "unused" else row["state"]
            row["used"] = None
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(
            tabulate(
                [
                    [
                        r["branch"],
                        r["rule"],
                        r["state"],
                        r["expires"],
                        r["document"],
                        r["approved_by"],
                        r["reason"],
                        "" if r["used"] is None else r["used"],
                    ]
                    for r in rows
                ],
                headers=["branch", "rule", "state", "expires", "document", "approved_by", "reason", "used"],
            )
        )
    if config.file is None and not checked:
        click.echo(
            "（未给出数据路径，无法判断哪些豁免未被使用 / no data paths given: unused waivers cannot be told）",
            err=True,
        )


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--within", type=click.IntRange(0, 3660), default=90, show_default=True, help="Days ahead to look.")
@click.option("--as-of", type=IsoDate(), help="Reference date (default: today).")
@click.option(
    "--year", type=click.IntRange(YEARS.start, YEARS.stop - 1), help="Audit period (default: the year of --as-of)."
)
@profile_option
@click.option("--select", multiple=True, help="Only these rule codes or prefixes (repeatable).")
@click.option("--ignore", multiple=True, help="Not these rule codes or prefixes (repeatable).")
@lang_option
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=FormatSpec(),
    default=["table"],
    show_default=True,
    help="table, json or ics (an iCalendar file for phone and desktop calendars), to stdout or to PATH.",
)
@plugin_option
@config_options
@quiet_option
@click.pass_context
def due(ctx, within, config_file, isolated, quiet, **_) -> None:
    """The open obligations across the branches, to plan by: overdue first, then those falling
    due within --within days, then later ones.

    Elections, the year's congress, hardship-file reviews, postings: each with its
    date, the branch by name and code, the rule and what is to be done. A pass
    (done for now, with its next date) is not listed. The .ics calendar sets a
    reminder only on events still ahead.
    """
    from .deadlines import deadlines

    config = build_config(ctx, config_file, isolated)
    o = ctx.params
    files = branch_files(o)
    check_paths(o, files, config.file)
    read: set[str] = set()
    report = judge(o, files=files, read=read)
    refuse_overwriting_evidence(o, read)
    found = deadlines(report, within, later=True)
    lang = o["lang"]
    rules = {r.code: r for r in report.rules}
    for name, path in o["formats"]:
        if name == "ics":
            from .reporters.ics import render_ics

            text = render_ics(found, report.as_of, rules, Options(lang))
        elif name == "json":
            text = _deadlines_json(found, report.as_of, rules, lang)
        else:
            text = _deadlines_table(found, report.as_of, within, rules, lang)
        if path:
            write_atomic(path, text)
            if not quiet:
                click.echo(written_line(path), err=True)
        else:
            click.echo(text, nl=False)


def _deadlines_json(found: list, as_of: dt.date, rules: dict, lang: str) -> str:
    rows = [
        {
            "due": d.due.isoformat(),
            "group": d.group,
            "overdue": d.overdue,
            "days_left": d.days_left(as_of),
            "branch": d.branch.code,
            "name": d.branch.name,
            "rule": d.result.rule,
            "title": rules[d.result.rule].title(lang) if d.result.rule in rules else None,
            "status": d.result.status.value,
            "what": d.result.message(lang),
            "todo": _todo(d, rules, lang),
            "file": d.branch.file,
        }
        for d in found
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _todo(d, rules: dict, lang: str) -> str | None:
    """What to do about a deadline: the rule's advice where action is due now or soon (not for a
    pending item far off: its date and message say what is coming)."""
    from .reporters.summary import shows_advice

    rule = rules.get(d.result.rule)
    return rule.doc.advice(lang) if rule is not None and shows_advice(d.result) else None


_GROUP_HEADINGS = {
    "overdue": ("已逾期（{n} 项）", "Overdue ({n})"),
    "within": ("{start} 至 {end}（{within} 天内）到期（{n} 项）", "Due {start} to {end}, within {within} days ({n})"),
    "later": ("{end} 以后到期（{n} 项）", "Due after {end} ({n})"),
}


def _deadlines_table(found: list, as_of: dt.date, within: int, rules: dict, lang: str) -> str:
    from tabulate import tabulate

    from .deadlines import GROUPS

    zh = lang == "zh"
    heading = (
        f"截止日期与待办事项：参考日 {as_of}，共 {len(found)} 项未完成（已逾期的在前）"
        if zh
        else f"Open obligations as of {as_of}: {len(found)} (overdue first)"
    )
    headers = (
        ["截止日期", "剩余天数", "代码", "基层工会", "规则", "状态", "事项"]
        if zh
        else ["due", "days left", "code", "branch", "rule", "status", "what"]
    )
    end = as_of + dt.timedelta(days=within)
    out = [heading]
    for group in GROUPS:
        rows = [
            [
                d.due,
                (f"逾期 {-d.days_left(as_of)} 天" if zh else f"{-d.days_left(as_of)} days late")
                if d.overdue
                else d.days_left(as_of),
                d.branch.code or "",
                d.branch.name or d.branch.file,
                d.result.rule,
                d.result.status.label(lang),
                d.result.message(lang),
            ]
            for d in found
            if d.group == group
        ]
        if not rows:
            continue
        title = _GROUP_HEADINGS[group][0 if zh else 1].format(n=len(rows), start=as_of, end=end, within=within)
        out += ["", title, tabulate(rows, headers=headers, maxcolwidths=[None, None, None, 16, None, None, 44])]
    if not found:
        out += ["", "没有未完成的事项" if zh else "Nothing open"]
    return "\n".join(out) + "\n"


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
@profile_option
@plugin_option
def list_rules(fmt, profile, plugins) -> None:
    """List every rule: code, family, titles, severity, regulation.

    With --format markdown: the full rule reference (what each rule checks, why, how to fix,
    an example, its parameters in the profile), as docs/rules.md holds it.
    """
    from tabulate import tabulate

    rules, registered, _contract = build_rules(plugins)
    chosen = build_profile(profile, rules, registered)
    if fmt == "markdown":
        click.echo(_rule_reference(rules, chosen, profile, plugins), nl=False)
        return
    severity = chosen.severity
    rows = [
        {
            "code": r.code,
            "family": r.family,
            "name": r.name,
            "title_zh": r.title.zh,
            "title_en": r.title.en,
            "severity": severity[r.code].value,
            "from_year": chosen.from_year.get(r.code),
            "basis": basis_text(r, chosen, "zh"),
            "citations": [c.as_dict() for c in citations(r, chosen)],
            "plugin": r.plugin,
        }
        for r in rules
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(
            tabulate(
                [[r["code"], r["family"], r["title_zh"], r["title_en"], _severity_cell(r), r["basis"]] for r in rows],
                headers=["code", "family", "标题", "title", "severity", "依据 / basis"],
                maxcolwidths=[None, None, 24, 32, None, 50],
            )
        )


def _severity_cell(row: dict) -> str:
    """A rule's severity in the table, with the audit year it is checked from when the profile sets one."""
    start = row["from_year"]
    return row["severity"] if start is None else f"{row['severity']}\n自 {start} 起 / from {start}"


def _rule_reference(rules: list[Rule], chosen: Profile, profile: str, plugins) -> str:
    """The Markdown rule reference, quoting the command that regenerates it as it was given."""
    from .ruledoc import markdown

    command = "unioncheck rules --format markdown"
    command += "".join(f" --plugin {p}" for p in plugins)
    command += f" --profile {profile}" if profile != DEFAULT_PROFILE else ""
    command += " > docs/rules.md" if profile == DEFAULT_PROFILE and not plugins else " > rules.md"
    try:
        families = collect_families(plugin_manager(tuple(plugins)))
    except PluginError as err:
        raise SetupError(str(err)) from None
    return markdown(rules, chosen, families, command=command)


@click.command()
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@lang_option
@profile_option
@plugin_option
def explain(code, fmt, lang, profile, plugins) -> None:
    """What rule CODE checks, why (the regulation), how to fix it, an example."""
    rules, registered, _contract = build_rules(plugins)
    rule = {r.code: r for r in rules}.get(code.upper())
    if rule is None:
        raise SetupError(f"没有规则 {code} / no rule {code}; see `unioncheck rules`")
    chosen = build_profile(profile, rules, registered)
    params = parameters(rule, chosen)
    if fmt == "json":
        d = rule.doc
        click.echo(
            json.dumps(
                {
                    "code": rule.code,
                    "family": rule.family,
                    "name": rule.name,
                    "title": {"zh": rule.title.zh, "en": rule.title.en},
                    "basis": basis_text(rule, chosen, lang),
                    "citations": basis(rule, chosen)["citations"],
                    "severity": chosen.severity[rule.code].value,
                    "from_year": chosen.from_year.get(rule.code),
                    "scope": rule.scope,
                    "plugin": rule.plugin,
                    "what": {"zh": d.what.zh, "en": d.what.en},
                    "why": {"zh": d.why.zh, "en": d.why.en},
                    "fix": {"zh": d.fix.zh, "en": d.fix.en},
                    "example": d.example,
                    "params": params,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(explain_text(rule, params, lang, markdown=True, profile=chosen))


@click.command()
@plugin_option
def schema(plugins) -> None:
    """Print the data contract's JSON Schema (for editors with a YAML language server)."""
    _, _, contract = build_rules(plugins)
    click.echo(json.dumps(contract.schema, ensure_ascii=False, indent=2))
