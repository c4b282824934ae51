"""A rule explained in one shape — What it does / Why / How to fix / Example /
Parameters — for `unioncheck explain` and for the help text of report formats
(SARIF rule help)."""

from __future__ import annotations

import json

from .model import Rule


def parameters(rule: Rule, profile) -> dict:
    """The parameters in force for ``rule`` and where each comes from."""
    return {
        name: {"value": value, "source": profile.sources.get((rule.code, name))}
        for name, value in profile.params.get(rule.code, {}).items()
    }


def explain_text(rule: Rule, params: dict, lang: str, markdown: bool = False) -> str:
    zh = lang == "zh"
    heads = (
        ("检查什么", "为什么（依据）", "如何改正", "示例", "参数")
        if zh
        else ("What it does", "Why is this bad? (basis)", "How to fix", "Example", "Parameters")
    )
    d = rule.doc
    parts = [
        f"{rule.code} ({rule.name}) — {rule.title(lang)}",
        "",
        f"## {heads[0]}",
        d.what(lang),
        "",
        f"## {heads[1]}",
        d.why(lang),
        f"{'依据' if zh else 'Regulation'}: {rule.basis}",
        "",
        f"## {heads[2]}",
        d.fix(lang),
    ]
    if d.example:
        parts += ["", f"## {heads[3]}", "```yaml", d.example, "```"]
    if params:
        parts += ["", f"## {heads[4]}"]
        parts += [
            f"- {k}: {json.dumps(v['value'], ensure_ascii=False)}" + (f"  ({v['source']})" if v["source"] else "")
            for k, v in params.items()
        ]
    text = "\n".join(parts)
    return text if markdown else text.replace("```yaml\n", "").replace("\n```", "")
