"""Names and ID numbers in hardship files never reach any output, whatever is wrong with them."""

import shutil

import pytest
from click.testing import CliRunner

from unioncheck.cli import main
from unioncheck.reporters import REPORTERS

from conftest import REFERENCE

NAMES = ["冯某", "褚某", "卫某"]
NUMBERS = ["522601198001011238", "522601197512032044", "522631199005173317"]


def _corpus(tmp_path):
    """Branch files whose hardship sections are wrong in every way that tempts a message to quote them."""
    base = REFERENCE.read_text("utf-8")
    variants = {
        "ok": base,
        "bad-check-digit": base.replace('"522601198001011238"', '"522601198001011239"'),
        "unquoted-number": base.replace('"522601197512032044"', "522601197512032044"),
        "number-as-name": base.replace("name: 卫某", "name: 522631199005173317"),
        "name-as-key": base.replace("      name: 冯某\n", "      name: 冯某\n      冯某: 522601198001011238\n"),
        "duplicate-name-key": base.replace("      name: 褚某\n", "      name: 褚某\n      name: 褚某\n"),
        "list-as-number": base.replace('"522631199005173317"', "[522631199005173317]"),
    }
    for name, text in variants.items():
        shutil.copytree(REFERENCE.parent / "evidence", tmp_path / name / "evidence")
        (tmp_path / name / "branch.yaml").write_text(text.replace("code: XRMYY", f"code: X{len(name)}{name[:3].upper()}"), "utf-8")
    return tmp_path


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_personal_data_in_any_format(tmp_path, fmt, lang):
    corpus = _corpus(tmp_path)
    result = CliRunner().invoke(main, ["check", str(corpus), "--as-of", "2025-12-31", "--format", fmt, "--lang", lang])
    assert result.exit_code == 1  # the broken variants are reported ...
    assert "DAT001" in result.output and "HRD003" in result.output and "HRD006" in result.output
    for secret in NAMES + NUMBERS + ["522601198001011239"]:
        assert secret not in result.output  # ... without quoting anyone
