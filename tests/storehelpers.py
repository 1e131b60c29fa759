"""Helpers for the store's tests: edits of a data file's JSON document by path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Change = Callable[[dict[str, Any]], None]


def _parent(doc: dict[str, Any], path: str) -> tuple[Any, str | int]:
    *parents, last = path.split(".")
    node: Any = doc
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    return node, int(last) if last.isdigit() else last


def set_at(path: str, value: Any) -> Change:
    """An edit setting ``path`` (``"contacts.0.name"``) to ``value``."""

    def change(doc: dict[str, Any]) -> None:
        node, key = _parent(doc, path)
        node[key] = value

    return change


def delete_at(path: str) -> Change:
    """An edit removing ``path``."""

    def change(doc: dict[str, Any]) -> None:
        node, key = _parent(doc, path)
        del node[key]

    return change
