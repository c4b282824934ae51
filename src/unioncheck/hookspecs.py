"""The plugin contract. A plugin is a module or object with functions marked
``@hookimpl``, found through the ``unioncheck`` entry-point group or named
with ``--plugin PATH``."""

import pluggy

hookspec = pluggy.HookspecMarker("unioncheck")
hookimpl = pluggy.HookimplMarker("unioncheck")


@hookspec
def unioncheck_rules(register):
    """Register rules: call ``register(rule)`` with each ``unioncheck.model.Rule``."""


@hookspec
def unioncheck_profiles(register):
    """Register policy profiles: call ``register(name, path)`` for each profile YAML file."""


@hookspec
def unioncheck_contract(register):
    """Register the data contract: call ``register(contract)`` with a ``unioncheck.Contract``. Exactly one
    plugin does (the builtin one); the engine validates files against it and names branches by it."""


@hookspec
def unioncheck_families(register):
    """Name rule families: call ``register(code, name)`` with each family's code and its ``Text`` name."""
