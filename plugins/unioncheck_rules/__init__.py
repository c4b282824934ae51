"""The builtin rule families of unioncheck, loaded through the ``unioncheck``
entry-point group exactly as a third-party plugin is.

Families, in the order reports show them: CGR (congress), PAY (performance
pay), ELE (elections), HRD (hardship files), TRN (transparency), DAT (the data
itself), EVD (evidence).
"""

from pathlib import Path

from unioncheck.hookspecs import hookimpl

# the order of these imports is the order reports show the families
# isort: off
from . import cgr, pay, ele, hrd, trn, dat, evd  # noqa: F401  (each declares its rules on import)

# isort: on
from .registry import RULES


def _profile_dir() -> Path:
    packaged = Path(__file__).parent / "profiles"  # inside an installed wheel
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "rules"  # a source checkout


@hookimpl
def unioncheck_rules(register):
    for rule in RULES:
        register(rule)


@hookimpl
def unioncheck_profiles(register):
    for path in sorted(_profile_dir().glob("*.yaml")):
        register(path.stem, path)
