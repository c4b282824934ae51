"""The branch union's data contract: the schema of a branch file (``branch-v1.schema.json``),
and from it the ``Contract`` the plugin registers.

Everything the rest of the program needs to know of a field is declared beside
the field, in the schema, under ``x-unioncheck`` (see ``unioncheck.Contract``):
its Chinese label, the role of a date, which date dates a record, the Chinese
words users type for an enum value, which fields are personal and which ones
identify the branch. The view of a branch (``branch``), DAT004 and the
validation messages read them from here.

``validator`` is generated from the schema; after changing the schema, run
``python -m unioncheck_rules.contract`` (a test fails until it is done).
"""

import json
from pathlib import Path

from unioncheck import Contract

SCHEMA_FILE = Path(__file__).with_name("branch-v1.schema.json")
GENERATED = Path(__file__).with_name("validator.py")
REGENERATE = "python -m unioncheck_rules.contract"

SCHEMA = json.loads(SCHEMA_FILE.read_text("utf-8"))

try:
    from .validator import is_valid
except ImportError:  # only while the module is being generated for the first time
    is_valid = None

CONTRACT = Contract(SCHEMA, is_valid, name="branch-v1")
