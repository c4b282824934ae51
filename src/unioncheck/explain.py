"""A rule explained in one shape — What it does / Why / How to fix / Example /
Parameters — for `unioncheck explain` and for the help text of report formats
(SARIF rule help)."""

from __future__ import annotations

import json

from .model import Rule


def parameters(rule: Rule, profile) -> dict:
    """The parameters in force for ``rule`` and where each comes from."""
    values = profile.params.get(rule.code, {})
    return {
        p.name: {
            "value": values.get(p.name),
            "meaning": {"zh": p.meaning.zh, "en": p.meaning.en},
            "source": profile.sources.get((rule.code, p.name)),
        }
        for p in rule.params
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
        value_head, source_head = ("取值：", "来源：") if zh else ("value: ", "source: ")
        for k, v in params.items():
            parts += [f"- {k} — {v['meaning'][lang]}", f"  {value_head}{json.dumps(v['value'], ensure_ascii=False)}"]
            if v["source"]:
                parts.append(f"  {source_head}{v['source']}")
    text = "\n".join(parts)
    return text if markdown else text.replace("```yaml\n", "").replace("\n```", "")
