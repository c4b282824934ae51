"""The results cache: a file's verdict is kept until anything it depends on changes.

An entry holds one file's branch report, the summaries the rules over every
branch took from it, and the file lookups (evidence) its rules made. The report
is kept apart from the rest: a run reads the summaries and lookups of every hit
first, and each report only when its branch is finished, so that reports never
wait in the run's temporary files.

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

from .userdirs import cache_home

DIRECTORY = ".unioncheck_cache"
FORMAT = 7


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


def namespace(rules, settings, max_bytes: int) -> str:
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
                "max_bytes": max_bytes,
                "key": hashlib.sha256(settings.pseudonym_key).hexdigest(),
            },
            sort_keys=True,
            default=str,
        ).encode()
    )
    return digest.hexdigest()


def _head(value: bytes):
    """(summaries, lookups, whether a report is kept), or None when damaged (a disk error, an old
    format): then the file is judged again, and the entry replaced."""
    try:
        kept = pickle.loads(value)
    except Exception:
        return None
    return kept if isinstance(kept, tuple) and len(kept) == 3 else None


class ResultsCache:
    def __init__(self, root: Path, space: str):
        self.space = space
        root.mkdir(exist_ok=True)
        ignore = root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# unioncheck's results cache: never commit it\n*\n", "utf-8")
        self.db = sqlite3.connect(root / "results.sqlite3", timeout=30)
        if self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'verdict'").fetchone():
            with self.db:
                self.db.execute("DROP TABLE verdict")  # format 6 and before: one blob per entry
        self.db.execute("CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, head BLOB, report BLOB)")
        self.pending: list[tuple[str, bytes, bytes | None]] = []  # (key, head, report)

    def key(self, file: str, reported: bool) -> str | None:
        """The key of ``file`` as it is now, or None when it cannot be read. The evidence files
        the verdict rests on are not in the key: the entry lists the lookups its rules made, and
        the engine asks them again before it reuses the entry (see ``files``)."""
        try:
            with open(file, "rb") as source:
                content = source.read()
        except OSError:
            return None
        digest = hashlib.sha256(self.space.encode())
        digest.update(f"\0{file}\0{reported}\0{len(content)}\0".encode())
        digest.update(content)
        return digest.hexdigest()

    def holding(self, keys: list[str]) -> set[str]:
        """Those of ``keys`` that have an entry."""
        return {key for key, found in zip(keys, self._column("key", keys)) if found}

    def entries(self, keys: list[str | None]):
        """(summaries, lookups, whether a report is kept) of each of ``keys`` in turn (None for a None
        key, or one not held or damaged), read a few hundred at a time."""
        yield from (None if head is None else _head(head) for head in self._column("head", keys))

    def reports(self, keys: list[str]) -> list[bytes | None]:
        """The pickled branch report of each of ``keys``, in order (None where it went away)."""
        return list(self._column("report", keys))

    def _column(self, column: str, keys: list[str | None]):
        for start in range(0, len(keys), 256):
            batch = keys[start : start + 256]
            wanted = [k for k in batch if k]
            found = (
                dict(
                    self.db.execute(
                        f"SELECT key, {column} FROM entry WHERE key IN ({','.join('?' * len(wanted))})", wanted
                    )
                )
                if wanted
                else {}
            )
            for key in batch:
                yield found.get(key) if key else None

    def put(self, key: str, verdict) -> None:
        """Keep ``verdict``: (the pickled report or None, summaries, lookups)."""
        report, summaries, lookups = verdict
        try:
            head = pickle.dumps((summaries, lookups, report is not None), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a plugin's summary that cannot be pickled: that file is simply not cached
            return
        self.pending.append((key, head, report))
        if len(self.pending) >= 500:
            self.flush()

    def flush(self) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?)", self.pending)
        self.pending.clear()

    def close(self) -> None:
        self.flush()
        self.db.close()
