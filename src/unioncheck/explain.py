"""A rule explained in one shape — What it does / Why / How to fix / Example /
Parameters — for `unioncheck explain` and for the help text of report formats
(SARIF rule help)."""

from __future__ import annotations

import json

from .citations import basis_text, citations, kind_label, read_label
from .model import Rule, Text


def phase_in(rule: Rule, profile) -> Text | None:
    """From which audit year the profile checks ``rule`` (its ``from_year``), or None when it sets none."""
    start = getattr(profile, "from_year", {}).get(rule.code) if profile is not None else None
    if start is None:
        return None
    return Text(f"自 {start} 年度起检查", f"checked from the {start} audit year")


def parameters(rule: Rule, profile) -> dict:
    """The parameters in force for ``rule`` and where each comes from: ``source`` (the profile's
    text, Chinese), ``source_text`` (both languages) and ``cites`` (the regulations it cites, each
    with its kind, jurisdiction and whether it was read)."""
    values = profile.params.get(rule.code, {})
    texts = getattr(profile, "source_texts", {})
    cites = getattr(profile, "cites", {})
    out = {}
    for p in rule.params:
        text = texts.get((rule.code, p.name))
        out[p.name] = {
            "value": values.get(p.name),
            "meaning": {"zh": p.meaning.zh, "en": p.meaning.en},
            "source": profile.sources.get((rule.code, p.name)),
            "source_text": {"zh": text.zh, "en": text.en} if text else None,
            "cites": [c.as_dict() for c in cites.get((rule.code, p.name), ())],
        }
    return out


def basis(rule: Rule, profile) -> dict:
    """What ``rule`` rests on, for JSON: the 依据 text in both languages and every citation."""
    return {
        "text": {"zh": basis_text(rule, profile, "zh"), "en": basis_text(rule, profile, "en")},
        "citations": [c.as_dict() for c in citations(rule, profile)],
    }


def cited(cite: dict, lang: str, about: bool = True) -> str:
    """A citation (``Citation.as_dict()``) with its kind, jurisdiction and reading, on one line:
    「上海市职工代表大会条例 第30条 — 参照标准（…）；上海市；条文已核对原文」."""
    zh = lang == "zh"
    text = cite["name"][lang]
    if cite["articles"]:
        text += " " + cite["articles"][lang]
    if about and cite["about"]:
        text += f"（{cite['about'][lang]}）" if zh else f" ({cite['about'][lang]})"
    facts = [kind_label(cite["kind"], lang), cite["jurisdiction"][lang]]
    if cite["kind"] != "local":  # the county's own decision has no article to read elsewhere
        facts.append(read_label(cite["read"], lang))
    return f"{text} — {('；' if zh else '; ').join(facts)}"


def explain_text(rule: Rule, params: dict, lang: str, markdown: bool = False, profile=None) -> str:
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
        f"{'依据' if zh else 'Regulation'}: {basis_text(rule, profile, lang) if profile is not None else rule.basis}",
    ]
    if profile is not None:
        parts += [f"- {cited(c.as_dict(), lang)}" for c in citations(rule, profile)]
    start = phase_in(rule, profile)
    if start is not None:
        parts += ["", f"{'适用' if zh else 'Applies'}: {start(lang)}"]
    parts += [
        "",
        f"## {heads[2]}",
        d.fix(lang),
    ]
    if d.example:
        parts += ["", f"## {heads[3]}", "```yaml", d.example, "```"]
    if params:
        parts += ["", f"## {heads[4]}"]
        value_head, source_head, cite_head = (
            ("取值：", "来源：", "引用：") if zh else ("value: ", "source: ", "cites: ")
        )
        for k, v in params.items():
            parts += [f"- {k} — {v['meaning'][lang]}", f"  {value_head}{json.dumps(v['value'], ensure_ascii=False)}"]
            source = (v.get("source_text") or {}).get(lang) or v["source"]
            if source:
                parts.append(f"  {source_head}{source}")
            for cite in v.get("cites") or ():
                parts.append(f"  {cite_head}{cited(cite, lang, about=False)}")
    text = "\n".join(parts)
    return text if markdown else text.replace("```yaml\n", "").replace("\n```", "")
