"""The single plugin manager: installed entry points first, then files named
explicitly (``--plugin PATH``). Nothing is ever loaded from the data being checked.

Installed plugins are found by reading the ``entry_points.txt`` of each distribution on
``sys.path`` (``entry_points``), as ``importlib.metadata`` finds them, without importing it:
importing it (and the email package it parses metadata with) was a tenth of a single-file
check. Where the search path holds anything but plain directories, or an import hook of its
own can list distributions, ``importlib.metadata`` answers instead; tests/test_plugins.py
proves the two give the same entry points.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import re
import sys
from dataclasses import dataclass, replace
from functools import reduce
from importlib import import_module
from pathlib import Path
from typing import Callable

import pluggy

from . import hookspecs
from .contract import Contract
from .model import Rule, Text

GROUP = "unioncheck"


@dataclass(frozen=True)
class EntryPoint:
    """One ``name = module:attribute`` line of a distribution's ``entry_points.txt``."""

    name: str
    value: str

    def load(self):
        """The object the entry point names, as ``importlib.metadata.EntryPoint.load`` finds it."""
        module, _, attributes = self.value.partition(":")
        attributes = attributes.split("[", 1)[0].strip()  # extras (``[x]``) select nothing to load
        return reduce(getattr, filter(None, attributes.split(".")), import_module(module.strip()))


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group`` of every distribution on ``sys.path``, one distribution per
    name (the first found), in the order ``importlib.metadata.entry_points`` gives them."""
    if not _plain_search_path():
        return _metadata_entry_points(group)
    found, seen = [], set()
    for entry in sys.path:
        try:
            children = os.listdir(entry or ".")
        except OSError:  # a directory that is not there (python311.zip) or cannot be listed
            continue
        for child in children:
            if not child.lower().endswith((".dist-info", ".egg-info")):
                continue
            name = _normalized(child.rpartition(".")[0].partition("-")[0])
            if name not in seen:
                seen.add(name)
                found.extend(_read_entry_points(os.path.join(entry or ".", child, "entry_points.txt"), group))
    return found


def _plain_search_path() -> bool:
    """Whether every distribution is a ``*.dist-info`` / ``*.egg-info`` in a directory on
    ``sys.path``: no zip file or ``*.egg`` on it, no import hook that lists distributions."""
    if any(getattr(f, "find_distributions", None) and f is not importlib.machinery.PathFinder for f in sys.meta_path):
        return False
    return all(
        not entry.lower().endswith(".egg") and (os.path.isdir(entry or ".") or not os.path.exists(entry))
        for entry in sys.path
    )


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _read_entry_points(file: str, group: str) -> list[EntryPoint]:
    try:
        with open(file, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):  # none (most distributions), or not readable: as importlib.metadata
        return []
    found, section = [], None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == group:
            name, _, value = line.partition("=")
            found.append(EntryPoint(name.strip(), value.strip()))
    return found


def _metadata_entry_points(group: str) -> list[EntryPoint]:
    """The same, from ``importlib.metadata``: the reference, and the way for a search path this
    module does not read itself."""
    from importlib.metadata import entry_points as listed

    return [EntryPoint(ep.name, ep.value) for ep in listed(group=group)]


class PluginError(Exception):
    """A plugin could not be loaded, or registered something invalid."""


def plugin_manager(paths: tuple[str, ...] = (), announce: Callable[[str], None] | None = None) -> pluggy.PluginManager:
    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        if pm.has_plugin(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as err:  # any import-time failure of third-party code
            raise PluginError(
                f"插件 {ep.name}（{ep.value}）加载失败 / plugin '{ep.name}' ({ep.value}) failed to load: "
                f"{type(err).__name__}: {err}"
            ) from err
        pm.register(plugin, name=ep.name)
    for path in paths:
        plugin = _load_file(path)
        pm.register(plugin, name=f"file:{path}")
        if announce:
            announce(f"已加载插件文件 / loaded plugin file: {Path(path).resolve()}")
    return pm


def _load_file(path: str) -> object:
    file = Path(path)
    if not file.is_file():
        raise PluginError(f"插件文件不存在 / plugin file not found: {path}")
    name = f"unioncheck_plugin_{abs(hash(str(file.resolve())))}"
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise PluginError(f"无法作为 Python 模块加载 / cannot load as a Python module: {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as err:
        del sys.modules[name]
        raise PluginError(
            f"插件文件 {path} 加载失败 / plugin file '{path}' failed to load: {type(err).__name__}: {err}"
        ) from err
    return module


def _call_hook(impl, register) -> None:
    """Run one plugin's hook; its crash is a PluginError naming the plugin."""
    try:
        impl.function(register=register)
    except PluginError:
        raise
    except Exception as err:  # third-party code registering its rules or contract
        raise PluginError(
            f"插件 {impl.plugin_name} 注册时出错 / plugin '{impl.plugin_name}' failed while registering: "
            f"{type(err).__name__}: {err}"
        ) from err


def collect_rules(pm: pluggy.PluginManager) -> list[Rule]:
    """Every rule every plugin registers, each stamped with its plugin's name."""
    rules: dict[str, Rule] = {}
    for impl in pm.hook.unioncheck_rules.get_hookimpls():

        def register(rule: Rule, _plugin: str = impl.plugin_name) -> None:
            if not isinstance(rule, Rule):
                raise PluginError(
                    f"插件 {_plugin} 注册了不是 Rule 的对象 / "
                    f"plugin '{_plugin}' registered something that is not a Rule: {rule!r}"
                )
            if rule.code in rules:
                raise PluginError(
                    f"规则代码 {rule.code} 重复：{rules[rule.code].plugin} 和 {_plugin} / "
                    f"rule code {rule.code} registered twice: by '{rules[rule.code].plugin}' and '{_plugin}'"
                )
            rules[rule.code] = replace(rule, plugin=_plugin)

        _call_hook(impl, register)
    return list(rules.values())  # registration order: the builtins list families as users read them


def collect_profiles(pm: pluggy.PluginManager) -> dict[str, Path]:
    profiles: dict[str, Path] = {}

    def register(name: str, path) -> None:
        profiles[name] = Path(path)

    pm.hook.unioncheck_profiles(register=register)
    return profiles


def collect_contract(pm: pluggy.PluginManager) -> Contract:
    """The one data contract a plugin registers."""
    found: list[tuple[str, Contract]] = []
    for impl in pm.hook.unioncheck_contract.get_hookimpls():

        def register(contract: Contract, _plugin: str = impl.plugin_name) -> None:
            if not isinstance(contract, Contract):
                raise PluginError(
                    f"插件 {_plugin} 注册了不是 Contract 的对象 / "
                    f"plugin '{_plugin}' registered something that is not a Contract: {type(contract).__name__}"
                )
            found.append((_plugin, contract))

        _call_hook(impl, register)
    if not found:
        raise PluginError(
            "没有插件注册数据格式（Contract），无法检查文件 / "
            "no plugin registers a data contract: nothing to check files against"
        )
    if len(found) > 1:
        names = ", ".join(plugin for plugin, _ in found)
        raise PluginError(
            f"多个插件注册了数据格式：{names}，只能有一个 / "
            f"several plugins register a data contract ({names}); only one may"
        )
    return found[0][1]


def collect_families(pm: pluggy.PluginManager) -> dict[str, Text]:
    """The names plugins give their rule families (code -> Text), in the order they give them."""
    names: dict[str, Text] = {}
    for impl in pm.hook.unioncheck_families.get_hookimpls():
        impl.function(register=lambda code, name: names.setdefault(str(code), name))
    return names
