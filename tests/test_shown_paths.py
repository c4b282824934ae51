"""Paths in reports: relative to the working directory for a file below it, however it was given
(absolute, ``./``, ``..``), as given otherwise; SARIF's locations are valid references."""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import DEMO, cli

TEXT_FORMATS = ("table", "junit", "markdown", "github", "csv", "html")


@pytest.fixture
def county(tmp_path):
    shutil.copytree(DEMO, tmp_path / "county" / "data")
    (tmp_path / "county" / "data" / "99-broken.yaml").write_text("branch:\n\tcode: X\n", "utf-8")  # a DAT001 error
    waivers = (DEMO.parent.parent / "examples" / "ci" / "waivers.yaml").read_text("utf-8")
    (tmp_path / "county" / "waivers.yaml").write_text(waivers.replace("XWSJD", "NOSUCH"), "utf-8")  # unused
    return tmp_path / "county"


def reports(cwd, data, out):
    args = [a for name in (*TEXT_FORMATS, "sarif") for a in ("-f", f"{name}:{out / ('report.' + name)}")]
    run = cli(
        "check", data, "--as-of", "2025-12-31", "--no-cache", "--waivers", Path(cwd) / "waivers.yaml", *args, cwd=cwd
    )
    assert run.returncode == 1, run.stderr
    return {name: (out / f"report.{name}").read_text("utf-8-sig") for name in (*TEXT_FORMATS, "sarif")}


def locations(sarif: str):
    run = json.loads(sarif)["runs"][0]
    for result in run["results"]:
        for location in result["locations"]:
            yield location["physicalLocation"]["artifactLocation"]
    for note in run["invocations"][0]["toolConfigurationNotifications"]:
        for location in note["locations"]:
            yield location["physicalLocation"]["artifactLocation"]


def given_forms(county):
    return {"absolute": str(county / "data"), "dot": "./data", "plain": "data", "up": f"../{county.name}/data"}


@pytest.mark.parametrize("form", ["absolute", "dot", "plain", "up"])
def test_files_below_the_working_directory_are_shown_relative(county, tmp_path, form):
    out = tmp_path / "out"
    out.mkdir()
    shown = reports(county, given_forms(county)[form], out)
    for name, text in shown.items():
        assert str(county) not in text and "../" not in text and "./data" not in text, name
        assert "data/03-XFYBJY.yaml" in text and "data/99-broken.yaml" in text, name
    assert "— waivers.yaml:5" in shown["markdown"] and "file=waivers.yaml,line=5" in shown["github"]  # unused
    for artifact in locations(shown["sarif"]):
        assert artifact.get("uriBaseId") == "%SRCROOT%" and not urlparse(artifact["uri"]).scheme
        assert not artifact["uri"].startswith("/")


def test_files_elsewhere_are_shown_as_given_and_as_file_uris_in_sarif(county, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "waivers.yaml").write_text((county / "waivers.yaml").read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    shown = reports(elsewhere, "../county/data", out)
    assert "../county/data/03-XFYBJY.yaml" in shown["table"] and "../county/data/03-XFYBJY.yaml" in shown["junit"]
    files = {artifact["uri"] for artifact in locations(shown["sarif"]) if "uriBaseId" not in artifact}
    assert (county / "data" / "03-XFYBJY.yaml").as_uri() in files
    for artifact in locations(shown["sarif"]):
        if "uriBaseId" not in artifact:
            assert urlparse(artifact["uri"]).scheme == "file" and Path(urlparse(artifact["uri"]).path).is_absolute()


def test_sarif_names_the_tool_and_its_information_uri():
    from importlib.metadata import metadata

    run = cli("check", DEMO / "03-XFYBJY.yaml", "--as-of", "2025-12-31", "--no-cache", "-f", "sarif")
    driver = json.loads(run.stdout)["runs"][0]["tool"]["driver"]
    urls = [u.split(", ", 1)[1] for u in metadata("unioncheck").get_all("Project-URL") or []]
    assert driver["name"] == "unioncheck" and driver["version"]
    assert driver.get("informationUri") == (urls[0] if urls else None)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("npx") is None, reason="npx (Debian: nodejs, npm) is not installed")
@pytest.mark.parametrize("form", ["absolute", "dot", "up", "elsewhere", "elsewhere-absolute"])
def test_sarif_passes_the_multitool_validation(county, tmp_path, form):
    """The Microsoft SARIF multitool (npm @microsoft/sarif-multitool) finds no error."""
    cwd, data = county, given_forms(county).get(form)
    if form.startswith("elsewhere"):  # the data outside the working directory, as CI scripts often give it
        cwd = tmp_path / "elsewhere"
        cwd.mkdir()
        data = str(county / "data") if form.endswith("absolute") else "../county/data"
        shutil.copy(county / "waivers.yaml", cwd / "waivers.yaml")
    out = tmp_path / "out"
    out.mkdir()
    reports(cwd, data, out)
    validate = subprocess.run(
        ["npx", "-y", "@microsoft/sarif-multitool", "validate", "-c", "default", str(out / "report.sarif")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if "SARIF Multitool" not in validate.stdout + validate.stderr and "Analyzing" not in validate.stdout:
        pytest.skip(f"the multitool could not be fetched or started: {validate.stderr[-300:]}")
    errors = [line for line in validate.stdout.splitlines() if ": error " in line]
    assert "1 files scanned" in validate.stdout and "skipped" not in validate.stdout, validate.stdout
    assert validate.returncode == 0 and not errors, validate.stdout[-3000:]
