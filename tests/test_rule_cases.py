"""Every rule's pass and fail cases, from fixtures/rules/<CODE>.yaml.

A case starts from the reference branch file (fixtures/reference), changes it
(``set`` / ``delete`` / ``append`` by dotted path, or ``raw`` text), optionally
overrides the rule's parameters (``params``) or other rules' profile entries
(``rules``: a parameter another rule reads, such as CON004 reading CON001's),
adds ``others`` (more branches, for the rules that look at all of them) and
``links`` (symlinks), then runs that one rule and states the outcome: ``expect``
(the rule's worst status), and where it matters ``due``, ``message`` /
``message_zh`` (text the worst result must contain) and ``hidden`` (text no
message may contain).
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REFERENCE, REPO, builtin, check

from unioncheck import spool
from unioncheck.model import Status

CASES_DIR = REPO / "fixtures" / "rules"
OK = {"pass", "pending", "n/a"}
NOT_OK = {"warn", "fail", "error"}


def _cases():
    for file in sorted(CASES_DIR.glob("*.yaml")):
        spec = yaml.safe_load(file.read_text("utf-8"))
        for case in spec["cases"]:
            yield pytest.param(spec["rule"], case, id=f"{spec['rule']}-{case['name']}")


def _walk(data, dotted: str):
    *parents, last = [int(p) if p.isdigit() else p for p in dotted.split(".")]
    for p in parents:
        data = data[p]
    return data, last


def _patched(base: dict, change: dict) -> dict:
    data = copy.deepcopy(base)
    for dotted, value in (change.get("set") or {}).items():
        parent, key = _walk(data, dotted)
        parent[key] = value
    for dotted, value in (change.get("append") or {}).items():
        parent, key = _walk(data, dotted)
        parent.setdefault(key, []).append(value)
    for dotted in change.get("delete") or []:
        parent, key = _walk(data, dotted)
        del parent[key]
    return data


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.mark.parametrize("code,case", list(_cases()))
def test_rule_case(code, case, tmp_path, monkeypatch):
    base = yaml.safe_load(REFERENCE.read_text("utf-8"))
    for branch_dir in ("a", "b"):
        shutil.copytree(REFERENCE.parent / "evidence", tmp_path / branch_dir / "evidence")
    target = tmp_path / "a" / "branch.yaml"
    if "raw" in case:
        target.write_text(case["raw"], "utf-8")
    else:
        _write(target, _patched(base, case))
    for i, other in enumerate(case.get("others") or []):
        _write(tmp_path / "b" / f"other-{i}.yaml", _patched(base, other))
    for link, points_to in (case.get("links") or {}).items():
        (tmp_path / "a" / link).symlink_to(points_to)
    profile = "county-health-bureau"
    if case.get("params") or case.get("rules"):
        profile = tmp_path / "profile.yaml"
        entries = dict(case.get("rules") or {})  # other rules' profile entries (a parameter this rule reads)
        if case.get("params"):
            entries[code] = {**entries.get(code, {}), "params": case["params"]}
        _write(profile, {"extends": "county-health-bureau", "rules": entries})
    paths = [tmp_path / "a"] + ([tmp_path / "b"] if case.get("others") else [])
    report = check(paths, as_of=case.get("as_of", "2025-12-31"), year=case.get("year"), select=(code,), profile=profile)

    branch = next(b for b in report.branches if b.file == str(target))
    results = [r for r in branch.results if r.rule == code]
    if any(r.code == code and r.scope == "dataset" for r in builtin()[0]):
        # the summaries and findings of the rules over every branch wait in temporary files
        # past a county's size: the verdict must not change when they do
        monkeypatch.setattr(spool, "IN_MEMORY", 0)
        again = check(
            paths, as_of=case.get("as_of", "2025-12-31"), year=case.get("year"), select=(code,), profile=profile
        )
        assert again.branches[:] == report.branches[:]
    assert results, f"{code} did not run"
    worst = Status.worst(r.status for r in results)
    shown = "\n".join(f"{r.status.value}: {r.message.en}" for r in results)
    assert worst.value == case["expect"], shown
    at_worst = [r for r in results if r.status == worst]
    if "due" in case:
        assert min(r.due for r in at_worst if r.due).isoformat() == str(case["due"]), shown
    if "message" in case:
        assert any(case["message"] in r.message.en for r in at_worst), shown
    if "message_zh" in case:
        assert any(case["message_zh"] in r.message.zh for r in at_worst), "\n".join(r.message.zh for r in results)
    for secret in case.get("hidden") or []:
        for r in branch.results:
            assert secret not in r.message.zh and secret not in r.message.en


def test_every_rule_has_pass_and_fail_cases():
    rules, _ = builtin()
    outcomes: dict[str, set] = {r.code: set() for r in rules}
    for param in _cases():
        code, case = param.values
        outcomes[code].add(case["expect"])
    for code, seen in outcomes.items():
        assert seen & OK, f"{code} has no passing case in fixtures/rules/{code}.yaml"
        assert seen & NOT_OK, f"{code} has no failing case in fixtures/rules/{code}.yaml"
