"""Policy profiles: YAML files that give the rules their parameters and severity.

A profile looks like::

    profile: my-county            # its name
    extends: county-health-bureau # optional: a registered name or a path relative to this file
    families:
      HRD:
        params:
          review_months: {value: 6, source: "市总工会 2026 年通知"}
    rules:
      CGR001:
        severity: warn            # fail | warn | off
        params:
          warn_days: 60           # a bare value is fine in an extending profile

A rule or a whole family can be phased in from an audit year: ``from_year: 2026`` under a rule
or a family (the rule's own entry wins over its family's; ``from_year: null`` in an extending
profile undoes an earlier one). Auditing an earlier year, such a rule is not run: each branch
gets one n/a result saying from which year it is checked.

A ``calendar`` section supplies the holidays and make-up working days (调休) of a year the
``chinesecalendar`` package does not know yet, from the State Council's notice::

    calendar:
      2027:
        source: {zh: 国务院办公厅关于2027年部分节假日安排的通知, en: State Council notice on the 2027 holidays}
        holidays: [2027-01-01, 2027-02-05]   # days off (weekend days inside a break may be listed too)
        workdays: [2027-02-14]               # weekend days that are working days

For a year the package knows, the package is used and the entry is ignored with a warning; a
later profile's entry for a year replaces an earlier one's.

A ``scoring`` section gives the score sheet (考核评分; see docs/scoring.md and ``scoring``): a
later profile's section replaces an earlier one wholly, ``scoring: off`` removes it.

Family parameters apply to every rule of the family that declares them; rule
parameters win over them. A rule the profile does not name takes the severity
it declares; a parameter the profile does not give takes the default the rule
declares, with the source declared beside it; a parameter with neither is an
error naming the rule, the parameter and the profile. Unknown rule codes, families or parameters and
values of the wrong type are errors that name the file, the line and the key.

What the rules rest on is a table of the texts, ``regulations:``, that rules,
families and parameters cite (``unioncheck.citations`` turns them into a report's 依据)::

    regulations:
      trade-union-law:
        name: {zh: 中华人民共和国工会法, en: Trade Union Law of the PRC}
        short: {zh: 工会法, en: Trade Union Law}   # optional: how a basis names it
        kind: national_law        # national_law | national_rule | provincial | benchmark | local
        jurisdiction: 全国         # or {zh: 上海市, en: Shanghai}
        read: true                # the article numbers were read in the text itself
        note: …                   # optional
    families:
      ELE:
        basis: ["trade-union-law 第16条"]         # every rule of the family not citing its own
    rules:
      CGR001:
        basis:
          - trade-union-law 第6、20条              # "ID ARTICLES"
          - {ref: shanghai-congress, articles: 第22条, about: {zh: 每年至少召开一次, en: at least once a year}}
        params:
          warn_days: {value: 90, source: "…", cites: [county-union]}

An extending profile adds entries or overrides some fields of one; citing an id the
table does not have is an error at its file and line. ``province:`` names the province
a profile is for and what was searched for and not found there.
"""

from __future__ import annotations

import datetime as dt
import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paramvalues
from .calendar import SuppliedYear, package_years
from .citations import KINDS, Citation, Regulation
from .contract import format_path
from .loader import Document, load
from .model import YEARS, Rule, Severity, Text
from .scoring import COSTING, Item, Scoring, number, tenths

_TOP_KEYS = {
    "profile",
    "title",
    "union",
    "description",
    "extends",
    "families",
    "rules",
    "regulations",
    "province",
    "scoring",
    "calendar",
}
_REGULATION_KEYS = ("name", "short", "kind", "jurisdiction", "read", "note")
_CITE_KEYS = ("ref", "articles", "about")
MOST_EXTENDS = 20  # profiles in one extends chain


class ProfileError(Exception):
    """A profile that cannot be used; the message names file, line and key."""


@dataclass
class Profile:
    name: str
    chain: list[str]  # the files read, most basic first
    severity: dict[str, Severity] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[tuple[str, str], str] = field(default_factory=dict)
    title: Text | None = None  # what the audit is called (县卫生健康局工会基层工会年度检查)
    union: Text | None = None  # who audits: the union whose name heads every document
    regulations: dict[str, Regulation] = field(default_factory=dict)  # id -> the text (citations.Regulation)
    basis: dict[str, list[Citation]] = field(default_factory=dict)  # rule code -> what the rule itself cites
    cites: dict[tuple[str, str], list[Citation]] = field(default_factory=dict)  # (code, param) -> its citations
    source_texts: dict[tuple[str, str], Text] = field(default_factory=dict)  # (code, param) -> source, both languages
    province: Province | None = None  # the province a provincial profile is for
    scoring: Scoring | None = None  # the score sheet (考核评分), see scoring; None without one or with `scoring: off`
    from_year: dict[str, int] = field(default_factory=dict)  # rule code -> the first audit year it is checked
    calendar: dict[int, SuppliedYear] = field(default_factory=dict)  # years the calendar package does not know

    def deferred(self, code: str, year: int) -> bool:
        """Whether rule ``code`` is not yet checked when auditing ``year`` (its ``from_year`` is later)."""
        start = self.from_year.get(code)
        return start is not None and year < start


@dataclass(frozen=True)
class Province:
    name: Text  # 贵州省 / Guizhou
    none_found: Text | None = None  # what was searched for there and not found


@dataclass
class _Setting:
    value: Any
    source: str | None
    where: str  # file:line, for messages
    cites: tuple[Citation, ...] = ()
    about: Text | None = None  # the source, in both languages, as what a citation of it says


def load_profile(ref: str, rules: list[Rule], registered: dict[str, Path]) -> Profile:
    """Read ``ref`` (a path, or a name a plugin registered) and everything it extends."""
    layers = _read_chain(_resolve(ref, registered, None), registered, [])
    read = _Read()
    name = ""
    title = union = province = scoring = None
    for _path, doc in layers:  # the table first: any layer may cite any entry of it
        _read_regulations(doc, read.regulations)
    for path, doc in layers:
        name = str(doc.data.get("profile") or Path(path).stem)
        title = _text(doc, "title") or title
        union = _text(doc, "union") or union
        province = _province(doc) or province
        _read_families(doc, rules, read)
        _read_rules(doc, {r.code: r for r in rules}, read)
        _read_calendar(doc, name, read.calendar)
        if "scoring" in doc.data:  # a later profile's sheet replaces the earlier one wholly
            scoring = _read_scoring(doc, rules)
    profile = Profile(
        name=name,
        chain=[p for p, _ in layers],
        title=title,
        union=union,
        regulations=read.regulations,
        province=province,
        scoring=scoring,
        calendar=read.calendar,
    )
    for rule in rules:
        profile.severity[rule.code] = read.severity.get(rule.code, rule.severity)
        start = read.rule_from_year[rule.code] if rule.code in read.rule_from_year else None
        if rule.code not in read.rule_from_year:
            start = read.family_from_year.get(rule.family)
        if start is not None:
            profile.from_year[rule.code] = start
        basis = read.rule_basis.get(rule.code, read.family_basis.get(rule.family))
        if basis:
            profile.basis[rule.code] = list(basis)
        profile.params[rule.code] = {}
        for param in rule.params:
            _settle(profile, rule, param, read)
    return profile


@dataclass
class _Read:
    """What the layers of a profile say, the later layers over the earlier ones."""

    family_params: dict[str, dict[str, _Setting]] = field(default_factory=dict)
    rule_params: dict[str, dict[str, _Setting]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    regulations: dict[str, Regulation] = field(default_factory=dict)
    family_basis: dict[str, tuple[Citation, ...]] = field(default_factory=dict)
    rule_basis: dict[str, tuple[Citation, ...]] = field(default_factory=dict)
    family_from_year: dict[str, int | None] = field(default_factory=dict)
    rule_from_year: dict[str, int | None] = field(default_factory=dict)
    calendar: dict[int, SuppliedYear] = field(default_factory=dict)


def _read_families(doc: Document, rules: list[Rule], read: _Read) -> None:
    families = {r.family for r in rules}
    for family, body in _section(doc, "families").items():
        if family not in families:
            _fail(
                doc,
                ("families", family),
                f"未知的规则族 {family}",
                f"unknown rule family {family}",
                family,
                sorted(families),
            )
        _known_keys(
            doc,
            ("families", family),
            body if isinstance(body, dict) else {},
            _FAMILY_KEYS,
            (f"规则族 {family} 下", f" under family {family}"),
        )
        declared = {p.name for r in rules if r.family == family for p in r.params}
        owner = (f"规则族 {family}", f"family {family}")
        if isinstance(body, dict) and "basis" in body:
            read.family_basis[family] = _cites(doc, ("families", family, "basis"), read.regulations)
        if isinstance(body, dict) and "from_year" in body:
            read.family_from_year[family] = _from_year(doc, ("families", family, "from_year"), body["from_year"])
        params = _params(doc, ("families", family), body, declared, owner, read.regulations)
        read.family_params.setdefault(family, {}).update(params)


def _read_rules(doc: Document, by_code: dict[str, Rule], read: _Read) -> None:
    for code, body in _section(doc, "rules").items():
        rule = by_code.get(code)
        if rule is None:
            _fail(doc, ("rules", code), f"未知的规则代码 {code}", f"unknown rule code {code}", code, sorted(by_code))
        body = body or {}
        if not isinstance(body, dict):
            _fail(
                doc,
                ("rules", code),
                f"{code} 应为键值映射（severity、params、from_year）",
                f"{code} must be a mapping (severity, params, from_year)",
            )
        _known_keys(doc, ("rules", code), body, _RULE_KEYS, (f"{code} 下", f" under {code}"))
        if "from_year" in body:
            read.rule_from_year[code] = _from_year(doc, ("rules", code, "from_year"), body["from_year"])
        if "basis" in body:
            read.rule_basis[code] = _cites(doc, ("rules", code, "basis"), read.regulations)
        if "severity" in body:
            try:  # YAML 1.1 reads a bare `off` as false
                read.severity[code] = Severity("off" if body["severity"] is False else body["severity"])
            except ValueError:
                _fail(
                    doc,
                    ("rules", code, "severity"),
                    "severity 只能是 fail、warn 或 off",
                    "severity must be fail, warn or off",
                )
        declared = {p.name for p in rule.params}
        owner = (f"规则 {code}", f"rule {code}")
        read.rule_params.setdefault(code, {}).update(
            _params(doc, ("rules", code), body, declared, owner, read.regulations)
        )


_RULE_KEYS = ["severity", "params", "basis", "from_year"]
_FAMILY_KEYS = ["params", "basis", "from_year"]


def _from_year(doc: Document, path: tuple, value: Any) -> int | None:
    """A ``from_year``: an audit year (an integer in ``YEARS``), or null for none."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in YEARS:
        _fail(
            doc,
            path,
            f"from_year 应为审计年度，即 {YEARS.start} 至 {YEARS.stop - 1} 之间的整数（如 2026），而不是 {value!r}",
            f"from_year must be an audit year, a whole number from {YEARS.start} to {YEARS.stop - 1} (e.g. 2026), "
            f"not {value!r}",
        )
    return value


_CALENDAR_KEYS = ["source", "holidays", "workdays"]


def _read_calendar(doc: Document, name: str, table: dict[int, SuppliedYear]) -> None:
    """The years of ``doc``'s calendar section, added to ``table`` (a later profile's year replaces an
    earlier one's). A year the calendar package knows is left out, with a warning: the package wins."""
    if "calendar" not in doc.data:
        return
    known = package_years()
    for key, body in _section(doc, "calendar").items():
        where = ("calendar", key)
        year = int(key) if isinstance(key, str) and key.isdigit() and len(key) == 4 else key
        if isinstance(year, bool) or not isinstance(year, int) or year not in YEARS:
            _fail(
                doc,
                where,
                f"calendar 下的键应为年份（如 2027），而不是 {key!r}",
                f"the keys under 'calendar' must be years (e.g. 2027), not {key!r}",
            )
        if not isinstance(body, dict):
            _fail(
                doc,
                where,
                f"{year} 应为键值映射（source、holidays、workdays）",
                f"{year} must be a mapping (source, holidays, workdays)",
            )
        _known_keys(doc, where, body, _CALENDAR_KEYS, (f"calendar {year} 下", f" under calendar {year}"))
        for needed in ("source", "holidays"):
            if needed not in body:
                _fail(
                    doc,
                    where,
                    f"calendar {year} 缺少 {needed}（必须有 source 和 holidays，workdays 可选）",
                    f"calendar {year} has no '{needed}' (source and holidays are required, workdays optional)",
                )
        source = _text_value(doc, where + ("source",), body["source"])
        holidays = _days(doc, where + ("holidays",), body["holidays"], year, weekends=None)
        workdays = _days(doc, where + ("workdays",), body.get("workdays") or [], year, weekends=True)
        for i, day in enumerate(body.get("workdays") or []):
            if _iso(day) in holidays:
                _fail(
                    doc,
                    where + ("workdays", i),
                    f"{day} 同时列在 holidays 和 workdays 中：一天只能是其中之一",
                    f"{day} is listed under both holidays and workdays: a day is one or the other",
                )
        located = str(doc.locate(where))
        if year in known:
            print(
                f"警告：{located}: chinesecalendar 已包含 {year} 年的节假日，使用其数据，忽略配置中的 {year} 年；"
                f"可删除该条目 / warning: {located}: the chinesecalendar package knows {year}: its holidays are "
                f"used and the profile's {year} entry is ignored; remove the entry",
                file=sys.stderr,
            )
            table.pop(year, None)
            continue
        table[year] = SuppliedYear(year, frozenset(holidays), frozenset(workdays), source, name, located)


def _iso(value: Any) -> dt.date | None:
    """``value`` as a date when it is one written YYYY-MM-DD, else None."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _days(doc: Document, path: tuple, raw: Any, year: int, weekends: bool | None) -> set[dt.date]:
    """The dates of a calendar list: each YYYY-MM-DD, in ``year``, listed once; a weekend day only
    (``weekends``) or a weekday only (False), or either (None)."""
    if not isinstance(raw, list):
        _fail(
            doc,
            path,
            f"{path[-1]} 应为日期列表，如 [{year}-01-01, {year}-02-05]",
            f"'{path[-1]}' must be a list of dates, e.g. [{year}-01-01, {year}-02-05]",
        )
    out: set[dt.date] = set()
    for i, value in enumerate(raw):
        at = path + (i,)
        day = _iso(value)
        if day is None:
            _fail(doc, at, f"{value!r} 不是 YYYY-MM-DD 形式的日期", f"{value!r} is not a date in YYYY-MM-DD form")
        if day.year != year:
            _fail(
                doc,
                at,
                f"{day} 不在 {year} 年内：calendar {year} 只列该年的日期",
                f"{day} is not in {year}: calendar {year} lists dates of that year only",
            )
        if day in out:
            _fail(doc, at, f"{day} 重复列出", f"{day} is listed twice")
        if weekends and day.weekday() < 5:
            _fail(
                doc,
                at,
                f"{day} 是星期{'一二三四五'[day.weekday()]}：workdays 只列调休上班的周六、周日",
                f"{day} is a {day:%A}: workdays lists only the Saturdays and Sundays that are working days",
            )
        out.add(day)
    return out


def _settle(profile: Profile, rule: Rule, param, read: _Read) -> None:
    """The value of one parameter: the rule's setting, else its family's, else the rule's declared default."""
    setting = read.rule_params.get(rule.code, {}).get(param.name) or read.family_params.get(rule.family, {}).get(
        param.name
    )
    if setting is None:
        if not param.has_default:
            raise ProfileError(
                f"{profile.chain[-1]}: 配置缺少规则 {rule.code} 的参数 {param.name} / "
                f"the profile gives no value for {rule.code} parameter '{param.name}'"
            )
        declared = f"插件 {rule.plugin} 为 {rule.code} 声明的默认值 / "
        declared += f"the default {rule.plugin} declares for {rule.code}"
        setting = _Setting(param.default, param.source or None, declared)
    value = _checked(param.schema, setting.value, setting.where, f"{rule.code}.{param.name}")
    profile.params[rule.code][param.name] = value
    if setting.source:
        profile.sources[(rule.code, param.name)] = setting.source
        profile.source_texts[(rule.code, param.name)] = setting.about or Text(setting.source, setting.source)
    if setting.cites:  # a citation of a parameter says what the number takes from the text: its source
        profile.cites[(rule.code, param.name)] = [
            c
            if c.about is not None or setting.about is None
            else Citation(c.regulation, c.articles, setting.about, c.where)
            for c in setting.cites
        ]


def _checked(schema, value: Any, where: str, name: str) -> Any:
    """``value`` as the rule gets it; when it means nothing, a ProfileError naming ``where`` (the
    file and line, or the plugin declaring the default), the parameter ``name``, the value and
    what is expected."""
    try:
        return paramvalues.checked(schema, value)
    except paramvalues.BadValue as bad:
        raise ProfileError(f"{where}: {name} 的{bad.message.zh} / wrong value for {name}: {bad.message.en}") from None


def _resolve(ref: str, registered: dict[str, Path], relative_to: Path | None) -> Path:
    candidate = Path(ref) if relative_to is None else relative_to.parent / ref
    if candidate.is_file():
        return candidate
    if ref in registered:
        return registered[ref]
    known = ", ".join(sorted(registered)) or "-"
    where = f"{relative_to}: extends: " if relative_to else ""
    raise ProfileError(
        f"{where}找不到配置 {ref}：既不是文件也不是已注册的配置名（已注册：{known}）/ "
        f"profile '{ref}' not found: neither a file nor a registered name (registered: {known})"
    )


def _read_chain(path: Path, registered: dict[str, Path], seen: list[Path]) -> list[tuple[str, Document]]:
    if path.resolve() in seen:
        raise ProfileError(f"{path}: extends 形成循环 / 'extends' goes round in a circle")
    if len(seen) >= MOST_EXTENDS:
        raise ProfileError(
            f"{seen[0]}: extends 链超过 {MOST_EXTENDS} 层（到 {path} 仍未结束）：请让配置直接继承所需的配置 / "
            f"the 'extends' chain is more than {MOST_EXTENDS} profiles deep (still going at {path}): "
            "let the profile extend the one it needs directly"
        )
    doc = load(str(path), year_keys=True)  # calendar: {2027: …}
    if doc.problems:
        p = doc.problems[0]
        raise ProfileError(f"{path}:{p.line or ''}: {p.message.zh} / {p.message.en}")
    for key in doc.data:
        if key not in _TOP_KEYS:
            _fail(doc, (key,), f"未知的顶层键 {key}", f"unknown top-level key '{key}'", key, sorted(_TOP_KEYS))
    layers: list[tuple[str, Document]] = []
    if doc.data.get("extends"):
        base = _resolve(str(doc.data["extends"]), registered, path)
        layers = _read_chain(base, registered, seen + [path.resolve()])
    return layers + [(str(path), doc)]


def _text(doc: Document, key: str, path: tuple | None = None) -> Text | None:
    """A top-level text of both languages (``title``, ``union``): ``{zh: …, en: …}``, or one string for both."""
    path = path or (key,)
    raw = _at(doc.data, path)
    if raw is None:
        return None
    return _text_value(doc, path, raw)


def _text_value(doc: Document, path: tuple, raw: Any) -> Text:
    """A text of both languages at ``path``: ``{zh: …, en: …}``, or one string for both."""
    key = path[-1]
    if isinstance(raw, str) and raw.strip():
        return Text(raw.strip(), raw.strip())
    if (
        isinstance(raw, dict)
        and set(raw) <= {"zh", "en"}
        and all(isinstance(v, str) and v.strip() for v in raw.values())
    ):
        zh = (raw.get("zh") or raw.get("en")).strip()
        return Text(zh, (raw.get("en") or zh).strip())
    _fail(
        doc,
        path,
        f"{key} 应为文字，或 {{zh: 中文, en: English}}",
        f"'{key}' must be text, or {{zh: Chinese, en: English}}",
    )


def _at(data: Any, path: tuple) -> Any:
    """The value at ``path`` in a profile's data (a missing key of a mapping: None)."""
    for part in path:
        data = data.get(part) if isinstance(data, dict) else data[part]
    return data


_SCORING_KEYS = ["title", "total", "deduct", "items"]
_ITEM_KEYS = ["code", "name", "points", "cap", "covers", "deduct"]


def _read_scoring(doc: Document, rules: list[Rule]) -> Scoring | None:
    """The profile's score sheet (see docs/scoring.md); None for ``scoring: off``. What cannot be a
    sheet is an error naming the file, the line and the key."""
    body = doc.data["scoring"]
    if body is False or body == "off":  # YAML 1.1 reads a bare `off` as false
        return None
    if not isinstance(body, dict):
        _fail(doc, ("scoring",), "scoring 应为键值映射，或 off", "'scoring' must be a mapping, or off")
    _known_keys(doc, ("scoring",), body, _SCORING_KEYS)
    for key in ("title", "total", "items"):
        if key not in body:
            _fail(doc, ("scoring",), f"scoring 缺少 {key}", f"'scoring' has no '{key}'")
    title = _text(doc, "title", ("scoring", "title")) or _fail(
        doc, ("scoring", "title"), "title 应为文字", "'title' must be text"
    )
    total = _points(doc, ("scoring", "total"), body["total"], positive=True)
    default = _deduct(doc, ("scoring", "deduct"), body["deduct"]) if "deduct" in body else None
    if not isinstance(body["items"], list) or not body["items"]:
        _fail(doc, ("scoring", "items"), "items 应为非空列表", "'items' must be a list of items, not empty")
    families = list(dict.fromkeys(r.family for r in rules))
    codes = [r.code for r in rules]
    owners: dict[str, tuple[str, tuple]] = {}  # rule code -> (item code, where it was claimed)
    items: list[Item] = []
    for i, raw in enumerate(body["items"]):
        where = ("scoring", "items", i)
        if not isinstance(raw, dict):
            _fail(doc, where, "评分项应为键值映射（code、name、points、covers、deduct）", "an item must be a mapping")
        _known_keys(doc, where, raw, _ITEM_KEYS)
        for key in ("code", "name", "points", "covers"):
            if key not in raw:
                _fail(doc, where, f"评分项缺少 {key}", f"the item has no '{key}'")
        code = raw["code"]
        if not isinstance(code, str) or not code.strip():
            _fail(doc, where + ("code",), "code 应为文字", "'code' must be text")
        if any(item.code == code for item in items):
            _fail(doc, where + ("code",), f"评分项 {code} 重复", f"item '{code}' appears twice")
        points = _points(doc, where + ("points",), raw["points"], positive=True)
        cap = _points(doc, where + ("cap",), raw["cap"]) if "cap" in raw else None
        if cap is not None and tenths(cap) > tenths(points):
            _fail(
                doc,
                where + ("cap",),
                f"评分项 {code} 的 cap（{cap}）超过其分值 {points}：一项扣分不能超过其分值",
                f"item '{code}' has a cap ({cap}) above its points ({points}): "
                "an item never takes more than its points",
            )
        if "deduct" in raw:
            deduct = _deduct(doc, where + ("deduct",), raw["deduct"])
        elif default is not None:
            deduct = default
        else:
            _fail(
                doc,
                where,
                f"评分项 {code} 没有 deduct，scoring 下也没有默认的 deduct",
                f"item '{code}' has no 'deduct', and 'scoring' gives no default one",
            )
        covers = raw["covers"]
        if isinstance(covers, str):
            covers = [covers]
        if not isinstance(covers, list) or not covers or not all(isinstance(c, str) for c in covers):
            _fail(
                doc,
                where + ("covers",),
                "covers 应为规则族或规则代码的列表",
                "'covers' must be a list of rule families or rule codes",
            )
        covered: list[str] = []
        for j, cover in enumerate(covers):
            at = where + ("covers", j)
            if cover in families:
                mine = [r.code for r in rules if r.family == cover]
            elif cover in codes:
                mine = [cover]
            else:
                _fail(
                    doc,
                    at,
                    f"评分项 {code} 的 covers 中 {cover} 既不是规则族也不是规则代码",
                    f"item '{code}' covers '{cover}', which is neither a rule family nor a rule code",
                    cover,
                    families + codes,
                )
            for rule in mine:
                if rule in owners and owners[rule][0] != code:
                    other, there = owners[rule]
                    _fail(
                        doc,
                        at,
                        f"规则 {rule} 同时属于评分项 {other}（{doc.locate(there)}）和 {code}："
                        "一条规则只能属于一个评分项",
                        f"rule {rule} falls under item '{other}' ({doc.locate(there)}) and under '{code}': "
                        "a rule may fall under one item only",
                    )
                owners[rule] = (code, at)
                if rule not in covered:
                    covered.append(rule)
        name = _text(doc, "name", where + ("name",)) or _fail(
            doc, where + ("name",), "name 应为文字", "'name' must be text"
        )
        items.append(Item(code, name, points, tuple(covers), deduct, cap, tuple(covered)))
    if sum(tenths(item.points) for item in items) != tenths(total):
        summed = sum(tenths(item.points) for item in items) / 10
        _fail(
            doc,
            ("scoring", "total"),
            f"各评分项分值之和为 {summed:g}，不等于总分 {total:g}：请调整分值或总分",
            f"the items' points add up to {summed:g}, not to the total {total:g}: adjust the points or the total",
        )
    return Scoring(title, total, tuple(items), doc.file)


def _known_keys(doc: Document, where: tuple, body: dict, keys, under: tuple[str, str] = ("", "")) -> None:
    """Refuse a key of ``body`` that is not among ``keys``, at its line, saying where it is (``under``:
    Chinese before the words, English after them) and the nearest known key."""
    for key in body:
        if key not in keys:
            _fail(doc, where + (key,), f"{under[0]}未知的键 {key}", f"unknown key '{key}'{under[1]}", key, list(keys))


def _points(doc: Document, where: tuple, value: Any, positive: bool = False) -> float:
    """A number of points: not negative (above 0 where ``positive``), at most one decimal."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 and (value > 0 or not positive)
    if not ok or abs(value * 10 - round(value * 10)) > 1e-9:
        _fail(
            doc,
            where,
            f"{where[-1]} 应为{'大于 0' if positive else '不小于 0'}的分数，"
            f"最多一位小数（如 25 或 2.5），而不是 {value!r}",
            f"'{where[-1]}' must be a number of points {'above 0' if positive else 'not below 0'}, with at most one "
            f"decimal (25 or 2.5), not {value!r}",
        )
    return number(tenths(value))  # 25.0 is shown as 25


def _deduct(doc: Document, where: tuple, raw: Any) -> dict:
    """Points per finding of each status: ``{fail: 5, error: 5, warn: 2}``."""
    if not isinstance(raw, dict) or not raw:
        _fail(
            doc,
            where,
            "deduct 应为每种状态每项扣分的映射，如 {fail: 5, error: 5, warn: 2}",
            "'deduct' must map statuses to points per finding, e.g. {fail: 5, error: 5, warn: 2}",
        )
    out = {}
    for status, value in raw.items():
        if status not in COSTING:
            _fail(
                doc,
                where + (status,),
                f"deduct 中的状态只能是 {'、'.join(COSTING)}（通过、不适用、待办和已豁免不扣分）",
                f"deduct takes the statuses {', '.join(COSTING)} only (pass, n/a, pending and waived cost nothing)",
                str(status),
                list(COSTING),
            )
        out[status] = _points(doc, where + (status,), value)
    return out


def _section(doc: Document, key: str) -> dict:
    body = doc.data.get(key) or {}
    if not isinstance(body, dict):
        _fail(doc, (key,), f"{key} 应为键值映射", f"'{key}' must be a mapping")
    return body


def _params(
    doc: Document, where: tuple, body: Any, declared: set[str], owner: tuple[str, str], table: dict[str, Regulation]
) -> dict[str, _Setting]:
    """The settings under ``where``'s params; a key that is not among ``declared`` is an error naming
    its ``owner`` (Chinese, English); citations resolve in ``table``."""
    if body is None:
        return {}
    params = body.get("params") or {} if isinstance(body, dict) else None
    if not isinstance(params, dict):
        _fail(doc, where + ("params",), "params 应为键值映射", "'params' must be a mapping")
    settings = {}
    for key, raw in params.items():
        path = where + ("params", key)
        if key not in declared:
            _fail(
                doc, path, f"{owner[0]} 没有参数 {key}", f"{owner[1]} has no parameter '{key}'", key, sorted(declared)
            )
        loc = doc.locate(path)
        if isinstance(raw, dict) and "value" in raw and set(raw) <= {"value", "source", "cites"}:
            about = _text_value(doc, path + ("source",), raw.get("source")) if raw.get("source") is not None else None
            cites = _cites(doc, path + ("cites",), table) if "cites" in raw else ()
            source = about.zh if about else None
            settings[key] = _Setting(raw["value"], source, str(loc), cites, about)
        else:
            settings[key] = _Setting(raw, None, str(loc))
    return settings


def _fail(doc: Document, path: tuple, zh: str, en: str, word: str | None = None, choices: list[str] | None = None):
    hint_zh = hint_en = ""
    if word is not None and choices:
        near = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.5)
        if near:
            hint_zh, hint_en = f"，是否应为 {near[0]}？", f"; did you mean '{near[0]}'?"
    raise ProfileError(f"{doc.locate(path)}: {zh}{hint_zh} / {en}{hint_en} (key {format_path(path)})")


def _read_regulations(doc: Document, table: dict[str, Regulation]) -> None:
    """The entries of ``doc``'s regulations table, added to ``table``: a new id needs every field;
    an id an earlier layer has may override some of them."""
    for ref, body in _section(doc, "regulations").items():
        where = ("regulations", ref)
        if not isinstance(ref, str) or not ref.strip() or " " in ref:
            _fail(doc, where, f"编号 {ref} 应为不含空格的文字", f"the id '{ref}' must be text without spaces")
        if not isinstance(body, dict):
            _fail(
                doc,
                where,
                f"{ref} 应为键值映射（{'、'.join(_REGULATION_KEYS)}）",
                f"'{ref}' must be a mapping ({', '.join(_REGULATION_KEYS)})",
            )
        _known_keys(doc, where, body, _REGULATION_KEYS, (f"{ref} 下", f" under {ref}"))
        earlier = table.get(ref)
        for key in ("name", "kind", "jurisdiction", "read"):
            if key not in body and earlier is None:
                _fail(
                    doc,
                    where,
                    f"规定 {ref} 缺少 {key}（必须有 name、kind、jurisdiction、read）",
                    f"regulation '{ref}' has no '{key}' (name, kind, jurisdiction and read are required)",
                )
        kind = body.get("kind", earlier.kind if earlier else None)
        if kind not in KINDS:
            _fail(
                doc,
                where + ("kind",),
                f"kind 只能是 {'、'.join(KINDS)}（{kind} 不是）",
                f"kind must be one of {', '.join(KINDS)} (not '{kind}')",
                str(kind),
                list(KINDS),
            )
        if "read" in body and not isinstance(body["read"], bool):
            _fail(
                doc,
                where + ("read",),
                "read 应为 true（条文已核对原文）或 false（转引自二手资料）",
                "'read' must be true (the articles were read in the text) or false (quoted by secondary sources)",
            )

        def text(key, default, body=body, where=where):
            return _text_value(doc, where + (key,), body[key]) if key in body else default

        name = text("name", earlier.name if earlier else None)
        table[ref] = Regulation(
            id=ref,
            name=name,
            short=text("short", earlier.short if earlier and "name" not in body else name),
            kind=kind,
            jurisdiction=text("jurisdiction", earlier.jurisdiction if earlier else None),
            read=body.get("read", earlier.read if earlier else False),
            note=text("note", earlier.note if earlier else None),
            where=str(doc.locate(where)),
        )


def _cites(doc: Document, path: tuple, table: dict[str, Regulation]) -> tuple[Citation, ...]:
    """The citations at ``path``: a list of ``"ID ARTICLES"`` strings or ``{ref, articles, about}`` mappings."""
    raw = _at(doc.data, path)
    if raw is None:  # `basis:` with nothing after it cites nothing, as `basis: []` does
        return ()
    if isinstance(raw, (str, dict)):
        raw, many = [raw], False
    else:
        many = True
    if not isinstance(raw, list):
        _fail(
            doc,
            path,
            '应为引用的列表，如 ["trade-union-law 第6、20条"] 或 [{ref: …, articles: …}]',
            'must be a list of citations, e.g. ["trade-union-law 第6、20条"] or [{ref: …, articles: …}]',
        )
    out = []
    for i, item in enumerate(raw):
        at = path + (i,) if many else path
        about = None
        if isinstance(item, str) and item.strip():
            ref, _, articles = item.strip().partition(" ")
        elif isinstance(item, dict) and isinstance(item.get("ref"), str):
            _known_keys(doc, at, item, _CITE_KEYS, ("引用中", " in a citation"))
            ref, articles = item["ref"], item.get("articles") or ""
            if not isinstance(articles, str):
                _fail(
                    doc,
                    at + ("articles",),
                    "articles 应为文字，如 第6、20条",
                    "'articles' must be text, e.g. 第6、20条",
                )
            if item.get("about") is not None:
                about = _text_value(doc, at + ("about",), item["about"])
        else:
            _fail(
                doc,
                at,
                '引用应为 "编号 条文"，或 {ref: 编号, articles: 条文, about: 说明}',
                'a citation must be "ID ARTICLES", or {ref: ID, articles: ARTICLES, about: TEXT}',
            )
        if ref not in table:
            _fail(
                doc,
                at,
                f"规定表（regulations）中没有 {ref}",
                f"no regulation '{ref}' in the regulations table",
                ref,
                sorted(table),
            )
        out.append(Citation(table[ref], articles.strip(), about, str(doc.locate(at))))
    return tuple(out)


def _province(doc: Document) -> Province | None:
    raw = doc.data.get("province")
    if raw is None:
        return None
    if not isinstance(raw, dict) or "name" not in raw or set(raw) - {"name", "none_found"}:
        _fail(
            doc,
            ("province",),
            "province 应为 {name: 省名, none_found: 未查到的规定}",
            "'province' must be {name: the province, none_found: what was not found there}",
        )
    found = raw.get("none_found")
    return Province(
        _text_value(doc, ("province", "name"), raw["name"]),
        _text_value(doc, ("province", "none_found"), found) if found is not None else None,
    )
