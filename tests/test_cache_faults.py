"""The results cache is an optimisation, never a point of failure.

Whatever is wrong with it — a damaged or foreign database, a directory or a file in its place,
no permission, a full disk, no usable user cache directory for the pseudonym key — and whether
that shows when it is opened, read or written at the end, the run gives one warning naming the
path and what to do, and exactly the report and exit status that ``--no-cache`` gives.

Faults that need another user (permissions, as root sees none) are simulated with an audit hook
in the checking process where the tests run as root, and made real otherwise; a full disk is a
real file size limit (RLIMIT_FSIZE).
"""

import json
import os
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys

import pytest
from conftest import DEMO

WARNING = "warning: the results cache cannot be used"
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False

# the checking process, with an audit hook failing one kind of operation on paths ending so
FAULTY = """
import runpy, sys, sqlite3
EVENT, SUFFIX, ERROR = sys.argv.pop(1), sys.argv.pop(1), sys.argv.pop(1)
def hook(event, args):
    if event == EVENT and args and str(args[0]).rstrip("/").endswith(SUFFIX):
        raise eval(ERROR)
sys.addaudithook(hook)
sys.argv[0] = "unioncheck"
runpy.run_module("unioncheck", run_name="__main__")
"""


def check(cwd, *extra, fault=None, env=None, preexec=None):
    """Check a copy of the demo county from ``cwd``; the JSON report on stdout."""
    args = ["check", "data", "--as-of", "2025-12-31", "-f", "json", *extra]
    command = [sys.executable, "-c", FAULTY, *fault, *args] if fault else [sys.executable, "-m", "unioncheck", *args]
    full_env = {**os.environ, "LANG": "C.UTF-8", "XDG_CACHE_HOME": str(cwd / "xdg"), **(env or {})}
    return subprocess.run(
        command, capture_output=True, text=True, cwd=cwd, env=full_env, timeout=120, preexec_fn=preexec
    )


@pytest.fixture
def county(tmp_path):
    shutil.copytree(DEMO, tmp_path / "data")
    (tmp_path / "xdg").mkdir()
    return tmp_path


@pytest.fixture(scope="module")
def uncached(tmp_path_factory):
    where = tmp_path_factory.mktemp("uncached")
    shutil.copytree(DEMO, where / "data")
    run = check(where, "--no-cache")
    assert run.returncode == 1 and run.stderr == "", run.stderr
    return run


def assert_as_without_cache(run, uncached, *named):
    """One warning naming ``named``, no traceback, and the --no-cache verdict and report."""
    assert "Traceback" not in run.stderr, run.stderr
    assert run.stderr.count(WARNING) == 1, run.stderr
    assert "结果缓存不可用" in run.stderr and "--no-cache" in run.stderr
    for part in named:
        assert part in run.stderr, run.stderr
    assert run.returncode == uncached.returncode
    assert json.loads(run.stdout) == json.loads(uncached.stdout)


def fill(county) -> os.PathLike:
    """A warm cache for the county; its database."""
    run = check(county)
    assert run.returncode == 1 and run.stderr == "", run.stderr
    return county / ".unioncheck_cache" / "results.sqlite3"


# ---- damaged or foreign databases --------------------------------------------


def test_a_database_of_random_bytes(county, uncached):
    (county / ".unioncheck_cache").mkdir()
    (county / ".unioncheck_cache" / "results.sqlite3").write_bytes(os.urandom(8192))
    assert_as_without_cache(check(county), uncached, "results.sqlite3", "file is not a database")


@pytest.mark.parametrize("keep", [0.5, 0.1, 0.02])
def test_a_truncated_database(county, uncached, keep):
    db = fill(county)
    with open(db, "r+b") as out:
        out.truncate(int(os.path.getsize(db) * keep))
    run = check(county)
    assert "Traceback" not in run.stderr and run.stderr.count(WARNING) <= 1, run.stderr
    assert run.returncode == uncached.returncode and json.loads(run.stdout) == json.loads(uncached.stdout)


def test_a_database_damaged_inside_fails_when_read(county, uncached):
    """The header is whole, so it opens; the pages the entries live on are not."""
    db = fill(county)
    size = os.path.getsize(db)
    with open(db, "r+b") as out:
        out.seek(4096)
        out.write(os.urandom(size - 4096))
    assert_as_without_cache(check(county), uncached, "results.sqlite3")


def test_a_database_that_is_another_programs(county, uncached):
    (county / ".unioncheck_cache").mkdir()
    other = sqlite3.connect(county / ".unioncheck_cache" / "results.sqlite3")
    other.execute("CREATE TABLE judged (something_else INTEGER)")
    other.commit()
    other.close()
    assert_as_without_cache(check(county), uncached, "results.sqlite3")


# ---- something else in the cache's place --------------------------------------


def test_the_database_path_is_a_directory(county, uncached):
    (county / ".unioncheck_cache" / "results.sqlite3").mkdir(parents=True)
    assert_as_without_cache(check(county), uncached, "results.sqlite3")
    assert (county / ".unioncheck_cache" / "results.sqlite3").is_dir()  # left as it was


def test_the_cache_directory_is_a_file(county, uncached):
    (county / ".unioncheck_cache").write_text("mine\n", "utf-8")
    assert_as_without_cache(check(county), uncached, ".unioncheck_cache")
    assert (county / ".unioncheck_cache").read_text("utf-8") == "mine\n"  # never replaced


def test_the_gitignore_is_a_directory(county, uncached):
    (county / ".unioncheck_cache" / ".gitignore").mkdir(parents=True)
    run = check(county)
    assert "Traceback" not in run.stderr and run.stderr.count(WARNING) <= 1, run.stderr
    assert json.loads(run.stdout) == json.loads(uncached.stdout)


# ---- permissions --------------------------------------------------------------


def test_a_read_only_working_directory_simulated(county, uncached):
    fault = ("os.mkdir", ".unioncheck_cache", "PermissionError(13, 'Permission denied')")
    assert_as_without_cache(check(county, fault=fault), uncached, ".unioncheck_cache", "Permission denied")
    assert not (county / ".unioncheck_cache").exists()


def test_a_database_that_cannot_be_opened_simulated(county, uncached):
    """What SQLite says of a database owned by another user and not readable."""
    fill(county)
    fault = ("sqlite3.connect", "results.sqlite3", "sqlite3.OperationalError('unable to open database file')")
    assert_as_without_cache(check(county, fault=fault), uncached, "results.sqlite3", "unable to open")


@pytest.mark.skipif(ROOT or sys.platform == "win32", reason="root reads and writes whatever the mode says")
def test_a_read_only_working_directory(county, uncached):
    county.chmod(0o555)
    try:
        assert_as_without_cache(check(county), uncached, ".unioncheck_cache")
    finally:
        county.chmod(0o755)


@pytest.mark.skipif(ROOT or sys.platform == "win32", reason="root reads and writes whatever the mode says")
@pytest.mark.parametrize("mode", [0o000, 0o444])
def test_a_database_not_readable_or_not_writable(county, uncached, mode):
    db = fill(county)
    db.chmod(mode)
    (county / ".unioncheck_cache").chmod(0o555)
    try:
        for data in (county / "data").glob("*.yaml"):  # changed files: entries to write at the end
            data.write_text(data.read_text("utf-8") + "# touched\n", "utf-8")
        assert_as_without_cache(check(county), uncached, "results.sqlite3")
    finally:
        (county / ".unioncheck_cache").chmod(0o755)


# ---- a full disk ---------------------------------------------------------------


def _file_size_limit(limit):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="POSIX file size limits")
@pytest.mark.parametrize("key_kept", [True, False])
def test_a_full_disk_when_the_cache_is_created(county, uncached, key_kept):
    key = county / "xdg" / "unioncheck" / "pseudonym.key"
    if key_kept:
        key.parent.mkdir()
        key.write_bytes(os.urandom(32))
    run = check(county, preexec=_file_size_limit(0))
    assert_as_without_cache(run, uncached, ".unioncheck_cache" if key_kept else "pseudonym.key")
    assert key.exists() == key_kept  # no half-written key left to be refused on every later run


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="POSIX file size limits")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_when_the_entries_are_written_at_the_end(county, uncached, jobs):
    (county / "xdg" / "unioncheck").mkdir()
    (county / "xdg" / "unioncheck" / "pseudonym.key").write_bytes(os.urandom(32))
    full = county / "data"
    (county / "one").mkdir()
    shutil.move(full / "01-XRMYY.yaml", county / "one")
    shutil.move(full, county / "rest")
    (county / "one").rename(full)
    db = fill(county)  # a cache holding one branch
    shutil.move(full / "01-XRMYY.yaml", county / "rest")
    shutil.rmtree(full)
    (county / "rest").rename(full)
    run = check(county, "-j", jobs, preexec=_file_size_limit(os.path.getsize(db)))
    assert_as_without_cache(run, uncached, "results.sqlite3")


# ---- the user's cache directory (the pseudonym key) ---------------------------


@pytest.mark.parametrize("case", ["a file", "below a file", "key is a directory", "key damaged", "relative"])
def test_an_unusable_user_cache_directory(county, uncached, case):
    xdg = county / "xdg"
    if case in ("a file", "below a file"):
        xdg.rmdir()
        xdg.write_text("not a directory\n", "utf-8")
    elif case == "key is a directory":
        (xdg / "unioncheck" / "pseudonym.key").mkdir(parents=True)
    elif case == "key damaged":
        (xdg / "unioncheck").mkdir()
        (xdg / "unioncheck" / "pseudonym.key").write_bytes(b"short")
    where = {"below a file": str(xdg / "deeper"), "relative": "xdg"}.get(case, str(xdg))
    run = check(county, env={"XDG_CACHE_HOME": where, "HOME": str(xdg) if case == "relative" else os.environ["HOME"]})
    if case == "relative":  # ignored, as the XDG specification says: ~/.cache is used (HOME is a directory here)
        assert run.stderr == "" and json.loads(run.stdout) == json.loads(uncached.stdout)
        return
    assert_as_without_cache(run, uncached, "XDG_CACHE_HOME")
    assert not (county / ".unioncheck_cache").exists()  # no entries that no later run could find


def test_an_unwritable_user_cache_directory_simulated(county, uncached):
    fault = ("os.mkdir", "unioncheck", "PermissionError(13, 'Permission denied')")
    assert_as_without_cache(check(county, fault=fault), uncached, "Permission denied", "XDG_CACHE_HOME")


def test_no_home_directory_at_all(county, uncached):
    """A container run with ``--user`` of a uid it does not know: no HOME worth the name."""
    assert_as_without_cache(check(county, env={"XDG_CACHE_HOME": "", "HOME": ""}), uncached, "XDG_CACHE_HOME")


def test_the_cache_works_again_once_repaired(county, uncached):
    (county / ".unioncheck_cache").write_text("mine\n", "utf-8")
    assert check(county).stderr.count(WARNING) == 1
    (county / ".unioncheck_cache").unlink()
    fill(county)
    warm = check(county)
    assert warm.stderr == "" and json.loads(warm.stdout) == json.loads(uncached.stdout)


def test_the_key_file_is_private(county):
    fill(county)
    key = county / "xdg" / "unioncheck" / "pseudonym.key"
    assert key.stat().st_size == 32
    if sys.platform != "win32":
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
