"""The rule reference: every rule, rendered from the rule objects and a profile as one Markdown page.

This module owns the page ``unioncheck rules --format markdown`` prints (and that a
project commits, e.g. as ``docs/rules.md``): an introduction, a table of contents by
family, then each rule with what it checks, why (the regulation), how to fix a
finding, an example and its parameters as the profile sets them. It is written from
what the rules declare, so the reference cannot drift from the checks; it knows no
rule by name. The output depends only on the rules, the profile and the names given
to the families: no dates, no paths of the machine it runs on, so that regenerating
it gives the same bytes.

Chinese comes first and English follows, as everywhere users read unioncheck.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import yaml

from .citations import KINDS, basis_text, citations, kind_label, read_label
from .explain import phase_in
from .model import Rule, Severity, Text

SEVERITY = {
    Severity.FAIL: "不合格 / fail",
    Severity.WARN: "警告 / warn",
    Severity.OFF: "关闭（不运行） / off (not run)",
}
SCOPE = {
    "branch": "逐个文件检查 / each branch file on its own",
    "dataset": "跨全部文件检查 / across all branch files at once",
}


def markdown(
    rules: list[Rule],
    profile,
    families: Mapping[str, Text] | None = None,
    command: str = "unioncheck rules --format markdown",
) -> str:
    """The rule reference of ``rules`` with ``profile``'s severities, values and sources, as Markdown.

    ``families`` names the families (code -> Text, as plugins name them; a family without a
    name is shown by its code); ``command`` is what regenerates the page, quoted in its
    introduction.
    """
    names = families or {}
    show_plugin = len({r.plugin for r in rules}) > 1  # which plugin a rule comes from, once there are several
    by_family: dict[str, list[Rule]] = {}
    for rule in rules:  # registration order: families as reports show them
        by_family.setdefault(rule.family, []).append(rule)
    out = _intro(profile.name, command, len(rules), len(by_family))
    out += ["## 目录 / Contents", ""]
    for family, members in by_family.items():
        out.append(f"- [{_family_title(family, names)}](#{_anchor(family)}) — {_count(len(members))}")
        out += [f"  - [{r.code} {r.title.zh} / {r.title.en}](#{_anchor(r.code)})" for r in members]
    out.append("")
    for family, members in by_family.items():
        out += [f'<a id="{_anchor(family)}"></a>', "", f"## {_family_title(family, names)}", ""]
        for rule in members:
            out += _rule(rule, profile, show_plugin)
    return "\n".join(out).rstrip("\n") + "\n"


def _intro(profile_name: str, command: str, rules: int, families: int) -> list[str]:
    return [
        "# 规则参考 / Rule reference",
        "",
        f"本页列出 unioncheck 的全部 {rules} 条规则（{families} 个规则族）：每条规则检查什么、依据哪条规定、"
        f"发现问题如何改正、示例，以及配置 `{profile_name}` 给出的严重程度和参数取值。",
        "",
        f"This page lists all {rules} rules of unioncheck ({families} families): what each checks, the regulation "
        f"behind it, how to fix a finding, an example, and the severity and parameter values the profile "
        f"`{profile_name}` gives it.",
        "",
        "严重程度：**不合格**的发现使检查不通过（退出码 1）；**警告**会报告，但默认不使检查失败；**关闭**的规则不运行。"
        "参数取值和严重程度可由另一个配置修改。",
        "",
        "Severity: a finding of a **fail** rule fails the check (exit status 1); a **warn** is reported but does not "
        "fail it by default; an **off** rule does not run. Another profile can change values and severities.",
        "",
        "本页由规则本身生成，请勿手工修改；用下面的命令重新生成。 / "
        "Generated from the rules themselves: do not edit it by hand; regenerate it with:",
        "",
        "```sh",
        command,
        "```",
        "",
        "在命令行查看单条规则及其当前参数：`unioncheck explain CODE`；规则一览：`unioncheck rules`。 / "
        "One rule with the parameters in force, on the command line: `unioncheck explain CODE`; "
        "all rules at a glance: `unioncheck rules`.",
        "",
    ]


def _rule(rule: Rule, profile, show_plugin: bool) -> list[str]:
    d = rule.doc
    out = [
        f'<a id="{_anchor(rule.code)}"></a>',
        "",
        f"### {rule.code} {rule.title.zh} / {rule.title.en}",
        "",
        f"- 代码 / Code: `{rule.code}` (`{rule.name}`)",
        f"- 严重程度 / Severity: {SEVERITY[Severity(profile.severity.get(rule.code, rule.severity))]}",
        f"- 范围 / Scope: {SCOPE.get(rule.scope, rule.scope)}",
    ]
    start = phase_in(rule, profile)
    if start is not None:
        out.append(f"- 适用 / Applies: {start.zh} / {start.en}")
    if show_plugin:
        out.append(f"- 插件 / Plugin: `{rule.plugin}`")
    out += ["", "**检查什么 / What it checks**", "", *_both(d.what)]
    out += ["**为什么（依据） / Why (the regulation)**", "", *_basis(rule, profile), *_both(d.why)]
    out += ["**如何改正 / How to fix**", "", *_both(d.fix)]
    if d.example:
        out += ["**示例 / Example**", "", "```yaml", d.example.rstrip("\n"), "```", ""]
    out += _parameters(rule, profile)
    return out


def _basis(rule: Rule, profile) -> list[str]:
    """The 依据 in both languages, then every text cited with its kind, jurisdiction and reading."""
    zh, en = basis_text(rule, profile, "zh"), basis_text(rule, profile, "en")
    out = [f"依据：{zh}", ""] + ([f"Regulation: {en}", ""] if en != zh else [])
    by_ref: dict[str, list] = {}
    for c in citations(rule, profile):
        by_ref.setdefault(c.ref, []).append(c)
    if by_ref:
        head = ["引用 / Cited", "条文 / Articles", "类别 / Kind", "适用地区 / Jurisdiction", "条文核对 / Read"]
        out += [_row(head), _row(["---"] * len(head))]
        for cites in by_ref.values():
            r = cites[0].regulation
            articles = "、".join(dict.fromkeys(c.articles for c in cites if c.articles))
            out.append(
                _row(
                    [
                        _text(r.name),
                        articles,
                        _text(KINDS[r.kind]),
                        _text(r.jurisdiction),
                        f"{read_label(r.read, 'zh')}<br>{read_label(r.read, 'en')}" if r.kind != "local" else "—",
                    ]
                )
            )
        out.append("")
    return out


def _parameters(rule: Rule, profile) -> list[str]:
    if not rule.params:
        return []
    values = profile.params.get(rule.code, {})
    meanings = [p.meaning if p.meaning.zh or p.meaning.en else None for p in rule.params]
    with_meaning = any(meanings)
    head = ["参数 / Parameter", "取值 / Value"] + (["含义 / Meaning"] if with_meaning else []) + ["来源 / Source"]
    out = ["**参数 / Parameters**", "", _row(head), _row(["---"] * len(head))]
    blocks = []
    for param, meaning in zip(rule.params, meanings):
        value = values.get(param.name, param.default)
        if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)):
            shown = "见下 / below"
            blocks += ["```yaml", _yaml({param.name: value}), "```", ""]
        else:
            shown = f"`{_inline(value)}`"
        cells = [f"`{param.name}`", shown]
        if with_meaning:
            cells.append(_text(meaning) if meaning else "")
        cells.append(_source(rule, param, profile))
        out.append(_row(cells))
    return out + [""] + blocks


def _source(rule: Rule, param, profile) -> str:
    """Where a value comes from: the profile's text, then the regulations it cites, each with its kind."""
    text = getattr(profile, "source_texts", {}).get((rule.code, param.name))
    shown = _text(text) if text else profile.sources.get((rule.code, param.name)) or ""
    for c in getattr(profile, "cites", {}).get((rule.code, param.name), ()):
        r = c.regulation
        cited = r.short.zh + (f" {c.articles}" if c.articles else "")
        shown += f"<br>{cited}（{kind_label(r.kind, 'zh')}，{r.jurisdiction.zh}）"
    return shown


def _both(text: Text) -> list[str]:
    """A text in Chinese, then in English, as two paragraphs (one where both are the same)."""
    if text.zh == text.en:
        return [text.zh, ""]
    return [text.zh, "", text.en, ""]


def _family_title(family: str, names: Mapping[str, Text]) -> str:
    name = names.get(family)
    return f"{family} {name.zh} / {name.en}" if name else family


def _anchor(code: str) -> str:
    return code.lower()


def _count(n: int) -> str:
    return f"{n} 条规则 / {n} rule" + ("" if n == 1 else "s")


def _text(meaning: Any) -> str:
    if isinstance(meaning, Text):
        return meaning.zh if meaning.zh == meaning.en else f"{meaning.zh}<br>{meaning.en}"
    return str(meaning)


def _inline(value: Any) -> str:
    """A value as it is written in a profile: ``2/3``, ``90``, ``[3, 5]``, ``[deep, relative]``."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip()
    return json.dumps(value, ensure_ascii=False)


def _yaml(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000).rstrip("\n")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", "<br>") for c in cells) + " |"
