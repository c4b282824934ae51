"""What a rule rests on, as a report cites it.

A profile's ``regulations:`` table names each text a rule or a parameter rests on —
its name, its **kind** (``KINDS``), its **jurisdiction** and whether the article
numbers cited were read in the text itself (``read``) — and the profile's rules,
families and parameters cite entries of that table with articles. This module turns
those citations into what readers see:

- ``citations(rule, profile)``: the structured list (``Citation``), national basis
  first, then this province's texts, then benchmarks, then local practice — for
  JSON, SARIF, notices, ``explain`` and the rule reference;
- ``basis_text(rule, profile, lang)``: the 依据 text of a report, e.g.
  「工会法 第6、20条；事业单位人事管理条例 第4条。参照外省标准：上海市职工代表大会条例 第22条（每年至少召开一次）」,
  a rule resting on benchmark numbers only saying so;
- ``kind_label`` / ``read_label``: the words for a citation's kind and reading (``explain.cited`` puts them
  on one line).

A rule its profile cites nothing for (a third-party rule) keeps the ``basis`` text its
plugin declares. The engine knows no regulation by name: every text comes from a profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Text

KINDS = {  # kind -> its name, in the order a basis lists them (docs/regulations.md says what each means)
    "national_law": Text("全国性法律", "national law"),
    "national_rule": Text("全国性法规或规定", "national rule"),
    "provincial": Text("本省规定", "this province's regulation"),
    "benchmark": Text("参照标准", "benchmark"),
    "local": Text("本地做法", "local practice"),
}
NATIONAL = ("national_law", "national_rule")
_ORDER = {kind: i for i, kind in enumerate(KINDS)}
NATIONWIDE = "全国"  # the jurisdiction of a national text (a benchmark of that jurisdiction is not another province's)


@dataclass(frozen=True)
class Regulation:
    """One entry of a profile's regulations table."""

    id: str
    name: Text  # 中华人民共和国工会法 / Trade Union Law of the People's Republic of China
    short: Text  # how a basis names it: 工会法 / Trade Union Law
    kind: str  # one of KINDS
    jurisdiction: Text  # 全国, 贵州省, 上海市, 本县 …
    read: bool  # the article numbers cited were read in the text (False: taken from sources quoting it)
    note: Text | None = None
    where: str = ""  # file:line of the entry, for messages


@dataclass(frozen=True)
class Citation:
    """A rule, family or parameter citing one regulation, with articles and what it takes from it."""

    regulation: Regulation
    articles: str = ""  # 第6、20条 (as the text numbers them, in Chinese)
    about: Text | None = None  # what the rule takes from it: 三分之二以上出席 / two thirds present
    where: str = ""

    @property
    def ref(self) -> str:
        return self.regulation.id

    @property
    def kind(self) -> str:
        return self.regulation.kind

    @property
    def jurisdiction(self) -> Text:
        return self.regulation.jurisdiction

    @property
    def read(self) -> bool:
        return self.regulation.read

    def as_dict(self) -> dict:
        """The citation for JSON and SARIF: ids, kind, jurisdiction and reading, both languages."""
        r = self.regulation
        return {
            "ref": r.id,
            "name": {"zh": r.name.zh, "en": r.name.en},
            "articles": {"zh": self.articles, "en": articles_en(self.articles)} if self.articles else None,
            "about": {"zh": self.about.zh, "en": self.about.en} if self.about else None,
            "kind": r.kind,
            "jurisdiction": {"zh": r.jurisdiction.zh, "en": r.jurisdiction.en},
            "read": r.read,
        }


def citations(rule, profile) -> list[Citation]:
    """Everything ``rule`` rests on under ``profile``: the rule's (or its family's) own citations and
    those of its parameters, each once, in the order of ``KINDS`` (national first)."""
    own = list(getattr(profile, "basis", {}).get(rule.code, ()))
    cites = getattr(profile, "cites", {})
    for param in rule.params:
        own += cites.get((rule.code, param.name), ())
    seen, out = set(), []
    for c in own:
        key = (c.ref, c.articles, c.about)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return sorted(out, key=lambda c: _ORDER[c.kind])


def basis_text(rule, profile, lang: str) -> str:
    """The basis of ``rule`` under ``profile`` as a report's 依据 column shows it: the national
    basis (and this province's texts) first, then the benchmarks marked as such, then local
    practice. A rule with no citation in the profile keeps its plugin's ``basis``."""
    found = citations(rule, profile)
    if not found:
        return rule.basis
    zh = lang == "zh"
    binding = [c for c in found if c.kind in NATIONAL or c.kind == "provincial"]
    abroad = [c for c in found if c.kind == "benchmark" and c.jurisdiction.zh != NATIONWIDE]
    nonbinding = [c for c in found if c.kind == "benchmark" and c.jurisdiction.zh == NATIONWIDE]
    local = [c for c in found if c.kind == "local"]
    parts = []
    if binding:
        parts.append(_join(binding, lang))
    elif abroad or nonbinding:
        parts.append("无全国性或本省规定设定此标准" if zh else "no national or provincial text sets this standard")
    if abroad:
        unfound = getattr(profile, "province", None)
        label = "参照外省标准" if zh else "benchmark (another province)"
        if unfound is not None and not any(c.kind == "provincial" for c in found):
            label += f"（{unfound.name.zh}未查到相应规定）" if zh else f" (none found in {unfound.name.en})"
        parts.append(f"{label}{'：' if zh else ': '}{_join(abroad, lang)}")
    if nonbinding:
        label = "参照全国性规定（不直接适用于本单位）" if zh else "benchmark (a national text not binding on the unit)"
        parts.append(f"{label}{'：' if zh else ': '}{_join(nonbinding, lang)}")
    if local:
        label = "本地做法" if zh else "local practice"
        parts.append(f"{label}{'：' if zh else ': '}{_join(local, lang)}")
    if zh:
        return "。".join(parts)
    return ". ".join(part[:1].upper() + part[1:] for part in parts)


def kind_label(kind: str, lang: str) -> str:
    text = KINDS[kind]
    return text.zh if lang == "zh" else text.en


def read_label(read: bool, lang: str) -> str:
    if lang == "zh":
        return "条文已核对原文" if read else "条文转引自二手资料，未核对原文"
    return "articles read in the text" if read else "articles as quoted by secondary sources, not read in the text"


_DIGITS = "一二三四五六七八九"


def articles_en(articles: str) -> str:
    """第6、20条 → art. 6, 20; 第44条 第2款 → art. 44 para. 2; 第12条(一) → art. 12(1) (an item, 项, numbered
    in Chinese, up to 十九); anything else as written."""

    def arts(m):
        numbers = m.group(1).split("、")
        return ("arts. " if len(numbers) > 1 else "art. ") + ", ".join(numbers)

    def item(m):
        tens, ones = m.group(1), m.group(2)
        return f"({(10 if tens else 0) + (_DIGITS.index(ones) + 1 if ones else 0)})"

    text = re.sub(r"第([0-9、]+)条", arts, articles)
    text = re.sub(rf"[（(](?=[十{_DIGITS}])(十)?([{_DIGITS}])?[）)]", item, text)
    return re.sub(r"第([0-9]+)款", r"para. \1", text)


def _one(c: Citation, lang: str) -> str:
    return _cited(c.regulation, c.articles, [c.about] if c.about is not None else [], lang)


def _cited(regulation: Regulation, articles: str, abouts: list[Text], lang: str, name: bool = True) -> str:
    """「上海市职工代表大会条例 第22条（每年至少召开一次）」; without the name: 「第22条（…）」."""
    zh = lang == "zh"
    parts = [_short(regulation, lang)] if name else []
    if articles:
        parts.append(articles if zh else articles_en(articles))
    text = " ".join(parts)
    said = list(dict.fromkeys(a.zh if zh else a.en for a in abouts))
    if said:
        text += f"（{'；'.join(said)}）" if zh else f" ({'; '.join(said)})"
    return text


def _join(cites: list[Citation], lang: str) -> str:
    """Citations of one group, each text once, its articles together:
    「浙江省企业民主管理条例 第7条（…）、第15条（…）」."""
    zh = lang == "zh"
    by_ref: dict[str, dict[str, list[Text]]] = {}
    for c in cites:
        abouts = by_ref.setdefault(c.ref, {}).setdefault(c.articles, [])
        if c.about is not None:
            abouts.append(c.about)
    regulations = {c.ref: c.regulation for c in cites}
    out = []
    for ref, by_articles in by_ref.items():
        shown = [
            _cited(regulations[ref], articles, abouts, lang, name=i == 0)
            for i, (articles, abouts) in enumerate(by_articles.items())
        ]
        out.append(("、" if zh else ", ").join(s for s in shown if s))
    return ("；" if zh else "; ").join(out)


def _short(regulation: Regulation, lang: str) -> str:
    return regulation.short.zh if lang == "zh" else regulation.short.en
