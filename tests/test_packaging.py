"""`pip install .` ships the engine, the builtin plugins, the default profile and the schema."""

import json
import subprocess
import sys
import venv
import zipfile

import pytest
from conftest import REFERENCE, REPO, rule_codes


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return next(out.glob("unioncheck-*.whl"))


def test_wheel_contains_plugins_profile_and_schema(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "unioncheck_rules/contract/branch-v1.schema.json" in names
    assert "unioncheck_rules/contract/validator.py" in names  # generated, never at run time
    assert "unioncheck_rules/profiles/county-health-bureau.yaml" in names
    assert "unioncheck_rules/profiles/guizhou-health-bureau.yaml" in names  # the provincial profile too
    assert "unioncheck_rules/profiles/county-health-bureau-phase-in.yaml" in names  # the second round from 2026
    assert {"unioncheck_rules/cgr.py", "unioncheck_rules/trn.py"} <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "[unioncheck]\nbuiltin = unioncheck_rules" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.mark.slow
def test_installed_wheel_checks_the_reference_file(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True, timeout=900
    )
    run = subprocess.run(
        [str(env_dir / "bin" / "unioncheck"), "check", str(REFERENCE), "--as-of", "2025-12-31", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    listed = subprocess.run(
        [str(env_dir / "bin" / "unioncheck"), "rules", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    codes = {r["code"] for r in json.loads(listed.stdout)}
    assert report["profile"] == "county-health-bureau" and codes == set(rule_codes())  # the wheel ships every rule
    assert {r["rule"] for r in report["branches"][0]["results"]} == codes  # every rule the wheel ships ran
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import unioncheck, unioncheck_rules; print(unioncheck.__file__, unioncheck_rules.__file__)",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout
    assert str(REPO) not in where and str(env_dir) in where  # the wheel's copy ran, not the source tree
