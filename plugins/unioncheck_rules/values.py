"""JSON Schemas of the kinds of value the builtin rules' parameters take, shared between families."""

FRACTION = {
    "type": ["string", "number"],
    "pattern": r"^\d+/\d+$",
    "minimum": 0,
    "description": "a fraction such as 2/3, or a decimal",
}
DAYS = {"type": "integer", "minimum": 0, "maximum": 3660}  # bounded: date arithmetic must not overflow
MONTHS = {"type": "integer", "minimum": 1, "maximum": 120}
COUNT = {"type": "integer", "minimum": 0}
SHARE = {"type": "number", "minimum": 0, "maximum": 1}
