"""The results cache: a file's verdict is kept until anything it depends on changes.

``Cached(executor, cache)`` is an executor (see ``executors``) that wraps
another: a file the cache holds is answered from it, the others are judged by
the wrapped executor and then kept. An entry is what judging gave: the branch
report, the summaries the dataset rules took, and the file lookups (evidence)
its rules made.

An entry's key is the file's path and content plus a *namespace*: the source of
unioncheck and of every plugin module, the profile's name, parameters, severities,
phasing in (``from_year``) and the calendar years it supplies, the reference date,
the audit year, the rule selection and the limits; and before an entry is reused,
its lookups are asked again and must answer as they did. So a hit is exactly
what judging would give again; the cache never changes a result. It lives in
``.unioncheck_cache/`` (git-ignored by its own ``.gitignore``), which may sit
beside the data; ``--no-cache`` turns it off.

It does not grow without end: each namespace (a version, profile, reference date …) records
when a run last used it and how many bytes its entries take, and when a run closes the cache,
the namespaces no run has used for ``KEEP_DAYS`` days are dropped, and then the least recently
used ones until the whole is within ``KEEP_BYTES`` — never the namespace of the run itself. One
write per run: a warm run's hits cost nothing more.

Nothing personal is stored: messages never carry names or ID numbers, and the
summaries hold ID numbers only as keyed hashes whose key is kept in the user's
cache directory, not here.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import stat
import sys
import time
from pathlib import Path
from typing import Iterator

from .engine import Judged, Plan
from .executors import Serial
from .loader import contents
from .userdirs import cache_home, described

DIRECTORY = ".unioncheck_cache"
FORMAT = 10  # 10: entries belong to a namespace, which records its last use and size; 9: finding keys
KEY_BYTES = 32
MOST_SOURCES = 2000  # Python files of one plugin package that are fingerprinted; more: the cache is off


def warn(path, reason: str, fix_zh: str = "删除它或修正权限", fix_en: str = "remove it or fix its permissions") -> None:
    """The one warning of a cache that cannot be used: what, where, why, and what to do."""
    print(
        f"警告：结果缓存不可用（{path}：{reason}），本次不用缓存检查，结论不受影响；可{fix_zh}，或加 --no-cache / "
        f"warning: the results cache cannot be used ({path}: {reason}); this run is checked without it and "
        f"the verdict is the same; {fix_en}, or pass --no-cache",
        file=sys.stderr,
    )


def _reason(err: BaseException) -> str:
    return (err.strerror if isinstance(err, OSError) and err.strerror else str(err)) or type(err).__name__


class RunKey(bytes):
    """A pseudonym key for this run only, because the user's cache directory could not keep one:
    no results cache is opened with it (``namespace`` gives None), since its entries could never be
    found again."""


def pseudonym_key() -> bytes:
    """The key of ID-number hashes, kept outside the project (created on first use, readable by
    the user only); a ``RunKey`` (after a warning) when that directory cannot keep it."""
    try:
        key_file = cache_home() / "pseudonym.key"
    except OSError as err:
        warn(described(), _reason(err), *_HOME_FIX)
        return RunKey(os.urandom(KEY_BYTES))
    try:
        return _read_key(key_file)
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as err:
        warn(key_file, _reason(err), *_HOME_FIX)
        return RunKey(os.urandom(KEY_BYTES))
    try:
        return _new_key(key_file)
    except OSError as err:
        warn(key_file, _reason(err), *_HOME_FIX)
        return RunKey(os.urandom(KEY_BYTES))


_HOME_FIX = (
    "把 XDG_CACHE_HOME（Windows：LOCALAPPDATA）设为可写的目录（容器中以 --user 运行时常见），或删除损坏的密钥文件",
    "set XDG_CACHE_HOME (Windows: LOCALAPPDATA) to a writable directory (usual in containers run with --user) or "
    "remove a damaged key file",
)


def _read_key(key_file: Path) -> bytes:
    if not stat.S_ISREG(os.stat(key_file).st_mode):
        raise ValueError("不是普通文件 / not a regular file")
    with open(key_file, "rb") as source:
        key = source.read(KEY_BYTES + 1)
    if len(key) != KEY_BYTES:
        raise ValueError(f"密钥应为 {KEY_BYTES} 字节 / the key should be {KEY_BYTES} bytes")
    return key


def _new_key(key_file: Path) -> bytes:
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = os.urandom(KEY_BYTES)
    # O_BINARY: on Windows a descriptor is opened in text mode otherwise, and a byte 0x0A of the key
    # would be written as 0x0D 0x0A: a key of the wrong length, refused on every later run
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(key)
    except OSError:
        key_file.unlink(missing_ok=True)  # a half-written key would be refused on every later run
        raise
    return key


def namespace(rules, settings) -> str | None:
    """Everything besides the file that decides its verdict, as one digest; None (after a warning
    where one is due) when no cache can be kept: a key for this run only, or a plugin too large to
    fingerprint."""
    if isinstance(settings.pseudonym_key, RunKey):
        return None
    digest = hashlib.sha256(f"unioncheck-cache-{FORMAT}".encode())
    try:
        for source in sources(rules):
            _hash_file(digest, source)
    except (OSError, ValueError) as err:
        warn(getattr(err, "filename", None) or "plugin", _reason(err), "缩小插件包", "make the plugin package smaller")
        return None
    profile = settings.profile
    import chinese_calendar

    digest.update(
        json.dumps(
            {
                "calendar_package": getattr(chinese_calendar, "__version__", ""),
                "rules": [(r.code, r.plugin) for r in rules],
                "params": profile.params,
                "severity": {k: v.value for k, v in profile.severity.items()},
                "profile": profile.name,
                "from_year": profile.from_year,
                "calendar": {
                    year: [sorted(s.holidays), sorted(s.workdays), s.source.zh, s.source.en, s.profile]
                    for year, s in profile.calendar.items()
                },
                "as_of": settings.as_of.isoformat(),
                "year": settings.year,
                "select": settings.select,
                "ignore": settings.ignore,
                "rule_seconds": settings.rule_seconds,
                "max_bytes": settings.max_bytes,
                "key": hashlib.sha256(settings.pseudonym_key).hexdigest(),
                "open_key": settings.open_key.key_id if settings.open_key is not None else None,
                "contract": settings.contract.schema if settings.contract is not None else None,
            },
            sort_keys=True,
            default=str,
        ).encode()
    )
    return digest.hexdigest()


def sources(rules) -> list[Path]:
    """The source files of unioncheck and of each plugin, in order: a package's own ``*.py``
    (regular files, symlinks not followed), or a single module's own file (a ``--plugin`` file)."""
    roots = {Path(__file__).resolve().parent}
    singles: set[Path] = set()
    for name in {getattr(rule.check, "__module__", "") or "" for rule in rules}:  # each module once
        module = sys.modules.get(name)
        top = sys.modules.get(module.__name__.partition(".")[0]) if module is not None else None
        if top is not None and getattr(top, "__path__", None) and getattr(top, "__file__", None):
            roots.add(Path(top.__file__).resolve().parent)
        elif module is not None and getattr(module, "__file__", None):
            singles.add(Path(module.__file__).resolve())
    found = [source for root in sorted(roots) for source in _package_files(root)]
    return found + sorted(singles)


def _package_files(root: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        found += [Path(folder) / f for f in sorted(files) if f.endswith(".py")]
        if len(found) > MOST_SOURCES:
            raise ValueError(f"{root}：超过 {MOST_SOURCES} 个 Python 文件 / more than {MOST_SOURCES} Python files")
    return found


def _hash_file(digest, path: Path) -> None:
    """Add a regular file's bytes to ``digest``; anything else (a FIFO, a device) by its name alone,
    never opened."""
    digest.update(f"\0{path}\0".encode("utf-8", "surrogateescape"))
    if not stat.S_ISREG(os.lstat(path).st_mode):
        return
    with open(path, "rb") as source:
        for chunk in iter(lambda: source.read(1 << 16), b""):
            digest.update(chunk)


BATCH = 256  # entries read per query
DATABASE = "results.sqlite3"
KEEP_DAYS = 30  # a namespace no run used for this long is dropped
KEEP_BYTES = 1 << 30  # and beyond this, the least recently used namespaces (the entries' own bytes)


class ResultsCache:
    """The entries of one namespace, in a SQLite file under ``root``.

    It never stops a run: when it cannot be opened, read or written (a damaged or foreign file, a
    directory in its place, no permission, a full disk), it warns once, closes, and from then on
    holds nothing and keeps nothing: every file is judged as with ``--no-cache``."""

    def __init__(self, root: Path, space: str | None):
        self.space, self.root = space, root
        self.db: sqlite3.Connection | None = None
        self.pending: list[tuple[str, bytes]] = []
        if space is None:
            return
        try:
            self.db = self._open(root)
        except (OSError, sqlite3.Error) as err:
            self._broken(err)

    @staticmethod
    def _open(root: Path) -> sqlite3.Connection:
        root.mkdir(exist_ok=True)
        ignore = root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# unioncheck's results cache: never commit it\n*\n", "utf-8", newline="\n")
        db = sqlite3.connect(root / DATABASE, timeout=30)
        try:
            dropped = False
            for old in ("verdict", "entry"):  # formats 7 and before
                if db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (old,)).fetchone():
                    with db:
                        db.execute(f"DROP TABLE {old}")
                    dropped = True
            columns = [name for (name,) in db.execute("SELECT name FROM pragma_table_info('judged')")]
            if columns == ["key", "value"]:  # formats 8 and 9: entries of no namespace, which nothing could drop
                with db:  # (a version that still writes them makes the table again, and works)
                    db.execute("DROP TABLE judged")
                dropped = True
            elif columns:
                raise sqlite3.DatabaseError("这不是 unioncheck 的结果缓存 / not unioncheck's results cache")
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")  # pages of dropped entries go back to the disk
            if dropped:
                db.execute("VACUUM")  # an existing file takes the setting only so
            with db:
                db.execute(
                    "CREATE TABLE IF NOT EXISTS verdicts (key TEXT PRIMARY KEY, space TEXT NOT NULL, value BLOB)"
                )
                db.execute("CREATE INDEX IF NOT EXISTS verdicts_space ON verdicts (space)")
                db.execute("CREATE TABLE IF NOT EXISTS spaces (space TEXT PRIMARY KEY, used REAL, bytes INTEGER)")
        except BaseException:
            db.close()
            raise
        return db

    @property
    def usable(self) -> bool:
        return self.db is not None

    def _broken(self, err: BaseException) -> None:
        """Warn (once) and go on without the cache."""
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None
        self.pending.clear()
        path = self.root / DATABASE if self.root.is_dir() else self.root
        warn(path, _reason(err))

    def key(self, file: str, reported: bool, max_bytes: int) -> str | None:
        """The key of ``file`` as it is now, or None when it is not to be cached: it cannot be read,
        is not a regular file (a FIFO is never opened) or is larger than ``max_bytes`` (the loader
        refuses it without reading it). The evidence files the verdict rests on are not in the key:
        the entry lists the lookups its rules made, and they are asked again before the entry is
        reused (see ``files``)."""
        content = contents(file, max_bytes) if self.db is not None else None
        if content is None:
            return None
        digest = hashlib.sha256(self.space.encode())
        digest.update(f"\0{file}\0{reported}\0{len(content)}\0".encode("utf-8", "surrogateescape"))
        digest.update(content)
        return digest.hexdigest()

    def holding(self, keys: list[str | None]) -> set[str]:
        """Those of ``keys`` that have an entry."""
        held: set[str] = set()
        wanted = [k for k in keys if k]
        try:
            for start in range(0, len(wanted), BATCH) if self.db is not None else ():
                batch = wanted[start : start + BATCH]
                marks = ",".join("?" * len(batch))
                held.update(k for (k,) in self.db.execute(f"SELECT key FROM verdicts WHERE key IN ({marks})", batch))
        except sqlite3.Error as err:
            self._broken(err)
            return set()
        return held

    def entries(self, keys: list[str | None]) -> Iterator[Judged | None]:
        """The entry of each of ``keys`` in turn: None for a None key, or one not held or damaged
        (or when the cache broke meanwhile)."""
        for start in range(0, len(keys), BATCH):
            batch = keys[start : start + BATCH]
            found = self._values([k for k in batch if k])
            for key in batch:
                yield _entry(found.get(key)) if key else None

    def _values(self, wanted: list[str]) -> dict[str, bytes]:
        if not wanted or self.db is None:
            return {}
        marks = ",".join("?" * len(wanted))
        try:
            return dict(self.db.execute(f"SELECT key, value FROM verdicts WHERE key IN ({marks})", wanted))
        except sqlite3.Error as err:
            self._broken(err)
            return {}

    def put(self, key: str, judged: Judged) -> None:
        if self.db is None:
            return
        try:
            value = pickle.dumps(judged, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a plugin's summary that cannot be pickled: that file is simply not cached
            return
        self.pending.append((key, value))
        if len(self.pending) >= 500:
            self.flush()

    def flush(self) -> None:
        if self.db is None:
            return
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?)", [(k, self.space, v) for k, v in self.pending]
                )
                self._used(sum(len(v) for _, v in self.pending))  # a replaced entry counted twice: trims early
        except (OSError, sqlite3.Error) as err:
            self._broken(err)
        self.pending.clear()

    def _used(self, added: int) -> None:
        self.db.execute(
            "INSERT INTO spaces VALUES (?, ?, ?) ON CONFLICT (space) DO UPDATE SET used = excluded.used, "
            "bytes = bytes + excluded.bytes",
            (self.space, time.time(), added),
        )

    def trim(self) -> list[str]:
        """Mark this namespace used, and drop the namespaces past ``KEEP_DAYS`` or beyond
        ``KEEP_BYTES`` (least recently used first; never this one). The namespaces dropped."""
        if self.db is None:
            return []
        now = time.time()
        try:
            with self.db:
                self._used(0)
                spaces = self.db.execute("SELECT space, used, bytes FROM spaces ORDER BY used DESC").fetchall()
                total, dropped = 0, []
                for space, used, size in spaces:
                    total += size or 0
                    if space != self.space and (used < now - KEEP_DAYS * 86400 or total > KEEP_BYTES):
                        dropped.append(space)
                        total -= size or 0
                for space in dropped:
                    self.db.execute("DELETE FROM verdicts WHERE space = ?", (space,))
                    self.db.execute("DELETE FROM spaces WHERE space = ?", (space,))
            if dropped:
                self.db.execute("PRAGMA incremental_vacuum")
        except (OSError, sqlite3.Error) as err:
            self._broken(err)
            return []
        return dropped

    def close(self) -> None:
        self.flush()
        self.trim()
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error as err:
                self._broken(err)
            self.db = None


def _entry(value: bytes | None) -> Judged | None:
    """An entry as it was kept; None when missing or damaged (a disk error, an old format): then
    the file is judged again and the entry replaced."""
    if value is None:
        return None
    try:
        judged = pickle.loads(value)
    except Exception:
        return None
    return judged if isinstance(judged, Judged) else None


class Cached:
    """An executor that answers from ``cache`` what it holds and has ``inner`` judge the rest.

    An entry is reused only while every file lookup it rests on answers as it did; one that
    went away, is damaged or rests on changed evidence is judged again here, in this process."""

    def __init__(self, inner, cache: ResultsCache):
        self.inner, self.cache = inner, cache

    def map(self, plan: Plan, files: list[str]) -> Iterator[Judged]:
        keys = [self.cache.key(f, plan.reported(f), plan.settings.max_bytes) for f in files]
        held = self.cache.holding(keys)
        fresh = self.inner.map(plan, [f for f, key in zip(files, keys) if key not in held])
        kept = self.cache.entries([key if key in held else None for key in keys])
        for file, key in zip(files, keys):
            entry = next(kept)
            if entry is not None and entry.file == file and plan.base.files.still(entry.lookups):
                yield entry
                continue
            judged = next(fresh) if key not in held else next(Serial().map(plan, [file]))
            if key:
                self.cache.put(key, judged)
            yield judged
