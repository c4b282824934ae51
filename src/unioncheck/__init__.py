"""unioncheck: a plugin-based rules and compliance checker for branch unions (基层工会).

The engine (this package) knows nothing of unions: rules come from plugins,
parameters from profiles. See ``hookspecs`` for the plugin contract.
"""

from .hookspecs import hookimpl
from .model import Param, Result, Rule, RuleDoc, Status, Text

__all__ = ["hookimpl", "Param", "Result", "Rule", "RuleDoc", "Status", "Text"]
