"""unioncheck: a plugin-based rules and compliance checker for branch unions (基层工会).

The engine (this package) knows nothing of unions: rules and the data contract
come from plugins, parameters from profiles. See ``hookspecs`` for the plugin
contract. Everything a plugin needs is importable from here; a plugin imports
nothing from the modules below it.
"""

import os as _os

# openpyxl reads and writes through lxml wherever lxml is installed (python-docx, for the notices,
# brings it), and the workbook reader and sealing are made against its standard-library path: keep
# that one, whatever else is installed. Read when openpyxl is first imported, so set before that.
_os.environ["OPENPYXL_LXML"] = "False"

from .contract import Contract, format_path, iso_date_hint, pattern
from .files import Inside
from .hookspecs import hookimpl
from .loader import Document, Problem, is_workbook
from .model import DataPath, Location, Param, Result, Rule, RuleDoc, Severity, Status, Text

__all__ = [
    "Contract",
    "DataPath",
    "Document",
    "Inside",
    "Location",
    "Param",
    "Problem",
    "Result",
    "Rule",
    "RuleDoc",
    "Severity",
    "Status",
    "Text",
    "format_path",
    "generate_validator",
    "hookimpl",
    "is_workbook",
    "iso_date_hint",
    "pattern",
]


def __getattr__(name: str):
    if name == "generate_validator":  # development time only: imports fastjsonschema
        from .validation import generate_module

        return generate_module
    raise AttributeError(f"module 'unioncheck' has no attribute {name!r}")
