"""JSON Schemas of the kinds of value the builtin rules' parameters take, shared between families.

Every one is bounded to what makes sense (a profile value outside is a profile error naming the
range): fractions above 0 and at most 1, counts and days within what a county holds and dates
can reach. Read by ``unioncheck.paramvalues`` besides JSON Schema: ``x-fraction``, a string
``a/b`` stands for the number a/b and is bounded as a number is; ``x-above``, the value must be
greater than this (JSON Schema's ``exclusiveMinimum``, which the plain validator does not read).
No number may be NaN or infinite.
"""

FRACTION = {
    "type": ["string", "number"],
    "pattern": r"^\d{1,9}/\d{1,9}$",
    "minimum": 0,
    "maximum": 1,
    "x-above": 0,
    "x-fraction": True,
    "description": "a fraction such as 2/3, or a decimal, above 0 and at most 1",
}
DAYS = {"type": "integer", "minimum": 0, "maximum": 3660}  # bounded: date arithmetic must not overflow
MONTHS = {"type": "integer", "minimum": 1, "maximum": 120}
COUNT = {"type": "integer", "minimum": 0, "maximum": 1_000_000}  # people of one unit
SHARE = {"type": "number", "minimum": 0, "maximum": 1}
TERM_YEARS = {"type": "integer", "minimum": 1, "maximum": 10}  # the law allows 3 or 5
NAME = {"type": "string", "minLength": 1}
FLAG = {"type": "boolean"}  # true or false; a quoted "yes" is refused, never guessed
