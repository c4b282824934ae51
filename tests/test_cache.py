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
        db.execute("UPDATE verdicts SET value = X'8004deadbeef' WHERE rowid % 2 = 0")
        db.execute("UPDATE verdicts SET value = NULL WHERE rowid % 3 = 0")
    db.close()
    assert report(data, tmp_path) == cold
    assert report(data, tmp_path) == cold  # and the damaged entries were replaced


def _judged_fresh(monkeypatch, data, root):
    """How many of ``data``'s files one cached run judged afresh (in this process, one job)."""
    from conftest import builtin, settings

    from unioncheck import engine, executors
    from unioncheck.cache import Cached, ResultsCache, namespace
    from unioncheck.loader import discover

    rules = builtin()[0]
    given = settings(pseudonym_key=b"k" * 32)
    judged = []
    real = executors.judge
    monkeypatch.setattr(executors, "judge", lambda plan, file, *rest: judged.append(file) or real(plan, file, *rest))
    cache = ResultsCache(root, namespace(rules, given))
    try:
        list(engine.run(rules, sorted(discover([str(data)])), given, Cached(executors.Serial(), cache)))
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
    from unioncheck.engine import Judged

    cache = ResultsCache(tmp_path / ".unioncheck_cache", "space")
    cache.put("k1", Judged("a.yaml", b"report", {"TST": (n for n in range(3))}))  # a summary holding a generator
    cache.put("k2", Judged("b.yaml", b"report", {"TST": 1}))
    cache.flush()
    assert cache.holding(["k1", "k2"]) == {"k2"}
    cache.close()


def test_a_warm_run_in_another_language_or_with_waivers_and_compare_is_the_cold_one(tmp_path):
    """A verdict kept in one run serves another whatever its language, waivers or --compare."""
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    earlier = tmp_path / "earlier.json"
    report(data, tmp_path)  # fills the cache, prepared in Chinese
    (tmp_path / "out.json").rename(earlier)
    marked = ("--waivers", REPO / "examples" / "ci" / "waivers.yaml", "--compare", earlier)
    warm = report(data, tmp_path, *marked)
    assert warm == report(data, tmp_path, *marked, "--no-cache")
    assert b'"status": "waived"' in warm and b'"waiver": {' in warm and b'"change": "open"' in warm
    english = report(data, tmp_path, "--lang", "en")
    assert english == report(data, tmp_path, "--lang", "en", "--no-cache")
    assert b'"message": "no problem found"' in english and '"message": "未发现问题"'.encode() not in english
    jsonl = tmp_path / "out.jsonl"
    cli("check", data, "--as-of", "2025-12-31", "-f", f"jsonl:{jsonl}", "--lang", "en", cwd=tmp_path)
    branches = json.loads(english)["branches"]
    for branch in branches:  # a line has its score without a rank: a rank needs every branch (docs/scoring.md)
        del branch["score"]["rank"]
    assert [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()] == branches


# ---- bounded work: the key and the plugin fingerprint ---------------------------


def _opened(monkeypatch):
    """The paths ``os.open`` and ``open`` are asked for from here on."""
    import builtins

    seen = []
    real_os_open, real_open = os.open, builtins.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: seen.append(str(path)) or real_os_open(path, *a, **k))
    monkeypatch.setattr(builtins, "open", lambda path, *a, **k: seen.append(str(path)) or real_open(path, *a, **k))
    return seen


def test_a_file_over_the_size_limit_is_never_read_for_its_key(tmp_path, monkeypatch):
    from unioncheck.cache import ResultsCache

    cache = ResultsCache(tmp_path / ".unioncheck_cache", "space")
    big, small = tmp_path / "big.yaml", tmp_path / "small.yaml"
    with open(big, "wb") as out:
        out.truncate(3_000_000)  # sparse: large on paper, nothing to write
    small.write_text("branch: {}\n", "utf-8")
    seen = _opened(monkeypatch)
    assert cache.key(str(big), True, 1_000_000) is None
    assert cache.key(str(small), True, 1_000_000) is not None
    assert cache.key(str(small), True, 4) is None  # the limit is the run's, not a fixed one
    assert str(big) not in seen and str(small) in seen
    cache.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_is_never_opened_for_its_key(tmp_path, monkeypatch):
    from unioncheck.cache import ResultsCache

    cache = ResultsCache(tmp_path / ".unioncheck_cache", "space")
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    seen = _opened(monkeypatch)
    assert cache.key(str(fifo), True, 1_000_000) is None  # would block for ever if it were opened
    assert cache.key(str(tmp_path), True, 1_000_000) is None  # nor a directory
    assert str(fifo) not in seen
    cache.close()


def _plugin_rules(plugin):
    from unioncheck.plugins import collect_rules, plugin_manager

    return collect_rules(plugin_manager((str(plugin),)))


PLUGIN = """
from unioncheck import hookimpl, Result, Rule, RuleDoc, Status, Text

def check(document, ctx):
    yield Result(Status.PASS, Text("好", "fine"))

@hookimpl
def unioncheck_rules(register):
    register(Rule(code="XYZ001", family="XYZ", name="x", title=Text("x", "x"), basis="-", check=check,
                  doc=RuleDoc(Text("x", "x"), Text("x", "x"), Text("x", "x"))))
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_plugin_file_is_fingerprinted_alone(tmp_path):
    """A ``--plugin`` file kept in a home directory: its directory (a FIFO, other code, a whole
    tree) is not walked, and only the file itself is in the fingerprint."""
    from unioncheck.cache import sources

    plugin = tmp_path / "my_rules.py"
    plugin.write_text(PLUGIN, "utf-8")
    os.mkfifo(tmp_path / "stuck.py")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "other.py").write_text("x = 1\n", "utf-8")
    found = sources(_plugin_rules(plugin))
    assert plugin.resolve() in found
    assert not [f for f in found if tmp_path in f.parents and f != plugin.resolve()]
    builtin_package = REPO / "plugins" / "unioncheck_rules"
    assert (builtin_package / "hrd.py").resolve() in found and (builtin_package / "contract").exists()


def test_the_fingerprint_follows_the_plugin_file_and_nothing_beside_it(tmp_path):
    from conftest import settings

    from unioncheck.cache import namespace

    plugin = tmp_path / "my_rules.py"
    plugin.write_text(PLUGIN, "utf-8")
    given = settings(pseudonym_key=b"k" * 32)
    before = namespace(_plugin_rules(plugin), given)
    (tmp_path / "unrelated.py").write_text("y = 2\n", "utf-8")
    assert namespace(_plugin_rules(plugin), given) == before
    plugin.write_text(PLUGIN + "\n# changed\n", "utf-8")
    assert namespace(_plugin_rules(plugin), given) != before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_plugin_beside_a_fifo_runs_with_the_cache(tmp_path):
    plugin_dir = tmp_path / "home"
    plugin_dir.mkdir()
    plugin = plugin_dir / "my_rules.py"
    plugin.write_text(PLUGIN, "utf-8")
    os.mkfifo(plugin_dir / "stuck.py")
    data = tmp_path / "data"
    shutil.copytree(REFERENCE.parent, data)
    cold = report(data, tmp_path, "--plugin", plugin)
    assert (
        cold == report(data, tmp_path, "--plugin", plugin) == report(data, tmp_path, "--plugin", plugin, "--no-cache")
    )
    assert b"XYZ001" in cold


def _kept(root, space, entries, monkeypatch, at):
    """Keep ``entries`` entries of about 1 KB in ``space``, in a run that ends at time ``at``."""
    import unioncheck.cache as cache_module

    monkeypatch.setattr(cache_module.time, "time", lambda: at)
    cache = cache_module.ResultsCache(root, space)
    for n in range(entries):
        cache.put(f"{space}-{n}", {"n": n, "padding": os.urandom(1000)})
    cache.close()


def _held(root, spaces, entries):
    from unioncheck.cache import ResultsCache

    found = {}
    for space in spaces:
        cache = ResultsCache(root, space)
        found[space] = len(cache.holding([f"{space}-{n}" for n in range(entries)]))
        cache.db.close()
    return found


DAY = 86400.0


def test_a_namespace_no_run_used_for_keep_days_is_dropped(tmp_path, monkeypatch):
    """Each new reference date, profile or version is a new namespace: the old ones go after
    KEEP_DAYS days unused, the others stay."""
    from unioncheck.cache import KEEP_DAYS

    root, start = tmp_path / "cache", 1_800_000_000.0
    _kept(root, "old", 3, monkeypatch, start)
    _kept(root, "recent", 3, monkeypatch, start + DAY)
    _kept(root, "today", 3, monkeypatch, start + (KEEP_DAYS + 0.5) * DAY)
    assert _held(root, ["old", "recent", "today"], 3) == {"old": 0, "recent": 3, "today": 3}


def test_beyond_keep_bytes_the_least_recently_used_namespaces_go_first(tmp_path, monkeypatch):
    import unioncheck.cache as cache_module

    monkeypatch.setattr(cache_module, "KEEP_BYTES", 5 * 1100)  # room for five entries of about 1 KB
    root, start = tmp_path / "cache", 1_800_000_000.0
    for hour, space in enumerate(["first", "second", "third"]):
        _kept(root, space, 2, monkeypatch, start + hour * 3600)
    assert _held(root, ["first", "second", "third"], 2) == {"first": 0, "second": 2, "third": 2}
    _kept(root, "large", 8, monkeypatch, start + 4 * 3600)  # alone over the cap: the run's own is kept
    assert _held(root, ["second", "third", "large"], 8) == {"second": 0, "third": 0, "large": 8}


def test_a_cache_of_the_format_before_namespaces_is_emptied_and_used(tmp_path):
    """Its table is dropped (nothing could ever trim it); a version that still writes it makes it again."""
    import sqlite3

    root = tmp_path / "cache"
    root.mkdir()
    db = sqlite3.connect(root / "results.sqlite3")
    with db:
        db.execute("CREATE TABLE judged (key TEXT PRIMARY KEY, value BLOB)")
        db.execute("INSERT INTO judged VALUES ('k', X'00')")
    db.close()
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    (tmp_path / ".unioncheck_cache").symlink_to(root)
    cold = report(data, tmp_path, "--no-cache")
    assert report(data, tmp_path) == cold
    assert report(data, tmp_path) == cold
    db = sqlite3.connect(root / "results.sqlite3")
    assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'judged'").fetchone()
    assert db.execute("SELECT count(DISTINCT space) FROM verdicts").fetchone() == (1,)
