"""A command imports what it uses: a check of one YAML file starts without the modules of the
other commands, the pool, the workbook reader and writer, or importlib.metadata (issue 18: start-up
was most of a single-file check). Asserted on the modules loaded, never on times."""

import json
import subprocess
import sys

from conftest import REFERENCE

# what a check of one valid YAML file must not import: each belongs to something else
NOT_FOR_ONE_YAML_FILE = {
    "importlib.metadata": "entry points are read without it (plugins.entry_points)",
    "email": "importlib.metadata's metadata parser",
    "multiprocessing": "only --jobs 2 and more",
    "jsonschema": "only to word the errors of an invalid file",
    "openpyxl": "writes workbooks: xlsx reports, template, convert",
    "python_calamine": "reads branch workbooks",
    "docx": "the notices",
    "nacl": "sealed data",
    "icalendar": "due -f ics",
    "unioncheck.commands": "the other commands",
    "unioncheck.convert": "convert",
    "unioncheck.skeleton": "init",
    "unioncheck.notices": "notices",
    "unioncheck.workbook": "branch workbooks",
    "unioncheck.layout": "where fields are in a workbook",
}

PROBE = """
import json, sys
from unioncheck.cli import main
sys.argv = ["unioncheck", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def loaded_by(*args, cwd):
    run = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps([str(a) for a in args])], capture_output=True, text=True, cwd=cwd
    )
    return set(json.loads(run.stderr.strip().splitlines()[-1]))


def test_a_check_of_one_yaml_file_imports_only_what_it_uses(tmp_path):
    for cache in ("--cache", "--no-cache"):
        loaded = loaded_by("check", REFERENCE, "--as-of", "2025-12-31", cache, cwd=tmp_path)
        assert "unioncheck_rules" in loaded and "tabulate" in loaded  # the probe ran the check
        wrongly = {m: why for m, why in NOT_FOR_ONE_YAML_FILE.items() if m in loaded}
        assert not wrongly, wrongly


def test_the_help_still_lists_every_command(tmp_path):
    from unioncheck.cli import LAZY

    run = subprocess.run([sys.executable, "-m", "unioncheck", "--help"], capture_output=True, text=True, cwd=tmp_path)
    listed = {line.split()[0] for line in run.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert listed >= {"check", *LAZY}
    for name in LAZY:  # and each one runs
        assert subprocess.run([sys.executable, "-m", "unioncheck", name, "--help"], capture_output=True).returncode == 0
