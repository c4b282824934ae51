"""The single plugin manager: installed entry points first, then files named
explicitly (``--plugin PATH``). Nothing is ever loaded from the data being checked.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from importlib.metadata import entry_points
from pathlib import Path
from typing import Callable

import pluggy

from . import hookspecs
from .contract import Contract
from .model import Rule, Text

GROUP = "unioncheck"


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
