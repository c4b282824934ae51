"""Sealed personal data: keygen, seal and --open-key, and what the HRD rules make of sealed values.

A branch seals its hardship names and ID numbers to the bureau union's public key before it
submits to the shared repository; the file stays a valid branch file with every other byte as it
was; only the bureau's private key opens the values, in memory, for HRD003 and HRD006.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import REFERENCE

from unioncheck import sealed
from unioncheck.cli import main
from unioncheck.reporters import REPORTERS

NAMES = ["冯某", "褚某", "卫某"]
NUMBERS = ["522601198001011238", "522601197512032044", "522631199005173317"]
WRONG_DIGIT = "522601198001011239"
SEALED = re.compile(r'"sealed:v1:[0-9a-f]{12}:[A-Za-z0-9+/=]+"')
AS_OF = ["--as-of", "2025-12-31", "--no-cache"]


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


@pytest.fixture
def keys(tmp_path):
    """Two key pairs made by unioncheck keygen: bureau (the current one) and old."""
    (tmp_path / "keys").mkdir()
    made = {}
    for name in ("bureau", "old"):
        result = run("keygen", tmp_path / "keys" / name)
        assert result.exit_code == 0, result.output
        made[name] = (tmp_path / "keys" / f"{name}.key", tmp_path / "keys" / f"{name}.pub")
    return made


@pytest.fixture
def branch(tmp_path):
    """A copy of the reference branch with its evidence, in a folder of its own."""
    folder = tmp_path / "a"
    folder.mkdir()
    shutil.copytree(REFERENCE.parent / "evidence", folder / "evidence")
    shutil.copy(REFERENCE, folder / "branch.yaml")
    return folder / "branch.yaml"


def other_branch(tmp_path, text: str, code="XZYY") -> Path:
    folder = tmp_path / code
    folder.mkdir()
    shutil.copytree(REFERENCE.parent / "evidence", folder / "evidence")
    path = folder / "branch.yaml"
    path.write_text(text.replace("code: XRMYY", f"code: {code}"), "utf-8")
    return path


def results(*args, env=None) -> dict:
    """{(branch code, rule): [(status, English message)]} of a JSON report."""
    out = run("check", *args, *AS_OF, "-f", "json", "--lang", "en", env=env)
    assert out.exit_code in (0, 1), out.output
    found = {}
    for b in json.loads(out.stdout)["branches"]:
        for r in b["results"]:
            found.setdefault((b["code"], r["rule"]), []).append((r["status"], r["message"]))
    return found


def statuses(found: dict, rule: str, code="XRMYY") -> set:
    return {status for status, _ in found[(code, rule)]}


# ---- keys and sealed strings ---------------------------------------------------


def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites(tmp_path, keys):
    private, public = keys["bureau"]
    assert os.name == "nt" or stat.S_IMODE(os.stat(private).st_mode) == 0o600  # Windows has no such modes
    assert public.read_text().startswith(sealed.PUBLIC_TAG) and private.read_text().startswith(sealed.PRIVATE_TAG)
    before = private.read_bytes()
    again = run("keygen", tmp_path / "keys" / "bureau")
    assert again.exit_code == 2 and "bureau.key" in again.output and "not overwritten" in again.output
    assert private.read_bytes() == before


def test_a_value_sealed_to_a_key_opens_only_with_its_private_key(keys):
    key, other = sealed.read_private(keys["bureau"][0]), sealed.read_private(keys["old"][0])
    public = sealed.read_public(keys["bureau"][1])
    for value in NAMES + NUMBERS + ["", "欧阳某某某某某某某某"]:
        box = sealed.seal(value, public)
        assert box.startswith(f"sealed:v1:{public.key_id}:") and (not value or value not in box)
        assert sealed.open_value(box, key) == value
        assert sealed.seal(value, public) != box  # anonymous: the same value seals differently each time
        with pytest.raises(sealed.SealedError) as caught:
            sealed.open_value(box, other)
        assert caught.value.reason == "other-key" and caught.value.key_id == public.key_id
    assert len({len(sealed.seal(v, public)) for v in NAMES + NUMBERS}) == 1  # lengths tell nothing
    assert sealed.shown(box) == f"sealed:v1:{public.key_id}:…"


@pytest.mark.parametrize(
    "damage", [lambda v: v[:-8], lambda v: v[:40] + ("A" if v[40] != "A" else "B") + v[41:], lambda v: v + "!"]
)
def test_a_damaged_sealed_value_is_said_to_be_damaged(keys, damage):
    key, public = sealed.read_private(keys["bureau"][0]), sealed.read_public(keys["bureau"][1])
    with pytest.raises(sealed.SealedError) as caught:
        sealed.open_value(damage(sealed.seal(NUMBERS[0], public)), key)
    assert caught.value.reason == "damaged"


# ---- seal: the file -------------------------------------------------------------


def _original_spans(text: str) -> str:
    """``text`` with each hardship name and ID number (as written, quotes and all) replaced by a mark."""
    for value in NAMES:
        text = text.replace(f"name: {value}", "name: @")
    for value in NUMBERS:
        text = text.replace(f'"{value}"', "@")
    return text


def test_seal_changes_the_personal_values_and_no_other_byte(tmp_path, branch, keys):
    out = tmp_path / "sealed.yaml"
    result = run("seal", branch, "-o", out, "--to", keys["bureau"][1])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert SEALED.sub("@", text) == _original_spans(branch.read_text("utf-8"))
    assert len(SEALED.findall(text)) == 6 and "# 困难职工档案" in text
    assert not any(secret in text for secret in NAMES + NUMBERS)
    assert branch.read_bytes() == REFERENCE.read_bytes()  # the input is left as it was
    again = tmp_path / "again.yaml"
    assert run("seal", out, "-o", again, "--to", keys["bureau"][1]).exit_code == 0
    assert again.read_bytes() == out.read_bytes()  # already sealed values are left


def test_seal_keeps_a_byte_order_mark_crlf_flow_records_anchors_and_block_scalars(tmp_path, keys):
    text = REFERENCE.read_text("utf-8")
    text = text.replace("      name: 冯某\n", "      name: &who 冯某\n")
    text = text.replace("      name: 褚某\n", "      name: |\n        褚某\n")
    text = text.replace("      name: 卫某\n", "      name: !!str 卫某\n")
    source = tmp_path / "odd.yaml"
    source.write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    out = tmp_path / "odd-sealed.yaml"
    assert run("seal", source, "-o", out, "--to", keys["bureau"][1]).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and raw.count(b"\r\n") == raw.count(b"\n")
    written = raw.decode("utf-8-sig")
    assert 'name: &who "sealed:v1:' in written and 'name: !!str "sealed:v1:' in written
    data = yaml.safe_load(written)
    key = sealed.read_private(keys["bureau"][0])
    files = data["hardship"]["files"]
    assert [sealed.open_value(f["name"], key) for f in files] == ["冯某", "褚某\n", "卫某"]  # "|" keeps its newline
    assert [sealed.open_value(f["id_number"], key) for f in files] == NUMBERS
    assert data["hardship"]["register_reviewed_on"] is not None and data["branch"]["code"] == "XRMYY"


def test_seal_seals_a_record_written_as_a_flow_mapping(tmp_path, keys):
    text = REFERENCE.read_text("utf-8")
    start, end = text.index("    - id: KN-2023-004\n"), text.index("    - id: KN-2024-011\n")
    flow = (
        '    - {id: KN-2023-004, name: 冯某, id_number: "522601198001011238", category: deep,  # one record\n'
        "       household_size: 4, publicity: {from: 2022-12-30, to: 2023-01-06}, opened_on: 2023-01-09,\n"
        "       reviews: [2024-01-05, 2025-06-10], status: active}\n"
    )
    source, out = tmp_path / "flow.yaml", tmp_path / "flow-sealed.yaml"
    source.write_text(text[:start] + flow + text[end:], "utf-8")
    result = run("seal", source, "-o", out, "--to", keys["bureau"][1])
    assert result.exit_code == 0, result.output
    written = out.read_text("utf-8")
    assert "category: deep,  # one record\n" in written and "冯某" not in written
    first = yaml.safe_load(written)["hardship"]["files"][0]
    key = sealed.read_private(keys["bureau"][0])
    assert sealed.open_value(first["name"], key) == "冯某" and first["id"] == "KN-2023-004"
    assert sealed.open_value(first["id_number"], key) == NUMBERS[0] and first["status"] == "active"


def test_seal_refuses_to_overwrite_its_input_unless_in_place(branch, keys):
    result = run("seal", branch, "-o", branch, "--to", keys["bureau"][1])
    assert result.exit_code == 2 and "--in-place" in result.output
    assert branch.read_bytes() == REFERENCE.read_bytes()
    assert run("seal", branch, "--to", keys["bureau"][1]).exit_code == 2  # neither -o nor --in-place
    done = run("seal", branch, "--in-place", "--to", keys["bureau"][1])
    assert done.exit_code == 0 and len(SEALED.findall(branch.read_text("utf-8"))) == 6


def test_seal_refuses_a_wrong_check_digit_naming_the_file_never_the_number(tmp_path, branch, keys):
    branch.write_text(branch.read_text("utf-8").replace(NUMBERS[0], WRONG_DIGIT), "utf-8")
    out = tmp_path / "sealed.yaml"
    result = run("seal", branch, "-o", out, "--to", keys["bureau"][1])
    assert result.exit_code == 1 and "KN-2023-004" in result.output and "check digit" in result.output
    assert "--force" in result.output and not out.exists()
    assert WRONG_DIGIT not in result.output and "冯某" not in result.output
    forced = run("seal", branch, "-o", out, "--to", keys["bureau"][1], "--force")
    assert forced.exit_code == 0 and WRONG_DIGIT not in out.read_text("utf-8")


def test_seal_refuses_an_invalid_file_with_its_problem(tmp_path, branch, keys):
    branch.write_text(branch.read_text("utf-8").replace("household_size: 4", "household_size: four"), "utf-8")
    result = run("seal", branch, "-o", tmp_path / "out.yaml", "--to", keys["bureau"][1])
    assert result.exit_code == 1 and "household_size" in result.output and "not sealed" in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_rotating_to_a_new_key_reseals_with_the_old_private_key(tmp_path, branch, keys):
    assert run("seal", branch, "--in-place", "--to", keys["old"][1]).exit_code == 0
    refused = run("seal", branch, "--in-place", "--to", keys["bureau"][1])
    old_id = sealed.read_public(keys["old"][1]).key_id
    assert refused.exit_code == 1 and old_id in refused.output and "--open-key" in refused.output
    rotated = run("seal", branch, "--in-place", "--to", keys["bureau"][1], "--open-key", keys["old"][0])
    assert rotated.exit_code == 0, rotated.output
    data = yaml.safe_load(branch.read_text("utf-8"))
    key = sealed.read_private(keys["bureau"][0])
    assert [sealed.open_value(f["id_number"], key) for f in data["hardship"]["files"]] == NUMBERS


# ---- checking sealed files --------------------------------------------------------


def test_a_sealed_file_is_valid_and_every_other_verdict_is_unchanged(tmp_path, branch, keys):
    plain = results(branch)
    assert run("seal", branch, "--in-place", "--to", keys["bureau"][1]).exit_code == 0
    without, opened = results(branch), results(branch, "--open-key", keys["bureau"][0])
    for rule_key, found in plain.items():
        if rule_key[1] in ("HRD003", "HRD006", "HRD008"):
            continue
        assert without[rule_key] == found == opened[rule_key], rule_key
    assert statuses(without, "DAT001") == {"pass"}
    assert statuses(without, "HRD003") == statuses(opened, "HRD003") == {"pass"}
    assert "checked when sealed" in without[("XRMYY", "HRD003")][0][1]
    assert opened[("XRMYY", "HRD003")] == plain[("XRMYY", "HRD003")]
    assert statuses(opened, "HRD006") == {"pass"} and statuses(without, "HRD006") == {"warn"}
    assert "bureau's private key" in without[("XRMYY", "HRD006")][0][1]


def test_hrd003_checks_a_sealed_number_again_with_the_key(tmp_path, branch, keys):
    branch.write_text(branch.read_text("utf-8").replace(NUMBERS[1], NUMBERS[1][:-1] + "5"), "utf-8")
    assert run("seal", branch, "--in-place", "--to", keys["bureau"][1], "--force").exit_code == 0
    assert statuses(results(branch), "HRD003") == {"pass"}  # checked when sealed (here: forced)
    found = results(branch, "--open-key", keys["bureau"][0])
    assert statuses(found, "HRD003") == {"fail"}
    [(_, message)] = found[("XRMYY", "HRD003")]
    assert "file KN-2024-011" in message and "check digit" in message and NUMBERS[1][:-1] not in message


def test_hrd006_finds_one_person_in_a_sealed_and_an_unsealed_branch_only_with_the_key(tmp_path, branch, keys):
    unsealed = other_branch(tmp_path, REFERENCE.read_text("utf-8"))
    assert run("seal", branch, "--in-place", "--to", keys["bureau"][1]).exit_code == 0
    found = results(branch, unsealed, "--open-key", keys["bureau"][0])
    assert statuses(found, "HRD006") == statuses(found, "HRD006", "XZYY") == {"fail"}
    messages = " ".join(m for _, m in found[("XRMYY", "HRD006")])
    assert "XZYY/KN-2023-004" in messages and not any(n in messages for n in NUMBERS)
    blind = results(branch, unsealed)
    assert statuses(blind, "HRD006") == {"warn"} and "not compared" in blind[("XRMYY", "HRD006")][0][1]
    via_env = results(branch, unsealed, env={"UNIONCHECK_OPEN_KEY": keys["bureau"][0].read_text()})
    assert statuses(via_env, "HRD006") == {"fail"}


def test_hrd006_with_two_workers_and_the_key(tmp_path, branch, keys):
    unsealed = other_branch(tmp_path, REFERENCE.read_text("utf-8"))
    assert run("seal", branch, "--in-place", "--to", keys["bureau"][1]).exit_code == 0
    found = results(branch, unsealed, "--open-key", keys["bureau"][0], "--jobs", "2")
    assert statuses(found, "HRD006") == statuses(found, "HRD006", "XZYY") == {"fail"}


def test_files_sealed_to_different_keys_are_an_error_that_says_so(tmp_path, branch, keys):
    second = other_branch(tmp_path, REFERENCE.read_text("utf-8"))
    assert run("seal", branch, "--in-place", "--to", keys["bureau"][1]).exit_code == 0
    assert run("seal", second, "--in-place", "--to", keys["old"][1]).exit_code == 0
    bureau, old = (sealed.read_public(keys[k][1]).key_id for k in ("bureau", "old"))
    blind = results(branch, second)
    for code in ("XRMYY", "XZYY"):
        [(status, message)] = blind[(code, "HRD006")]
        assert status == "error" and "different keys" in message and bureau in message and old in message
    found = results(branch, second, "--open-key", keys["bureau"][0])
    [(status, message)] = found[("XZYY", "HRD006")]
    assert status == "error" and old in message and bureau in message
    assert statuses(found, "HRD003", "XZYY") == {"error"} and statuses(found, "HRD006") == {"pass"}


def _require_sealed(tmp_path) -> Path:
    profile = tmp_path / "shared.yaml"
    profile.write_text("extends: county-health-bureau\nrules:\n  HRD008:\n    params:\n      require_sealed: true\n")
    return profile


def test_require_sealed_fails_an_unsealed_file_and_passes_a_sealed_one(tmp_path, branch, keys):
    profile = _require_sealed(tmp_path)
    plain = run("check", branch, *AS_OF, "--profile", profile, "--lang", "en", "-f", "json")
    assert plain.exit_code == 1
    found = results(branch, "--profile", profile)
    assert statuses(found, "HRD008") == {"fail"}
    messages = [m for _, m in found[("XRMYY", "HRD008")]]
    assert len(messages) == 3 and all("unioncheck seal" in m and "not sealed" in m for m in messages)
    assert "file KN-2023-004" in messages[0] and not any(s in " ".join(messages) for s in NAMES + NUMBERS)
    zh = run("check", branch, *AS_OF, "--profile", profile, "--lang", "zh")
    assert "未加密" in zh.output and "unioncheck seal" in zh.output
    assert run("seal", branch, "--in-place", "--to", keys["bureau"][1]).exit_code == 0
    assert run("check", branch, *AS_OF, "--profile", profile).exit_code == 0
    assert statuses(results(branch, "--profile", profile), "HRD008") == {"pass"}


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_no_plaintext_in_any_format_or_the_cache_with_the_open_key(tmp_path, branch, keys, fmt, monkeypatch):
    text = REFERENCE.read_text("utf-8").replace(NUMBERS[1], WRONG_DIGIT)  # HRD003 fails, with the key
    branch.write_text(text, "utf-8")
    twin = other_branch(tmp_path, text)  # the same people: HRD006 fails across the branches
    assert run("seal", branch, "--in-place", "--to", keys["bureau"][1], "--force").exit_code == 0
    monkeypatch.chdir(tmp_path)
    target = tmp_path / f"report.{fmt}"
    args = ["check", branch, twin, "--as-of", "2025-12-31", "--open-key", keys["bureau"][0], "-f", f"{fmt}:{target}"]
    result = run(*args)
    assert result.exit_code == 1, result.output
    again = run(*args[:-2], "-f", "json")  # from the cache this time
    assert again.exit_code == 1 and "HRD006" in again.stdout
    seen = result.output + again.output + _text_of(target)
    assert "HRD006" in seen or fmt == "ics"
    cached = b"".join(p.read_bytes() for p in (tmp_path / ".unioncheck_cache").rglob("*") if p.is_file())
    assert cached, "the cache was written"
    for secret in NAMES + NUMBERS[:1] + NUMBERS[2:] + [WRONG_DIGIT]:
        assert secret not in seen and secret.encode() not in cached
        assert secret.encode("utf-16-le") not in cached


def _text_of(path: Path) -> str:
    import zipfile

    if not path.exists():
        return ""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as book:
            return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    return path.read_text("utf-8-sig")


# ---- bad keys ---------------------------------------------------------------------


def _bad_keys(tmp_path, keys) -> dict:
    short = tmp_path / "short.key"
    short.write_text(sealed.PRIVATE_TAG + "AAAA\n")
    garbage = tmp_path / "garbage.key"
    garbage.write_bytes(os.urandom(32))
    return {
        "missing": (tmp_path / "nowhere.key", "no such key file"),
        "wrong length": (short, "decodes to 3 bytes"),
        "not a key": (garbage, "not a unioncheck key"),
        "public as private": (keys["bureau"][1], "this is a public key"),
        "a folder": (tmp_path, "not a regular file"),
    }


@pytest.mark.parametrize("case", ["missing", "wrong length", "not a key", "public as private", "a folder"])
def test_a_bad_open_key_is_exit_2_naming_the_file(tmp_path, branch, keys, case):
    path, words = _bad_keys(tmp_path, keys)[case]
    for args in (["check", branch, *AS_OF], ["seal", branch, "-o", tmp_path / "o.yaml", "--to", keys["bureau"][1]]):
        result = run(*args, "--open-key", path)
        assert result.exit_code == 2, result.output
        assert str(path) in result.output and words in result.output and "Traceback" not in result.output


def test_a_bad_public_key_is_exit_2_naming_the_file(tmp_path, branch, keys):
    for path, words in [(keys["bureau"][0], "private"), (tmp_path / "none.pub", "no such key file")]:
        result = run("seal", branch, "-o", tmp_path / "o.yaml", "--to", path)
        assert result.exit_code == 2 and str(path) in result.output and words in result.output
        assert not (tmp_path / "o.yaml").exists()


def test_a_bad_open_key_in_the_environment_is_never_quoted(tmp_path, branch):
    secret = "not-a-key-but-maybe-a-secret-0123456789"
    result = run("check", branch, *AS_OF, env={"UNIONCHECK_OPEN_KEY": secret})
    assert result.exit_code == 2 and "UNIONCHECK_OPEN_KEY" in result.output and secret not in result.output
    broken = sealed.PRIVATE_TAG + "QUJD"
    result = run("check", branch, *AS_OF, env={"UNIONCHECK_OPEN_KEY": broken})
    assert result.exit_code == 2 and "QUJD" not in result.output


def test_a_plain_check_does_not_import_the_crypto_library():
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom unioncheck.cli import main\n"
        f"r = CliRunner().invoke(main, ['check', {str(REFERENCE)!r}, '--as-of', '2025-12-31', '--no-cache'])\n"
        "assert r.exit_code in (0, 1), r.output\nprint('nacl' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_cache_keeps_verdicts_with_and_without_the_key_apart(tmp_path, branch, keys, monkeypatch):
    branch.write_text(branch.read_text("utf-8").replace(NUMBERS[0], WRONG_DIGIT), "utf-8")
    assert run("seal", branch, "--in-place", "--to", keys["bureau"][1], "--force").exit_code == 0
    monkeypatch.chdir(tmp_path)

    def hrd003(*extra):
        out = run("check", branch, "--as-of", "2025-12-31", "--select", "HRD003", "-f", "json", *extra)
        return {r["status"] for b in json.loads(out.stdout)["branches"] for r in b["results"]}

    assert hrd003() == {"pass"}
    assert hrd003("--open-key", keys["bureau"][0]) == {"fail"}
    assert hrd003() == {"pass"} and (tmp_path / ".unioncheck_cache").is_dir()


@pytest.mark.parametrize("value", ['"yes"', "1", "~"])
def test_require_sealed_is_true_or_false(tmp_path, branch, value):
    profile = tmp_path / "mine.yaml"
    profile.write_text(
        f"extends: county-health-bureau\nrules:\n  HRD008:\n    params:\n      require_sealed: {value}\n"
    )
    result = run("check", branch, *AS_OF, "--profile", profile)
    assert result.exit_code == 2 and "mine.yaml:5" in result.output and "true or false" in result.output


def test_new_since_judges_the_earlier_tree_with_the_same_open_key(tmp_path, keys, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    for code in ("XRMYY", "XZYY"):
        shutil.copytree(REFERENCE.parent / "evidence", repo / "data" / code / "evidence")
        (repo / "data" / code / "branch.yaml").write_text(
            REFERENCE.read_text("utf-8").replace("code: XRMYY", f"code: {code}"), "utf-8"
        )
    assert run("seal", repo / "data" / "XRMYY" / "branch.yaml", "--in-place", "--to", keys["bureau"][1]).exit_code == 0
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "both branches"], cwd=repo, check=True)
    monkeypatch.chdir(repo)
    plain = run("check", "data", "--as-of", "2025-12-31", "--open-key", keys["bureau"][0], "-f", "json")
    assert plain.exit_code == 1 and '"HRD006"' in plain.stdout  # one person in both branches
    gated = run("check", "data", "--as-of", "2025-12-31", "--open-key", keys["bureau"][0], "--new-since", "HEAD")
    assert gated.exit_code == 0, gated.output  # the same findings at HEAD: nothing new
