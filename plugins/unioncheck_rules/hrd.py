"""HRD — 困难职工档案: the hardship register is kept, reviewed, publicised and used as the rules say.

Files are named by their ``id`` only; names and ID numbers never reach a message.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections import Counter, defaultdict
from itertools import pairwise

from unioncheck import Param, Result, Status, sealed
from unioncheck import Text as T

from .branch import Branch, HardshipFile
from .contract import CONTRACT
from .dates import add_months, days
from .registry import rule
from .seals import DAMAGED, HOW_TO_SEAL, HOW_TO_SEAL_BOOK, opened, other_key, sealable_values
from .twins import branches
from .values import DAYS, FLAG, MONTHS, NAME

BASIS = (
    "全总帮扶工作有关规定（先建档、后帮扶、实名制、动态管理）；各省困难职工档案管理办法（如湖南）；"
    "全总送温暖、金秋助学活动"
)

REVIEW_MONTHS = Param(
    "review_months", MONTHS, T("档案及台账复核的最长间隔月数", "longest interval between reviews, in months")
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_NO_REGISTER = T("没有困难职工档案（hardship）", "no hardship register")


def id_number_problem(number: str) -> T | None:
    """What is wrong with a resident ID number (GB 11643), without quoting it."""
    if len(number) != 18:
        return T(
            f"身份证号应为 18 位，实际 {len(number)} 位", f"an ID number has 18 characters, this one {len(number)}"
        )
    if not number.isascii() or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return T(
            "身份证号前 17 位应为数字，末位为数字或大写 X", "an ID number is 17 digits then a digit or a capital X"
        )
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return T("身份证号中的出生日期无效", "the birth date inside the ID number is not a real date")
    if _ID_CHECK[sum(int(c) * w for c, w in zip(number, _ID_WEIGHTS)) % 11] != number[17]:
        return T(
            "身份证号校验位不正确（GB 11643），请核对", "the ID number's check digit is wrong (GB 11643); check it"
        )
    return None


def last_review(file: HardshipFile) -> dt.date:
    return file.reviews[-1] if file.reviews else file.opened_on


@rule(
    "HRD001",
    "register-kept",
    "建立困难职工档案台账并按期复核",
    "Hardship register kept and reviewed",
    BASIS,
    params=(REVIEW_MONTHS,),
    what=T(
        "有 hardship 档案台账，且 register_reviewed_on 在 review_months 个月以内（档案为空也可以）。",
        "The branch keeps a register: hardship present and register_reviewed_on within review_months (an empty file "
        "list is fine).",
    ),
    why=T(
        "困难职工帮扶实行先建档、后帮扶和动态管理，台账每年至少全面复核一次。",
        "Hardship aid is file first, aid second, with dynamic management: the register is fully reviewed at least "
        "once a year.",
    ),
    fix=T(
        "全面复核困难职工档案台账，并填写复核日期 register_reviewed_on。",
        "Review the whole register and record the date in register_reviewed_on.",
    ),
    example="""
hardship:
  register_reviewed_on: 2025-11-28
  files: []
""",
)
def register_kept(branch: Branch, ctx):
    h = branch.hardship
    if h is None:
        return [Result(Status.FAIL, _NO_REGISTER)]
    if h.register_reviewed_on is None:
        return [
            Result(
                Status.FAIL,
                T(
                    "档案台账没有复核记录（register_reviewed_on）",
                    "the register has no review date (register_reviewed_on)",
                ),
                path=("hardship",),
            )
        ]
    due = add_months(h.register_reviewed_on, ctx.params["review_months"])
    path = ("hardship", "register_reviewed_on")
    if ctx.as_of > due:
        return [
            Result(
                Status.FAIL,
                T(
                    f"台账最近复核于 {h.register_reviewed_on}，已于 {due} 逾期",
                    f"register last reviewed {h.register_reviewed_on}, overdue since {due}",
                ),
                due,
                path=path,
            )
        ]
    return [
        Result(
            Status.PASS,
            T(
                f"台账复核于 {h.register_reviewed_on}，下次须在 {due} 前",
                f"register reviewed {h.register_reviewed_on}; next review due by {due}",
            ),
            due,
            path=path,
        )
    ]


@rule(
    "HRD002",
    "files-reviewed",
    "在档困难职工按期复核",
    "Active hardship files reviewed",
    BASIS,
    params=(
        REVIEW_MONTHS,
        Param(
            "warn_days",
            DAYS,
            T("复核到期前多少天起为警告", "days before a review falls due from which it is a warning"),
        ),
    ),
    what=T(
        "每份在档档案在 review_months 个月内复核过（以 reviews 中最近日期为准，没有则以 opened_on 为准）；到期前 "
        "warn_days 天警告。",
        "Every active file was reviewed within review_months (its latest date in reviews, else opened_on); a warning "
        "warn_days before it falls due.",
    ),
    why=T(
        "困难职工档案实行动态管理，每年至少复核一次，不再困难的及时退出。",
        "Files are managed dynamically: re-verified at least yearly, and closed when hardship ends.",
    ),
    fix=T("入户或电话复核该档案，把复核日期加入 reviews。", "Re-verify the household and add the date to reviews."),
    example="""
    - id: KN-2024-011
      opened_on: 2024-09-02
      reviews: [2025-08-28]   # next due 2026-08-28
""",
)
def files_reviewed(branch: Branch, ctx):
    active = [f for f in (branch.hardship.files if branch.hardship else []) if f.active]
    if not active:
        return [Result(Status.NA, T("没有在档的困难职工档案", "no active hardship file"))]
    results = []
    for f in active:
        last = last_review(f)
        due = add_months(last, ctx.params["review_months"])
        if ctx.as_of > due:
            status, zh, en = Status.FAIL, f"已于 {due} 逾期", f"overdue since {due}"
        elif ctx.as_of >= due - days(ctx.params["warn_days"]):
            status, zh, en = Status.WARN, f"须在 {due} 前复核", f"review due by {due}"
        else:
            status, zh, en = Status.PASS, f"下次复核在 {due} 前", f"next review due by {due}"
        results.append(
            Result(
                status,
                T(f"档案 {f.id}：最近复核 {last}，{zh}", f"file {f.id}: last reviewed {last}, {en}"),
                due,
                path=f.path + ("reviews",),
            )
        )
    return results


@rule(
    "HRD003",
    "file-complete",
    "档案要素齐全有效",
    "Hardship file details valid",
    BASIS,
    params=(
        Param(
            "categories",
            {"type": "array", "items": NAME, "minItems": 1},
            T("允许的困难类别", "hardship categories allowed"),
        ),
    ),
    what=T(
        "每份档案有有效的困难类别、家庭人口数，以及 18 位且校验位正确（GB 11643）的居民身份证号。加密的身份证号"
        "（sealed:v1:…）在加密时已核对；给出局工会私钥（--open-key）时在内存中解开再核对。",
        "Every file has a valid category, household size, and an id_number that is an 18-character resident ID with "
        "a correct GB 11643 check digit. A sealed id_number (sealed:v1:…) was checked when it was sealed; with the "
        "bureau's private key (--open-key) it is opened in memory and checked again.",
    ),
    why=T(
        "困难职工帮扶实行实名制，档案要素须准确，方能核查一户多档。",
        "Aid is given by real name; accurate details make duplicate files detectable.",
    ),
    fix=T(
        "按身份证原件核对号码（末位 X 用大写），并按规定填写困难类别与家庭人口。",
        "Check the number against the ID card (a final X in capitals), and give the category and household size.",
    ),
    example="""
      id_number: "11010519491231002X"   # quoted, 18 characters, a capital X
      category: deep
      household_size: 4
""",
)
def file_complete(branch: Branch, ctx):
    files = branch.hardship.files if branch.hardship else []
    if not files:
        return [Result(Status.NA, T("没有困难职工档案", "no hardship file"))]
    categories = ctx.params["categories"]
    results = []
    unopened = 0
    for f in files:
        if f.category not in categories:
            results.append(
                Result(
                    Status.FAIL,
                    T(
                        f"档案 {f.id}：困难类别 {f.category} 无效（可选：{'、'.join(categories)}）",
                        f"file {f.id}: category {f.category} is not one of {', '.join(categories)}",
                    ),
                    path=f.path + ("category",),
                )
            )
        if f.household_size < 1:
            results.append(
                Result(
                    Status.FAIL,
                    T(
                        f"档案 {f.id}：家庭人口应至少为 1，实际 {f.household_size}",
                        f"file {f.id}: household size must be at least 1, got {f.household_size}",
                    ),
                    path=f.path + ("household_size",),
                )
            )
        number = opened(f.id_number, ctx)
        unopened += number.plain is None and number.problem is None
        problem = number.problem or (id_number_problem(number.plain) if number.plain is not None else None)
        if problem:
            results.append(
                Result(
                    number.status or Status.FAIL,
                    T(f"档案 {f.id}：", f"file {f.id}: ") + problem,
                    path=f.path + ("id_number",),
                )
            )
    return results or [
        Result(
            Status.PASS,
            T(f"{len(files)} 份档案要素齐全有效", f"{len(files)} files complete and valid")
            + _checked_when_sealed(unopened),
            path=("hardship", "files"),
        )
    ]


def _checked_when_sealed(count: int) -> T:
    if not count:
        return T("", "")
    return T(
        f"（其中 {count} 个身份证号已加密，加密时已核对；给出局工会私钥 --open-key 可再核对）",
        f" ({count} ID numbers sealed, checked when sealed; the bureau's key, --open-key, checks them again)",
    )


@rule(
    "HRD004",
    "file-publicised",
    "建档前经过公示",
    "Publicised before opening",
    BASIS,
    params=(
        Param(
            "publicity_working_days",
            DAYS,
            T("建档前公示的最少工作日数", "fewest working days of publicity before a file is opened"),
        ),
    ),
    what=T(
        "审计年度内新建的每份档案先经公示：公示在 opened_on 之前结束，且不少于 publicity_working_days "
        "个工作日（按国家法定节假日和调休计算）。",
        "Every file opened in the audit period was publicised first: publicity ends before opened_on and lasts at "
        "least publicity_working_days working days (official holidays and 调休 included).",
    ),
    why=T(
        "困难职工建档须在单位内公示，接受职工监督。",
        "A hardship file is publicised in the unit before it is opened, for the staff to check.",
    ),
    fix=T(
        "公示不足的，补充公示满 5 个工作日后再建档，并登记公示起止日期。",
        "Publicise for the full five working days before opening, and record the dates.",
    ),
    example="""
      publicity: {from: 2024-08-26, to: 2024-08-30}   # Mon–Fri: 5 working days
      opened_on: 2024-09-02
""",
)
def file_publicised(branch: Branch, ctx):
    opened = [f for f in (branch.hardship.files if branch.hardship else []) if ctx.in_period(f.opened_on)]
    if not opened:
        return [Result(Status.NA, T("审计年度内没有新建档案", "no file opened in the audit period"))]
    need = ctx.params["publicity_working_days"]
    results = []
    for f in opened:
        if f.publicity is None:
            results.append(
                Result(Status.FAIL, T(f"档案 {f.id}：没有公示记录", f"file {f.id}: no publicity recorded"), path=f.path)
            )
            continue
        start, end = f.publicity
        at = f.path + ("publicity",)
        if end >= f.opened_on:
            results.append(
                Result(
                    Status.FAIL,
                    T(
                        f"档案 {f.id}：公示至 {end}，未在建档日 {f.opened_on} 之前结束",
                        f"file {f.id}: publicity ran to {end}, not ending before opening on {f.opened_on}",
                    ),
                    path=at,
                )
            )
            continue
        counted = ctx.calendar.working_days(start, end)
        if counted.unknown_years:
            results.append(
                Result(
                    Status.WARN,
                    T(
                        f"档案 {f.id}：日历没有 {counted.unknown_years[0]} 年的节假日数据，无法计算工作日，请人工核对",
                        f"file {f.id}: the calendar has no holidays for {counted.unknown_years[0]}; count the working "
                        "days by hand",
                    ),
                    path=at,
                )
            )
        elif counted.count < need:
            results.append(
                Result(
                    Status.FAIL,
                    T(
                        f"档案 {f.id}：公示 {start} 至 {end} 仅 {counted.count} 个工作日，少于 {need} 个",
                        f"file {f.id}: publicity {start} to {end} is {counted.count} working days, fewer than {need}",
                    )
                    + _calendar_note(counted),
                    path=at,
                )
            )
        else:
            results.append(
                Result(
                    Status.PASS,
                    T(
                        f"档案 {f.id}：公示 {counted.count} 个工作日",
                        f"file {f.id}: publicised for {counted.count} working days",
                    )
                    + _calendar_note(counted),
                    path=at,
                )
            )
    return results


def _calendar_note(counted) -> T:
    """Where a count's holidays came from when a profile supplied a year the calendar package does
    not know (「（2027 年节假日取自配置 X（…通知））」); nothing otherwise."""
    note = counted.note
    return T("", "") if note is None else T(f"（{note.zh}）", f" ({note.en})")


@rule(
    "HRD005",
    "aid-to-active-files",
    "先建档、后帮扶",
    "Aid only to active files",
    BASIS,
    what=T(
        "参考日及之前的每笔帮扶，发放日期须在对应档案的在档期间（建档之后、退出之前）。",
        "Every assistance on record up to the reference date went to a file that was active on its date (opened, not "
        "yet exited).",
    ),
    why=T("困难职工帮扶坚持先建档、后帮扶。", "Aid follows the file: file first, aid second."),
    fix=T(
        "核对帮扶对象和发放日期；对未建档人员的帮扶应先补建档并公示。",
        "Check the recipient and date; someone without a file needs one, publicised, before aid.",
    ),
    example="""
  assistance:
    - {file: KN-2024-011, date: 2025-08-15, program: golden_autumn_study, amount: 3000}
""",
)
def aid_to_active_files(branch: Branch, ctx):
    h = branch.hardship
    # every payment on record (later ones are not seen); one to an unknown file is DAT002's
    paid = [a for a in (h.assistance if h else []) if a.file in h.file_ids]
    if not paid:
        return [Result(Status.NA, T("没有帮扶记录", "no assistance on record"))]
    files = {f.id: f for f in h.files}
    results = []
    for a in paid:
        f = files.get(a.file)
        if f is None or not f.active_on(a.date):
            state = (
                T("尚未建档", "had not been opened")
                if f is None or a.date < f.opened_on
                else T(f"已于 {f.exited_on} 退出", f"had exited on {f.exited_on}")
            )
            results.append(
                Result(
                    Status.FAIL,
                    T(
                        f"{a.date} 的帮扶发给了档案 {a.file}，而该档案当时",
                        f"assistance on {a.date} went to file {a.file}, which ",
                    )
                    + state,
                    path=a.path,
                )
            )
    return results or [
        Result(
            Status.PASS,
            T(f"{len(paid)} 笔帮扶均发给在档对象", f"all {len(paid)} payments went to active files"),
            path=("hardship", "assistance"),
        )
    ]


def _active_files(branch: Branch, ctx):
    """HRD006's summary of a branch: its code; for each active file the keyed hash of its ID
    number (never the number: a sealed one is opened in memory with the run's key, then hashed),
    how to name the file (its id, or its place when the id is personal data), and where its ID
    number is (path and location); and, for each active file whose ID number stays sealed (no
    key, another key, damaged), the key it is sealed to, its name and place; and the file, to know
    one branch checked in two forms (``twins``)."""
    compared, unopened = [], []
    for f in branch.hardship.files if branch.hardship else []:
        if not f.active:
            continue
        place = f.path + ("id_number",)
        number = opened(f.id_number, ctx)
        seen = (_file_label(branch, f.path[2], f), place, branch.document.locate(place))
        if number.plain is None:
            unopened.append((number.key_id,) + seen)
        else:
            compared.append((ctx.pseudonym(number.plain),) + seen)
    return branch.code, compared, unopened, branch.file


_ID_SHAPED = re.compile(r"^\d{15}$|^\d{17}[\dXx]$")


def _file_label(branch: Branch, index: int, f: HardshipFile) -> str:
    """A file's id, unless it is an ID number or the person's name (typed into the wrong field):
    then its place, so that neither is kept in a summary (which may be cached) or shown."""
    raw = (branch.document.data.get("hardship") or {}).get("files") or []
    name = raw[index].get("name") if index < len(raw) and isinstance(raw[index], dict) else None
    personal = f.id == f.id_number or (name is not None and f.id == name) or _ID_SHAPED.match(f.id.strip())
    return f"hardship.files[{index}]" if personal else f.id


@rule(
    "HRD006",
    "one-file-per-person",
    "不得一户多档",
    "One active file per person",
    BASIS,
    scope="dataset",
    summarise=_active_files,
    what=T(
        "同一身份证号不得有两份在档档案，无论在同一文件内还是在同时检查的所有基层工会之间。加密的身份证号只有给出局工会"
        "私钥（--open-key）时才在内存中解开比对；没有私钥时，有加密身份证号的单位得到“未比对”的警告。",
        "No person has two active files: the same id_number twice, within a file or across all branches checked "
        "together. Sealed ID numbers are compared only with the bureau's private key (--open-key), which opens them "
        "in memory; without it each branch with sealed numbers gets a warning that they were not compared.",
    ),
    why=T(
        "困难职工档案实行实名制管理，防止一户多档、重复帮扶。",
        "Files are by real name so that no household is filed, and aided, twice.",
    ),
    fix=T(
        "与相关工会核实，保留一份档案，其余退出（exit_reason: transferred 或 other）。",
        "Agree with the other branch which file stays; close the others (exit_reason: transferred or other).",
    ),
    example="""
# branch A: KN-2024-011, status active
# branch B: KN-2025-003, the same id_number, status active   -> both fail
""",
)
def one_file_per_person(summaries, ctx):
    holders = defaultdict(list)  # a person (their pseudonym) -> every active file that is theirs
    repeated = _repeated(summaries)
    forms = branches([(s[0], s[3] if len(s) > 3 else "") for s in summaries])  # a YAML file and its workbook
    for position, (code, files, *_) in enumerate(summaries):
        for pseudonym, file_id, place, where in files:
            if pseudonym[:8] in repeated:
                holders[pseudonym].append((position, code, file_id, place, where, forms[position]))
    results = defaultdict(list)
    for same in holders.values():
        if len(same) > 1:
            _same_person(same, results)
    _not_compared(summaries, ctx, results)
    return results


def _not_compared(summaries, ctx, results) -> None:
    """For each branch with sealed ID numbers that could not be opened, one result saying so:
    an error where they are sealed to a key other than the run's (or, without a key, where the
    run's sealed numbers are sealed to several keys), else a warning that comparing them needs
    the bureau's key. Never a silent pass."""
    keys = Counter(key for _code, _files, *rest in summaries for key, *_ in (rest[0] if rest else ()) if key)
    for position, (_code, _files, *rest) in enumerate(summaries):
        unopened = rest[0] if rest else ()
        if unopened:
            results[position].append(_unopened_result(unopened, keys, ctx))


#: what HRD006's finding about a branch's sealed, unopened ID numbers is about, in its key: one per
#: branch, whichever file comes first
SEALED_SUBJECT = "hardship.files(sealed)"


def _unopened_result(unopened, keys: Counter, ctx) -> Result:
    mine = sorted({key for key, *_ in unopened if key})
    given = ctx.open_key.key_id if ctx.open_key is not None else None
    _, _, place, where = unopened[0]
    if given is not None and any(key != given for key in mine):
        others = "、".join(k for k in mine if k != given)
        lead = T(f"档案 {_names(unopened, '、')} 的身份证号", f"the ID numbers of files {_names(unopened, ', ')} are ")
        return Result(Status.ERROR, lead + other_key(others, given), path=place, location=where, subject=SEALED_SUBJECT)
    if given is None and len(keys) > 1:
        return Result(Status.ERROR, _several_keys(keys, mine), path=place, location=where, subject=SEALED_SUBJECT)
    message = T(
        f"档案 {_names(unopened, '、')} 的身份证号已加密（{len(unopened)} 份），未与其他档案比对：一人多档须用局工会"
        "私钥（--open-key 或 UNIONCHECK_OPEN_KEY）检查",
        f"the ID numbers of files {_names(unopened, ', ')} are sealed ({_files_count(len(unopened))}) and were not "
        "compared: one person filed twice is found only with the bureau's private key (--open-key or "
        "UNIONCHECK_OPEN_KEY)",
    )
    return Result(Status.WARN, message, path=place, location=where, subject=SEALED_SUBJECT)


def _files_count(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


def _names(unopened, sep: str) -> str:
    return sep.join(label for _key, label, *_ in unopened[:SHOWN]) + ("…" if len(unopened) > SHOWN else "")


def _several_keys(keys: Counter, mine: list[str]) -> T:
    counts = "、".join(f"{key}（{n} 份）" for key, n in sorted(keys.items()))
    counts_en = ", ".join(f"{key} ({_files_count(n)})" for key, n in sorted(keys.items()))
    return T(
        f"本次检查的身份证号加密给了不同的密钥：{counts}；本会的加密给 {'、'.join(mine)}。"
        "无法比对：请各会用局工会现用公钥重新加密",
        f"the sealed ID numbers of this run are sealed to different keys: {counts_en}; this branch's to "
        f"{', '.join(mine)}. They cannot be compared: re-seal them to the bureau's current public key",
    )


SHOWN = 10  # other files a finding names; the rest are counted


def _same_person(same: list, results) -> None:
    """A fail for each of ``same``, the active files of one person, naming at most SHOWN of the
    others (the first ones) and counting the rest, so that a report grows with the files, not with
    their square. A file of one branch checked in two forms (``twins``) is one file, in both."""
    files = list(dict.fromkeys((branch, f) for _p, _c, f, _at, _w, branch in same))  # each file once
    if len(files) < 2:
        return  # one file, in a YAML file and its workbook: DAT002 says it is the same branch twice
    first: dict[tuple, str] = {}
    for _p, c, f, _at, _w, branch in same:
        if len(first) > SHOWN:
            break
        first.setdefault((branch, f), f"{c}/{f}")
    for position, _code, file_id, place, where, branch in same:
        others = [name for key, name in first.items() if key != (branch, file_id)][:SHOWN]
        more = len(files) - 1 - len(others)
        zh = "、".join(others) + (f" 等，还有 {more} 份" if more else "")
        en = ", ".join(others) + (f" and {more} more" if more else "")
        total = T(f"；此人共有 {len(files)} 份在档档案", f"; {len(files)} active files in all") if more else T("", "")
        results[position].append(
            Result(
                Status.FAIL,
                T(
                    f"档案 {file_id} 与 {zh} 是同一人（身份证号相同）",
                    f"file {file_id} is the same person (same ID number) as {en}",
                )
                + total,
                path=place,
                location=where,
                subject=file_id if file_id.startswith("hardship.") else f"hardship.files[{file_id}]",
            )
        )


def _repeated(summaries) -> set[bytes]:
    """The pseudonyms' first 8 bytes that occur more than once. A province holds about a million
    active files: a map of every one would not fit beside them, so a first walk sorts their
    prefixes (a word each, in 256 buckets by their first byte, so that sorting never holds more
    than a bucket as Python numbers) to find the few people the map needs to hold."""
    buckets = [array("Q") for _ in range(256)]
    for _code, files, *_ in summaries:
        for pseudonym, *_ in files:
            buckets[pseudonym[0]].append(int.from_bytes(pseudonym[:8], "big"))
    repeated = set()
    for bucket in buckets:
        ordered = sorted(bucket)
        repeated.update(first.to_bytes(8, "big") for first, second in pairwise(ordered) if first == second)
    return repeated


@rule(
    "HRD007",
    "exit-recorded",
    "退出档案登记完整",
    "Exited files record date and reason",
    BASIS,
    what=T(
        "已退出的档案须有退出日期 exited_on 和退出原因 exit_reason。", "An exited file has exited_on and exit_reason."
    ),
    why=T("动态管理要求及时、有据地退出不再困难的职工。", "Dynamic management closes files promptly and on record."),
    fix=T("补填退出日期和原因。", "Record the exit date and reason."),
    example="""
      status: exited
      exited_on: 2024-10-15
      exit_reason: income_recovered
""",
)
def exit_recorded(branch: Branch, ctx):
    exited = [f for f in (branch.hardship.files if branch.hardship else []) if not f.active]
    if not exited:
        return [Result(Status.NA, T("没有已退出的档案", "no exited file"))]
    results = []
    for f in exited:
        missing = [name for name, value in (("exited_on", f.exited_on), ("exit_reason", f.exit_reason)) if not value]
        if missing:
            results.append(
                Result(
                    Status.FAIL,
                    T(
                        f"档案 {f.id}：已退出但缺少 {'、'.join(missing)}",
                        f"file {f.id}: exited without {' and '.join(missing)}",
                    ),
                    path=f.path + ("status",),
                )
            )
    return results or [
        Result(
            Status.PASS,
            T(f"{len(exited)} 份退出档案登记完整", f"{len(exited)} exited files fully recorded"),
            path=("hardship", "files"),
        )
    ]


@rule(
    "HRD008",
    "personal-data-sealed",
    "个人信息加密提交",
    "Personal data sealed",
    "《个人信息保护法》第51条（采取加密等安全技术措施）；本局工会共享仓库的提交规定",
    params=(
        Param(
            "require_sealed",
            FLAG,
            T(
                "困难职工姓名和身份证号是否必须加密（共享仓库设为 true）",
                "whether hardship names and ID numbers must be sealed (true for a shared repository)",
            ),
        ),
    ),
    what=T(
        "require_sealed 为 true 时，每份困难职工档案的姓名和身份证号须已用局工会公钥加密（sealed:v1:…）；"
        "无论是否要求，加密值须完好，且一个文件只用一把密钥。",
        "With require_sealed true, every hardship file's name and id_number is sealed to the bureau's public key "
        "(sealed:v1:…); either way, a sealed value must be intact and one file sealed to one key.",
    ),
    why=T(
        "共享仓库的历史对所有基层工会可见；身份证号可被穷举猜出，只有加密给局工会才能防止其他单位读取。",
        "Every branch can read the shared repository's history; ID numbers can be guessed by brute force, so only "
        "sealing them to the bureau keeps them from the other branches.",
    ),
    fix=T(
        f"提交前加密：{HOW_TO_SEAL}；工作簿：{HOW_TO_SEAL_BOOK}，提交它写出的 FILE.sealed.xlsx（公钥向局工会索取）。",
        f"Seal before committing: {HOW_TO_SEAL}; a workbook: {HOW_TO_SEAL_BOOK}, then submit the FILE.sealed.xlsx "
        "it writes (the public key comes from the bureau union).",
    ),
    example="""
      name: "sealed:v1:58208f33f3f7:xfQF5W9X…"
      id_number: "sealed:v1:58208f33f3f7:QkdC3XnA…"
""",
)
def personal_data_sealed(branch: Branch, ctx):
    data = branch.document.data
    values = list(sealable_values(data))
    if not values:
        return [Result(Status.NA, T("没有困难职工档案", "no hardship file"))]
    results = _damaged_or_mixed(branch, values)
    plain = [(path, value) for path, value in values if not sealed.is_sealed(value)]
    if plain and not ctx.params["require_sealed"]:
        return results or [
            Result(Status.NA, T("未要求加密（require_sealed: false）", "sealing not required (require_sealed: false)"))
        ]
    results += _unsealed(branch, plain)
    return results or [
        Result(
            Status.PASS,
            T(f"{len(values)} 个个人信息值均已加密", f"all {len(values)} personal values sealed"),
            path=("hardship", "files"),
        )
    ]


def _raw_label(branch: Branch, path: tuple) -> str:
    """A file's id as HRD006 names it (its place when the id is personal data), from the data as
    written: HRD008 judges every file on record, whatever its date."""
    raw = branch.document.data["hardship"]["files"][path[2]]
    fake = HardshipFile(raw.get("id", ""), raw.get("id_number"), "", 0, None, None, [], "", None, None, path[:3])
    return _file_label(branch, path[2], fake)


def _unsealed(branch: Branch, plain: list) -> list[Result]:
    """A fail for each file with personal data in plain text, naming its fields and how to seal."""
    by_file = defaultdict(list)
    for path, _value in plain:
        by_file[path[:3]].append(path)
    results = []
    for where, paths in by_file.items():
        label = _raw_label(branch, where)
        zh = "、".join(CONTRACT.label(p) or p[-1] for p in paths)
        en = ", ".join(p[-1] for p in paths)
        how_zh, how_en = sealed.seal_command(branch.file)
        message = T(
            f"档案 {label}：{zh}未加密，不能提交到共享仓库；请运行 {how_zh}",
            f"file {label}: {en} not sealed, not for the shared repository; run {how_en}",
        )
        results.append(Result(Status.FAIL, message, path=paths[0]))
    return results


def _damaged_or_mixed(branch: Branch, values: list) -> list[Result]:
    results = []
    keys = defaultdict(list)
    for path, value in values:
        if not sealed.is_sealed(value):
            continue
        key = sealed.sealed_key_id(value)
        if key is None:
            results.append(
                Result(
                    Status.FAIL,
                    T(f"档案 {_raw_label(branch, path)}：", f"file {_raw_label(branch, path)}: ") + DAMAGED,
                    path=path,
                )
            )
        else:
            keys[key].append(path)
    if len(keys) > 1:
        counts = sorted((k, len(v)) for k, v in keys.items())
        results.append(
            Result(
                Status.FAIL,
                T(
                    "本文件的加密值用了不同的密钥："
                    + "、".join(f"{k}（{n} 个）" for k, n in counts)
                    + "；请用局工会现用公钥重新加密（unioncheck seal --open-key 旧私钥 --to 新公钥.pub）",
                    "this file's sealed values are sealed to different keys: "
                    + ", ".join(f"{k} ({n})" for k, n in counts)
                    + "; re-seal them to the bureau's current public key (unioncheck seal --open-key OLD.key "
                    "--to NEW.pub)",
                ),
                path=("hardship", "files"),
            )
        )
    return results
