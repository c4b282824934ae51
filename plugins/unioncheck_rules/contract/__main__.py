"""Regenerate the branch contract's validating module: ``python -m unioncheck_rules.contract``."""

from unioncheck import generate_validator

from . import GENERATED, REGENERATE, SCHEMA, SCHEMA_FILE


def source() -> str:
    return generate_validator(SCHEMA, f"unioncheck_rules/contract/{SCHEMA_FILE.name}", REGENERATE)


if __name__ == "__main__":
    GENERATED.write_text(source(), "utf-8")
    print(f"wrote {GENERATED}")
