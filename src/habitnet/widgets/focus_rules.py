"""Whether a stylesheet makes a widget's look depend on its focus.

Textual restyles a widget (and its component classes) on every focus change. A widget
whose rules never name ``:focus``, ``:blur`` or ``:focus-within`` looks the same either
way, so its restyle can be skipped (VirtualTable) or narrowed (SearchBox).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FOCUS_PSEUDO = frozenset({"focus", "blur", "focus-within"})


def depends_on_focus(rules_map: Mapping[str, Sequence[Any]], names: Iterable[str]) -> bool:
    """True when a rule of ``rules_map`` (the stylesheet's, by selector name) for one of
    ``names`` has a focus pseudo-class."""
    return any(
        not rule.pseudo_classes.isdisjoint(FOCUS_PSEUDO)
        for name in rules_map.keys() & set(names)
        for rule in rules_map[name]
    )
