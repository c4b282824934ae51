"""The builtin rule families of unioncheck, loaded through the ``unioncheck``
entry-point group exactly as a third-party plugin is: the rules, the default
profile and the branch union's data contract (``contract``).

Reports list the families in the order of ``FAMILIES``, and a family's rules in
the order its module declares them.
"""

from pathlib import Path

from unioncheck import Text, hookimpl

from . import cgr, con, dat, ele, evd, hrd, mem, pay, pro, tra, trn  # noqa: F401  (each declares its rules on import)
from .contract import CONTRACT
from .registry import RULES

FAMILIES = {  # code -> name, in the order reports show them
    "CGR": Text("职代会", "Congress"),
    "PAY": Text("绩效方案", "Performance pay"),
    "ELE": Text("换届", "Elections"),
    "HRD": Text("困难帮扶", "Hardship files"),
    "TRN": Text("公开", "Transparency"),
    "MEM": Text("会员大会", "Members' assembly"),
    "PRO": Text("职代会提案", "Congress proposals"),
    "CON": Text("集体合同", "Collective contracts"),
    "TRA": Text("干部培训", "Cadre training"),
    "DAT": Text("数据", "Data"),
    "EVD": Text("佐证", "Evidence"),
}


def _profile_dir() -> Path:
    packaged = Path(__file__).parent / "profiles"  # inside an installed wheel
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "rules"  # a source checkout


def in_order() -> list:
    """Every builtin rule, family by family in the order of ``FAMILIES``."""
    unlisted = sorted({r.family for r in RULES} - set(FAMILIES))
    if unlisted:
        raise RuntimeError(f"families missing from unioncheck_rules.FAMILIES: {', '.join(unlisted)}")
    order = list(FAMILIES)
    return sorted(RULES, key=lambda r: order.index(r.family))  # stable: declaration order within a family


@hookimpl
def unioncheck_rules(register):
    for rule in in_order():
        register(rule)


@hookimpl
def unioncheck_profiles(register):
    for path in sorted(_profile_dir().glob("*.yaml")):
        register(path.stem, path)


@hookimpl
def unioncheck_families(register):
    for code, name in FAMILIES.items():
        register(code, name)


@hookimpl
def unioncheck_contract(register):
    register(CONTRACT)
