"""What a rule rests on, as a report cites it: ``basis_text``.

(Round one: the rule's own ``basis`` text. The profile's regulations table, with
each text's kind and jurisdiction, national basis first and benchmarks marked,
replaces it.)
"""

from __future__ import annotations


def basis_text(rule, profile, lang: str) -> str:
    """The basis of ``rule`` under ``profile`` as a report's 依据 column shows it."""
    return rule.basis
