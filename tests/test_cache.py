"""The results cache never changes a result, notices every change that matters, and keeps nothing personal."""

import json
import os
import shutil
import stat
import sys

import pytest
from conftest import DEMO, REFERENCE, REPO, cli

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402


def report(data, cwd, *extra):
    target = cwd / "out.json"
    run = cli("check", data, "--as-of", "2025-12-31", "-f", f"json:{target}", *extra, cwd=cwd)
    assert run.returncode in (0, 1), run.stderr
    return target.read_bytes()


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_warm_equals_cold_equals_no_cache(which, tmp_path):
    data = tmp_path / "data"
    if which == "demo":
        shutil.copytree(DEMO, data)
    else:
        generate(data, 40, 0.5, 3)
    uncached = report(data, tmp_path, "--no-cache")
    assert not (tmp_path / ".unioncheck_cache").exists()
    cold = report(data, tmp_path)
    assert (tmp_path / ".unioncheck_cache" / "results.sqlite3").exists()
    warm = report(data, tmp_path)
    warm_parallel = report(data, tmp_path, "-j", "2")
    assert uncached == cold == warm == warm_parallel


def test_a_changed_file_gets_a_fresh_verdict(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    before = report(data, tmp_path)
    target = data / "01-XRMYY.yaml"
    target.write_text(target.read_text("utf-8").replace("delegates_present: 61", "delegates_present: 40", 1), "utf-8")
    after = report(data, tmp_path)
    assert before != after and after == report(data, tmp_path, "--no-cache")


def test_a_removed_evidence_file_is_noticed(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    report(data, tmp_path)
    (data / "evidence" / "XRMYY" / "2025" / "congress-minutes.pdf").unlink()
    assert report(data, tmp_path) == report(data, tmp_path, "--no-cache")
    assert b"congress-minutes.pdf no such file" in report(data, tmp_path, "--lang", "en")


def test_another_profile_or_date_is_another_verdict(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    report(data, tmp_path)
    profile = tmp_path / "strict.yaml"
    profile.write_text(
        "extends: county-health-bureau\nrules:\n  ELE002:\n    params:\n      warn_days: 2000\n", "utf-8"
    )
    assert report(data, tmp_path, "--profile", profile) == report(data, tmp_path, "--profile", profile, "--no-cache")
    later = tmp_path / "later.json"
    cli("check", data, "--as-of", "2026-02-15", "-f", f"json:{later}", cwd=tmp_path)
    fresh = tmp_path / "fresh.json"
    cli("check", data, "--as-of", "2026-02-15", "-f", f"json:{fresh}", "--no-cache", cwd=tmp_path)
    assert later.read_bytes() == fresh.read_bytes()


def test_the_cache_keeps_nothing_personal_and_is_ignored_by_git(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REFERENCE.parent, data)
    report(data, tmp_path)
    cache = tmp_path / ".unioncheck_cache"
    assert (cache / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    stored = (cache / "results.sqlite3").read_bytes()
    for secret in ("冯某", "褚某", "卫某", "522601198001011238", "522601197512032044", "522631199005173317"):
        assert secret.encode("utf-8") not in stored
    key = os.path.join(os.environ["XDG_CACHE_HOME"], "unioncheck", "pseudonym.key")
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600  # the key of the hashes lives outside the project


def test_a_damaged_entry_is_judged_again(tmp_path):
    import sqlite3

    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    cold = report(data, tmp_path)
    db = sqlite3.connect(tmp_path / ".unioncheck_cache" / "results.sqlite3")
    with db:
        db.execute("UPDATE entry SET head = X'8004deadbeef'")
    db.close()
    assert report(data, tmp_path) == cold
    assert report(data, tmp_path) == cold  # and the damaged entries were replaced
    db = sqlite3.connect(tmp_path / ".unioncheck_cache" / "results.sqlite3")
    with db:  # a report damaged (or gone) after the run read the summaries: that branch is judged again
        db.execute("UPDATE entry SET report = X'8004deadbeef' WHERE rowid % 2 = 0")
        db.execute("UPDATE entry SET report = NULL WHERE rowid % 3 = 0")
    db.close()
    assert report(data, tmp_path) == cold


def _judged_fresh(monkeypatch, data, root):
    """How many of ``data``'s files one cached run judged afresh (in this process, one job)."""
    from conftest import builtin, named_profile
    from conftest import settings as with_contract

    from unioncheck import engine
    from unioncheck.cache import ResultsCache, namespace
    from unioncheck.loader import discover

    rules, _ = builtin()
    settings = with_contract(
        __import__("datetime").date(2025, 12, 31), 2025, named_profile("county-health-bureau"), pseudonym_key=b"k" * 32
    )
    judged = []
    real = engine._judge_file
    monkeypatch.setattr(engine, "_judge_file", lambda file, given=None: judged.append(file) or real(file, given))
    cache = ResultsCache(root, namespace(rules, settings, engine.DEFAULT_MAX_BYTES))
    try:
        list(engine.judge_files(rules, sorted(discover([str(data)])), settings, cache=cache))
    finally:
        cache.close()
    return len(judged)


def test_verdicts_are_reused_when_the_cache_and_the_report_live_beside_the_data(tmp_path, monkeypatch):
    """A branch checking its own directory from inside it: the cache's own writes and the
    report written there are no evidence, and must not make every verdict miss."""
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    count = len(list(data.glob("*.yaml")))
    assert _judged_fresh(monkeypatch, data, data / ".unioncheck_cache") == count
    (data / "audit.html").write_text("<html></html>", "utf-8")
    assert _judged_fresh(monkeypatch, data, data / ".unioncheck_cache") == 0
    minutes = data / "evidence" / "XRMYY" / "2025" / "congress-minutes.pdf"
    minutes.unlink()
    assert _judged_fresh(monkeypatch, data, data / ".unioncheck_cache") == 1  # only the branch that names it


def test_evidence_that_appears_or_is_pointed_elsewhere_is_noticed(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    minutes = data / "evidence" / "XRMYY" / "2025" / "congress-minutes.pdf"
    kept = minutes.read_bytes()
    minutes.unlink()
    assert b"congress-minutes.pdf no such file" in report(data, tmp_path, "--lang", "en")
    minutes.write_bytes(kept)
    assert report(data, tmp_path) == report(data, tmp_path, "--no-cache")
    assert b"congress-minutes.pdf no such file" not in report(data, tmp_path, "--lang", "en")
    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(kept)
    minutes.unlink()
    minutes.symlink_to(outside)
    assert report(data, tmp_path) == report(data, tmp_path, "--no-cache")
    assert b"congress-minutes.pdf leads outside" in report(data, tmp_path, "--lang", "en")


def test_a_verdict_that_cannot_be_pickled_is_not_kept(tmp_path):
    from unioncheck.cache import ResultsCache

    cache = ResultsCache(tmp_path / ".unioncheck_cache", "space")
    cache.put("k1", (b"report", {"TST": (n for n in range(3))}, ()))  # a plugin's summary holding a generator
    cache.put("k2", (b"report", {"TST": 1}, ()))
    cache.flush()
    assert cache.holding(["k1", "k2"]) == {"k2"}
    cache.close()


def test_results_prepared_in_one_language_are_right_in_another_and_after_waivers_and_compare(tmp_path):
    """Cached reports carry each result's JSON as encoded when judged (here in Chinese, with nothing
    marked): a run that waivers and --compare mark results must not splice in the unmarked text, and
    a run in English must not splice in the Chinese."""
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    earlier = tmp_path / "earlier.json"
    report(data, tmp_path)  # fills the cache, prepared in Chinese
    (tmp_path / "out.json").rename(earlier)
    marked = ("--waivers", REPO / "examples" / "ci" / "waivers.yaml", "--compare", earlier)
    warm = report(data, tmp_path, *marked)
    assert warm == report(data, tmp_path, *marked, "--no-cache")
    assert b'"status": "waived"' in warm and b'"waiver": {' in warm and b'"change": "unchanged"' in warm
    english = report(data, tmp_path, "--lang", "en")
    assert english == report(data, tmp_path, "--lang", "en", "--no-cache")
    assert b'"message": "no problem found"' in english and '"message": "未发现问题"'.encode() not in english
    jsonl = tmp_path / "out.jsonl"
    cli("check", data, "--as-of", "2025-12-31", "-f", f"jsonl:{jsonl}", "--lang", "en", cwd=tmp_path)
    assert [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()] == json.loads(english)["branches"]


def test_reports_the_cache_holds_wait_as_keys_and_are_read_back_when_finished(tmp_path, monkeypatch):
    """A warm run spools a key per branch, not a copy of its report; the JSON is the cold run's."""
    import pickle

    from click.testing import CliRunner

    from unioncheck import spool
    from unioncheck.cli import main

    data = tmp_path / "data"
    generate(data, 30, 0.5, 3)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(spool, "IN_MEMORY", 0)  # everything goes through the temporary files
    written = []
    real = spool.Spool._write
    monkeypatch.setattr(
        spool.Spool,
        "_write",
        lambda self, item, pickled: (
            written.append(len(item if pickled else pickle.dumps(item))),
            real(self, item, pickled),
        ),
    )
    outputs = []
    for _ in ("cold", "warm"):
        target = tmp_path / f"{len(outputs)}.json"
        run = CliRunner().invoke(main, ["check", str(data), "--as-of", "2025-12-31", "-f", f"json:{target}"])
        assert run.exit_code == 1, run.output
        outputs.append((target.read_bytes(), sum(written)))
        written.clear()
    (cold, cold_spooled), (warm, warm_spooled) = outputs
    assert warm == cold
    assert warm_spooled * 10 < cold_spooled
