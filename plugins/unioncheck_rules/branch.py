"""A branch as it stood on the reference date: typed records built from a valid document.

Records dated after ``as_of`` are left out (sessions, elections, postings,
hardship files, assistance, plans not yet in force, member assemblies, contracts
not yet signed, trainings: the field that dates each
kind of record is the one the contract's schema marks ``dates_record``), and so
are reviews after it, and a proposal's decision or answer and a contract's
submission dated after it, and a hardship file that exited after ``as_of`` is still
active, so a past audit re-run on today's files gives the verdict it gave then.
Every record keeps its data path, for locations. Hardship files carry no names:
what a rule never holds it cannot print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterator

from unioncheck import Document

from .contract import CONTRACT
from .dates import day_before

Path = tuple

# section (a path pattern such as ("congresses", "*")) -> the field that dates its records
DATED_BY = {where[:-1]: where[-1] for where in CONTRACT.annotated("dates_record")}


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _existing(records: list | None, section: tuple, as_of: dt.date) -> list[tuple[int, dict]]:
    """(index, record) of the records of ``section`` that existed on ``as_of``: dated on or before it."""
    key = DATED_BY[section]
    return [(i, r) for i, r in enumerate(records or []) if _date(r[key]) <= as_of]


def _int(value: Any) -> int | None:
    """A count as an int: JSON Schema's "integer" also admits 68.0."""
    return int(value) if value is not None else None


@dataclass
class Resolution:
    id: str
    subject: str
    votes_for: int
    votes_against: int
    abstentions: int
    path: Path


@dataclass
class Proposal:
    """A proposal (提案) registered at a session; a decision or answer dated after the reference date is not
    known yet (``None``)."""

    id: str
    title: str
    decision: str | None  # accepted | merged | declined
    decided_on: dt.date | None
    reason: str | None
    answered_on: dt.date | None
    path: Path


@dataclass
class Congress:
    id: str
    date: dt.date
    form: str
    delegates_total: int
    delegates_present: int
    papers_sent_on: dt.date | None
    resolutions: list[Resolution]
    evidence: list[str]
    path: Path
    proposals: list[Proposal] = field(default_factory=list)


@dataclass
class MemberAssembly:
    """A session of the members' own assembly (会员(代表)大会); ``joint_with`` the congress held with it."""

    id: str
    date: dt.date
    form: str  # representative | general
    joint_with: str | None
    members_total: int | None
    present: int | None
    reports: tuple[str, ...]
    evidence: list[str]
    path: Path


@dataclass
class CollectiveContract:
    """A collective contract signed by the reference date; a submission after it is not known yet."""

    id: str
    kind: str  # general | wages | women | safety
    approved_by: str | None
    signed_on: dt.date
    submitted_on: dt.date | None
    effective_from: dt.date
    effective_to: dt.date
    women_chapter: bool | None
    evidence: list[str]
    path: Path

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day <= self.effective_to


@dataclass
class Training:
    """A training course attended by union officers (names as in the election results, which are public)."""

    date: dt.date
    title: str
    kind: str  # onboarding | regular
    attendees: tuple[str, ...]
    evidence: list[str]
    path: Path


@dataclass
class Plan:
    id: str
    effective_from: dt.date
    effective_to: dt.date | None
    approved_by: str | None
    path: Path
    ends: dt.date | None = None  # effective_to, or the day before the next plan takes over


@dataclass
class Postponement:
    approved_by: str | None
    document: str | None
    approved_on: dt.date | None
    until: dt.date
    path: Path


@dataclass
class Election:
    id: str
    date: dt.date
    kind: str
    term_years: int | None
    eligible: int | None
    present: int | None
    seats: int | None
    candidates: int | None
    votes: list[int]  # of each elected member
    reported_to_superior_on: dt.date | None
    approved_by_superior_on: dt.date | None
    audit_committee_elected: bool | None
    women_committee_formed: bool | None
    postponement: Postponement | None
    evidence: list[str]
    path: Path
    elected: tuple[str, ...] = ()  # the names of the members elected (election results are public)


@dataclass
class HardshipFile:
    id: str
    id_number: str  # personal data: compare it, check it, never print it
    category: str
    household_size: int
    publicity: tuple[dt.date, dt.date] | None
    opened_on: dt.date
    reviews: list[dt.date]
    status: str  # as of the reference date
    exited_on: dt.date | None
    exit_reason: str | None
    path: Path

    @property
    def active(self) -> bool:
        return self.status == "active"

    def active_on(self, day: dt.date) -> bool:
        return self.opened_on <= day and (self.exited_on is None or day <= self.exited_on)


@dataclass
class Assistance:
    file: str
    date: dt.date
    program: str
    evidence: list[str]
    path: Path


@dataclass
class Hardship:
    register_reviewed_on: dt.date | None
    files: list[HardshipFile]
    assistance: list[Assistance]
    file_ids: set[str] = field(default_factory=set)  # every file on record, opened by as_of or not


@dataclass
class Posting:
    category: str
    covers: str
    start: dt.date
    end: dt.date | None
    evidence: list[str]
    path: Path


@dataclass
class Branch:
    document: Document
    code: str
    name: str
    established_on: dt.date | None
    staff_count: int
    data_as_of: dt.date
    congresses: list[Congress]
    plans: list[Plan]
    elections: list[Election]
    hardship: Hardship | None
    postings: list[Posting]
    resolutions: dict[str, tuple[Congress, Resolution]] = field(default_factory=dict)  # every one on file
    member_count: int | None = None
    member_assemblies: list[MemberAssembly] = field(default_factory=list)  # by date
    collective_contracts: list[CollectiveContract] = field(default_factory=list)  # by signing date
    trainings: list[Training] = field(default_factory=list)  # by date

    @property
    def file(self) -> str:
        return self.document.file

    def general_elections(self) -> list[Election]:
        return sorted((e for e in self.elections if e.kind == "general"), key=lambda e: e.date)


def fields(node: Any, path: Path = ()) -> Iterator[tuple[Path, str, Any]]:
    """Every (path, key, value) of every mapping in ``node``, depth first, in file order.

    Walked with a stack of open mappings and lists rather than nested generators,
    which re-yielded every field once per level (a tenth of a cold audit)."""
    if not isinstance(node, (dict, list)):
        return
    stack = [(path, isinstance(node, dict), iter(node.items()) if isinstance(node, dict) else enumerate(node))]
    while stack:
        base, mapping, items = stack[-1]
        for key, value in items:
            here = base + (key,)
            if mapping:
                yield here, key, value
            if isinstance(value, dict):
                stack.append((here, True, iter(value.items())))
                break
            if isinstance(value, list):
                stack.append((here, False, enumerate(value)))
                break
        else:
            stack.pop()


@dataclass(frozen=True)
class Walked:
    """A document walked once (``walked``): every field as ``fields`` gives it, and every
    mapping with its path, in file order (a mapping before what is inside it)."""

    fields: list[tuple[Path, str, Any]]
    mappings: list[tuple[Path, dict]]


def walked(doc: Document) -> Walked:
    """The fields and mappings of ``doc``'s data, walked once per document: the rules that look
    at every field (DAT004, DAT005, EVD001) share the walk, as the branch rules share ``view``."""
    key = "unioncheck_rules.branch.walked"
    found = doc.cache.get(key)
    if found is None:
        found = doc.cache[key] = _walk(doc.data)
    return found


def _walk(node: Any) -> Walked:
    """``fields(node)`` and the mappings met on the way, in one walk with the same stack."""
    found: list[tuple[Path, str, Any]] = []
    mappings: list[tuple[Path, dict]] = []
    if not isinstance(node, (dict, list)):
        return Walked(found, mappings)
    if isinstance(node, dict):
        mappings.append(((), node))
    stack = [((), isinstance(node, dict), iter(node.items()) if isinstance(node, dict) else enumerate(node))]
    add, opened = found.append, mappings.append
    while stack:
        base, mapping, items = stack[-1]
        for key, value in items:
            here = base + (key,)
            if mapping:
                add((here, key, value))
            if isinstance(value, dict):
                opened((here, value))
                stack.append((here, True, iter(value.items())))
                break
            if isinstance(value, list):
                stack.append((here, False, enumerate(value)))
                break
        else:
            stack.pop()
    return Walked(found, mappings)


def view(doc: Document, as_of: dt.date) -> Branch:
    """The branch in ``doc`` as of ``as_of``, built once per document and date."""
    key = ("unioncheck_rules.branch", as_of)
    if key not in doc.cache:
        doc.cache[key] = _build(doc, as_of)
    return doc.cache[key]


def _build(doc: Document, as_of: dt.date) -> Branch:
    data, b = doc.data, doc.data["branch"]
    raw_congresses = data.get("congresses") or []
    all_congresses = [_congress(c, ("congresses", i), as_of) for i, c in enumerate(raw_congresses)]
    resolutions = {r.id: (c, r) for c in all_congresses for r in c.resolutions}
    held = {i for i, _ in _existing(raw_congresses, ("congresses", "*"), as_of)}
    return Branch(
        document=doc,
        code=b["code"],
        name=b["name"],
        established_on=_date(b.get("established_on")),
        staff_count=_int(b["staff_count"]),
        data_as_of=_date(b["data_as_of"]),
        congresses=sorted((c for i, c in enumerate(all_congresses) if i in held), key=lambda c: c.date),
        plans=_plans(data.get("performance_pay_plans") or [], as_of),
        elections=[
            _election(x, ("elections", i)) for i, x in _existing(data.get("elections"), ("elections", "*"), as_of)
        ],
        hardship=_hardship(data["hardship"], as_of) if isinstance(data.get("hardship"), dict) else None,
        postings=[_posting(x, ("postings", i)) for i, x in _existing(data.get("postings"), ("postings", "*"), as_of)],
        resolutions=resolutions,
        member_count=_int(b.get("member_count")),
        member_assemblies=sorted(
            (
                _assembly(x, ("member_assemblies", i))
                for i, x in _existing(data.get("member_assemblies"), ("member_assemblies", "*"), as_of)
            ),
            key=lambda m: m.date,
        ),
        collective_contracts=sorted(
            (
                _contract(x, ("collective_contracts", i), as_of)
                for i, x in _existing(data.get("collective_contracts"), ("collective_contracts", "*"), as_of)
            ),
            key=lambda c: c.signed_on,
        ),
        trainings=sorted(
            (_training(x, ("trainings", i)) for i, x in _existing(data.get("trainings"), ("trainings", "*"), as_of)),
            key=lambda t: t.date,
        ),
    )


def _known(value: Any, as_of: dt.date) -> dt.date | None:
    """A date that had happened by ``as_of``, else None (not known yet on the reference date)."""
    day = _date(value)
    return day if day is not None and day <= as_of else None


def _congress(c: dict, path: Path, as_of: dt.date) -> Congress:
    return Congress(
        id=c["id"],
        date=_date(c["date"]),
        form=c["form"],
        delegates_total=_int(c["delegates_total"]),
        delegates_present=_int(c["delegates_present"]),
        papers_sent_on=_date(c.get("papers_sent_on")),
        resolutions=[
            Resolution(
                r["id"],
                r["subject"],
                _int(r["votes_for"]),
                _int(r["votes_against"]),
                _int(r["abstentions"]),
                path + ("resolutions", j),
            )
            for j, r in enumerate(c.get("resolutions") or [])
        ],
        evidence=list(c.get("evidence") or []),
        path=path,
        proposals=[_proposal(p, path + ("proposals", j), as_of) for j, p in enumerate(c.get("proposals") or [])],
    )


def _proposal(p: dict, path: Path, as_of: dt.date) -> Proposal:
    decided_on = _known(p.get("decided_on"), as_of)
    decided = decided_on is not None or (p.get("decision") is not None and p.get("decided_on") is None)
    return Proposal(
        id=p["id"],
        title=p["title"],
        decision=p.get("decision") if decided else None,
        decided_on=decided_on,
        reason=p.get("reason") if decided else None,
        answered_on=_known(p.get("answered_on"), as_of),
        path=path,
    )


def _assembly(m: dict, path: Path) -> MemberAssembly:
    return MemberAssembly(
        id=m["id"],
        date=_date(m["date"]),
        form=m["form"],
        joint_with=m.get("joint_with"),
        members_total=_int(m.get("members_total")),
        present=_int(m.get("present")),
        reports=tuple(m.get("reports") or ()),
        evidence=list(m.get("evidence") or []),
        path=path,
    )


def _contract(c: dict, path: Path, as_of: dt.date) -> CollectiveContract:
    return CollectiveContract(
        id=c["id"],
        kind=c["kind"],
        approved_by=c.get("approved_by"),
        signed_on=_date(c["signed_on"]),
        submitted_on=_known(c.get("submitted_on"), as_of),
        effective_from=_date(c["effective_from"]),
        effective_to=_date(c["effective_to"]),
        women_chapter=c.get("women_chapter"),
        evidence=list(c.get("evidence") or []),
        path=path,
    )


def _training(t: dict, path: Path) -> Training:
    return Training(
        date=_date(t["date"]),
        title=t["title"],
        kind=t["kind"],
        attendees=tuple(t.get("attendees") or ()),
        evidence=list(t.get("evidence") or []),
        path=path,
    )


def _plans(raw: list[dict], as_of: dt.date) -> list[Plan]:
    plans = sorted(
        (
            Plan(
                p["id"],
                _date(p["effective_from"]),
                _date(p.get("effective_to")),
                p.get("approved_by"),
                ("performance_pay_plans", i),
            )
            for i, p in _existing(raw, ("performance_pay_plans", "*"), as_of)
        ),
        key=lambda p: p.effective_from,
    )
    for plan, successor in zip(plans, plans[1:] + [None]):
        plan.ends = plan.effective_to or (day_before(successor.effective_from) if successor else None)
    return plans


def _election(e: dict, path: Path) -> Election:
    post = e.get("postponement")
    return Election(
        id=e["id"],
        date=_date(e["date"]),
        kind=e["kind"],
        term_years=_int(e.get("term_years")),
        eligible=_int(e.get("eligible")),
        present=_int(e.get("present")),
        seats=_int(e.get("seats")),
        candidates=_int(e.get("candidates")),
        votes=[_int(m["votes"]) for m in e.get("elected") or []],
        reported_to_superior_on=_date(e.get("reported_to_superior_on")),
        approved_by_superior_on=_date(e.get("approved_by_superior_on")),
        audit_committee_elected=e.get("audit_committee_elected"),
        women_committee_formed=e.get("women_committee_formed"),
        postponement=Postponement(
            post.get("approved_by"),
            post.get("document"),
            _date(post.get("approved_on")),
            _date(post["until"]),
            path + ("postponement",),
        )
        if post
        else None,
        evidence=list(e.get("evidence") or []),
        path=path,
        elected=tuple(m["name"] for m in e.get("elected") or []),
    )


def _hardship(h: dict, as_of: dt.date) -> Hardship:
    files = []
    for i, f in _existing(h.get("files"), ("hardship", "files", "*"), as_of):
        opened = _date(f["opened_on"])
        exited_on = _date(f.get("exited_on"))
        status = f["status"]
        if status == "exited" and exited_on is not None and exited_on > as_of:
            status, exited_on = "active", None
        pub = f.get("publicity")
        files.append(
            HardshipFile(
                id=f["id"],
                id_number=f["id_number"],
                category=f["category"],
                household_size=_int(f["household_size"]),
                publicity=(_date(pub["from"]), _date(pub["to"])) if pub else None,
                opened_on=opened,
                reviews=sorted(d for d in map(_date, f.get("reviews") or []) if d <= as_of),
                status=status,
                exited_on=exited_on,
                exit_reason=f.get("exit_reason"),
                path=("hardship", "files", i),
            )
        )
    reviewed = _date(h.get("register_reviewed_on"))
    return Hardship(
        register_reviewed_on=reviewed if reviewed and reviewed <= as_of else None,
        files=files,
        assistance=[
            Assistance(
                x["file"], _date(x["date"]), x["program"], list(x.get("evidence") or []), ("hardship", "assistance", i)
            )
            for i, x in _existing(h.get("assistance"), ("hardship", "assistance", "*"), as_of)
        ],
        file_ids={f["id"] for f in h.get("files") or []},
    )


def _posting(p: dict, path: Path) -> Posting:
    return Posting(
        category=p["category"],
        covers=str(p["covers"]),
        start=_date(p["from"]),
        end=_date(p.get("to")),
        evidence=list(p.get("evidence") or []),
        path=path,
    )
