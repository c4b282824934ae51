"""Names and ID numbers in hardship files never reach any output, whatever is wrong with them."""

import shutil
import zipfile

import pytest
from click.testing import CliRunner
from conftest import REFERENCE

from unioncheck.cli import main
from unioncheck.reporters import REPORTERS

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
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name, text in variants.items():
        shutil.copytree(REFERENCE.parent / "evidence", tmp_path / name / "evidence")
        (tmp_path / name / "branch.yaml").write_text(
            text.replace("code: XRMYY", f"code: X{len(name)}{name[:3].upper()}"), "utf-8"
        )
    return tmp_path


def _text_of(path):
    """Everything a file says: for a workbook, every part inside it."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as book:
            return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    return path.read_text("utf-8-sig")


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_personal_data_in_any_format(tmp_path, fmt, lang):
    corpus = _corpus(tmp_path / "data")
    target = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(
        main, ["check", str(corpus), "--as-of", "2025-12-31", "--format", f"{fmt}:{target}", "--lang", lang]
    )
    output = result.output + _text_of(target)
    assert result.exit_code == 1  # the broken variants are reported ...
    assert "DAT001" in output and "HRD003" in output and "HRD006" in output
    for secret in NAMES + NUMBERS + ["522601198001011239"]:
        assert secret not in output  # ... without quoting anyone


def test_no_personal_data_in_deadlines(tmp_path):
    corpus = _corpus(tmp_path / "data")
    for fmt in ("table", "json", "ics"):
        result = CliRunner().invoke(main, ["due", str(corpus), "--as-of", "2025-12-31", "--within", "400", "-f", fmt])
        assert result.exit_code == 0
        assert "KN-2024-011" in result.output  # hardship reviews falling due, named by file id ...
        for secret in NAMES + NUMBERS:
            assert secret not in result.output  # ... never by person
