"""The results cache: a file's verdict is kept until anything it depends on changes.

``Cached(executor, cache)`` is an executor (see ``executors``) that wraps
another: a file the cache holds is answered from it, the others are judged by
the wrapped executor and then kept. An entry is what judging gave: the branch
report, the summaries the dataset rules took, and the file lookups (evidence)
its rules made.

An entry's key is the file's path and content plus a *namespace*: the source of
unioncheck and of every plugin module, the profile's parameters and severities,
the reference date, the audit year, the rule selection and the limits; and
before an entry is reused, its lookups are asked again and must answer as they
did. So a hit is exactly what judging would give again; the cache never changes
a result. It lives in ``.unioncheck_cache/`` (git-ignored by its own
``.gitignore``), which may sit beside the data; ``--no-cache`` turns it off.

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
import sys
from pathlib import Path
from typing import Iterator

from .engine import Judged, Plan
from .executors import Serial
from .userdirs import cache_home

DIRECTORY = ".unioncheck_cache"
FORMAT = 8


def pseudonym_key() -> bytes:
    """The key of ID-number hashes, kept outside the project (created on first use, readable by the user only)."""
    home = cache_home()
    key_file = home / "pseudonym.key"
    try:
        return key_file.read_bytes()
    except FileNotFoundError:
        home.mkdir(parents=True, exist_ok=True)
        key = os.urandom(32)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(key)
        return key
    except OSError:
        return os.urandom(32)  # no usable home: hashes differ per run, the cache then misses, nothing is wrong


def namespace(rules, settings) -> str:
    """Everything besides the file that decides its verdict, as one digest."""
    digest = hashlib.sha256(f"unioncheck-cache-{FORMAT}".encode())
    sources = {Path(__file__).resolve().parent}
    for rule in rules:
        module = sys.modules.get(getattr(rule.check, "__module__", "") or "")
        if module is not None and getattr(module, "__file__", None):
            sources.add(Path(module.__file__).resolve().parent)
    for folder in sorted(sources):
        for source in sorted(folder.rglob("*.py")):
            digest.update(source.read_bytes())
    profile = settings.profile
    import chinese_calendar

    digest.update(
        json.dumps(
            {
                "calendar": getattr(chinese_calendar, "__version__", ""),
                "rules": [(r.code, r.plugin) for r in rules],
                "params": profile.params,
                "severity": {k: v.value for k, v in profile.severity.items()},
                "as_of": settings.as_of.isoformat(),
                "year": settings.year,
                "select": settings.select,
                "ignore": settings.ignore,
                "rule_seconds": settings.rule_seconds,
                "max_bytes": settings.max_bytes,
                "key": hashlib.sha256(settings.pseudonym_key).hexdigest(),
                "contract": settings.contract.schema if settings.contract is not None else None,
            },
            sort_keys=True,
            default=str,
        ).encode()
    )
    return digest.hexdigest()


BATCH = 256  # entries read per query


class ResultsCache:
    """The entries of one namespace, in a SQLite file under ``root``."""

    def __init__(self, root: Path, space: str):
        self.space = space
        root.mkdir(exist_ok=True)
        ignore = root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# unioncheck's results cache: never commit it\n*\n", "utf-8")
        self.db = sqlite3.connect(root / "results.sqlite3", timeout=30)
        for old in ("verdict", "entry"):  # formats 7 and before
            if self.db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (old,)).fetchone():
                with self.db:
                    self.db.execute(f"DROP TABLE {old}")
        self.db.execute("CREATE TABLE IF NOT EXISTS judged (key TEXT PRIMARY KEY, value BLOB)")
        self.pending: list[tuple[str, bytes]] = []

    def key(self, file: str, reported: bool) -> str | None:
        """The key of ``file`` as it is now, or None when it cannot be read. The evidence files
        the verdict rests on are not in the key: the entry lists the lookups its rules made, and
        they are asked again before the entry is reused (see ``files``)."""
        try:
            with open(file, "rb") as source:
                content = source.read()
        except OSError:
            return None
        digest = hashlib.sha256(self.space.encode())
        digest.update(f"\0{file}\0{reported}\0{len(content)}\0".encode())
        digest.update(content)
        return digest.hexdigest()

    def holding(self, keys: list[str | None]) -> set[str]:
        """Those of ``keys`` that have an entry."""
        held: set[str] = set()
        wanted = [k for k in keys if k]
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            marks = ",".join("?" * len(batch))
            held.update(k for (k,) in self.db.execute(f"SELECT key FROM judged WHERE key IN ({marks})", batch))
        return held

    def entries(self, keys: list[str | None]) -> Iterator[Judged | None]:
        """The entry of each of ``keys`` in turn: None for a None key, or one not held or damaged."""
        for start in range(0, len(keys), BATCH):
            batch = keys[start : start + BATCH]
            wanted = [k for k in batch if k]
            marks = ",".join("?" * len(wanted))
            found = (
                dict(self.db.execute(f"SELECT key, value FROM judged WHERE key IN ({marks})", wanted)) if wanted else {}
            )
            for key in batch:
                yield _entry(found.get(key)) if key else None

    def put(self, key: str, judged: Judged) -> None:
        try:
            value = pickle.dumps(judged, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a plugin's summary that cannot be pickled: that file is simply not cached
            return
        self.pending.append((key, value))
        if len(self.pending) >= 500:
            self.flush()

    def flush(self) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO judged VALUES (?, ?)", self.pending)
        self.pending.clear()

    def close(self) -> None:
        self.flush()
        self.db.close()


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
        keys = [self.cache.key(f, plan.reported(f)) for f in files]
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
