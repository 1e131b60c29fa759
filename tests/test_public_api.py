"""habitnet uses Textual's and Rich's public API only (#12).

Every file under ``src/`` is parsed; a private name of Textual or Rich reached from our
code fails the test, with the file, line and name:

- importing a private module or name: ``from textual._context import …``,
  ``import rich._pick``, ``from textual.app import _Something``;
- an attribute of a Textual/Rich module by a private name: ``rich._pick``;
- an attribute by a private name that Textual or Rich defines and habitnet does not:
  ``screen._compositor``, ``app._css_update_count``, ``self._nodes`` in a ``Widget``
  subclass, ``getattr(widget, "_styles_cache")``.

Our own private names are fine (``self._cache``, ``app._quitting``). For ``self._x`` in
one of our classes the check knows the class: it fails when a Textual/Rich class in its
MRO defines ``_x`` (a method, a class attribute, or ``self._x = …`` in its source), even
if our class assigns it too (that is overriding Textual's internals). For any other
receiver (``screen._x``, ``app._x``) the type is unknown: ``_x`` fails when Textual or
Rich define it and habitnet does not define it anywhere (so a private Textual attribute
that shares its name with one of ours is not caught that way; a new one is).
``src/habitnet/widgets/_textual_compat.py`` is the one file allowed to reach Textual's
internals, with a version check and a fallback.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import rich
import textual

SRC = Path(__file__).resolve().parent.parent / "src"
ALLOWED = {SRC / "habitnet" / "widgets" / "_textual_compat.py"}
LIBRARIES = ("textual", "rich")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _on_self(node: ast.AST, *, store: bool = False) -> str | None:
    """The attribute name of ``self.x`` / ``cls.x`` (assigned, with ``store``); else None."""
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("self", "cls")
        and (not store or isinstance(node.ctx, ast.Store))
    ):
        return node.attr
    return None


def _module_name(path: Path, root: Path) -> str:
    """``habitnet.screens.base`` for ``root/habitnet/screens/base.py``."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _defined_names(tree: ast.AST) -> set[str]:
    """Names a module defines: functions, classes, assigned names, and attributes set
    on ``self`` / ``cls`` (not on other objects: ``screen._x = 1`` is no definition)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif (attr := _on_self(node, store=True)) is not None:
            names.add(attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def _sources(root: Path) -> Iterator[Path]:
    yield from sorted(root.rglob("*.py"))


@cache
def library_private_names() -> frozenset[str]:
    """Every private name Textual and Rich define (modules included)."""
    names: set[str] = set()
    for package in (textual, rich):
        root = Path(package.__file__).parent
        for path in _sources(root):
            names.update(p for p in path.relative_to(root).with_suffix("").parts)
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            names.update(_defined_names(tree))
    return frozenset(n for n in names if _private(n))


def _class_names(node: ast.ClassDef) -> set[str]:
    """Names a class defines: its body's functions, classes and assignments (not the
    local variables of its methods), and ``self.x = …`` / ``cls.x = …``."""
    names: set[str] = set()
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(item.name)
        elif isinstance(item, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    names.update(a for sub in ast.walk(node) if (a := _on_self(sub, store=True)) is not None)
    return names


@cache
def library_class_privates() -> dict[tuple[str, str], frozenset[str]]:
    """``(module, class name) -> private names the class defines``, for Textual and Rich."""
    out: dict[tuple[str, str], frozenset[str]] = {}
    for package in (textual, rich):
        root = Path(package.__file__).parent
        for path in _sources(root):
            module = _module_name(path, root.parent)
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef):
                    private = frozenset(n for n in _class_names(node) if _private(n))
                    out[(module, node.name)] = private
    return out


def inherited_privates(cls: type) -> frozenset[str] | None:
    """Private names ``cls`` gets from Textual/Rich classes; None without such a base."""
    table = library_class_privates()
    names: set[str] = set()
    found = False
    for base in cls.__mro__:
        if _is_library(base.__module__):
            found = True
            names |= table.get((base.__module__, base.__name__), frozenset())
    return frozenset(names) if found else None


@cache
def our_names() -> frozenset[str]:
    """Every name habitnet's own code defines (modules included)."""
    names: set[str] = set()
    for path in _sources(SRC):
        names.update(path.relative_to(SRC).with_suffix("").parts)
        names.update(_defined_names(ast.parse(path.read_text(encoding="utf-8"), str(path))))
    return frozenset(names)


def _is_library(module: str | None) -> bool:
    return module is not None and module.split(".")[0] in LIBRARIES


def _self_attributes(tree: ast.Module, module: str | None) -> dict[int, frozenset[str]]:
    """``id(Attribute node) -> the Textual/Rich privates of its class`` for each
    ``self.x`` / ``cls.x`` in a top-level class of ``module`` with a Textual/Rich base."""
    out: dict[int, frozenset[str]] = {}
    if module is None or not any(isinstance(node, ast.ClassDef) for node in tree.body):
        return out  # (nothing to look up: ``__main__`` is not imported)
    loaded = importlib.import_module(module)
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        cls = getattr(loaded, node.name, None)
        privates = inherited_privates(cls) if isinstance(cls, type) else None
        if privates is None:
            continue
        for sub in ast.walk(node):
            if _on_self(sub) is not None or (
                isinstance(sub, ast.Attribute) and _is_super(sub.value)
            ):
                out[id(sub)] = privates
        for item in node.body:  # our own definitions that replace Textual's
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name in privates:
                out[id(item)] = privates
    return out


def _is_super(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def private_uses(
    source: str, filename: str = "<src>", module: str | None = None
) -> list[tuple[int, str]]:
    """``(line, what)`` for each Textual/Rich private name ``source`` reaches (``module``:
    its import name, to know its classes' bases)."""
    tree = ast.parse(source, filename)
    in_class = _self_attributes(tree, module)
    theirs = library_private_names()
    ours = our_names() | _defined_names(tree)
    library_modules: set[str] = set()  # local names bound to Textual/Rich modules
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_library(alias.name):
                    if any(_private(part) for part in alias.name.split(".")):
                        found.append((node.lineno, f"import {alias.name}"))
                    library_modules.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and _is_library(node.module):
            module = node.module or ""
            if any(_private(part) for part in module.split(".")):
                found.append((node.lineno, f"from {module} import …"))
            for alias in node.names:
                if _private(alias.name):
                    found.append((node.lineno, f"from {module} import {alias.name}"))
    for node in ast.walk(tree):
        attr: str | None = None
        receiver: ast.expr | None = None
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and id(node) in in_class:
            found.append((node.lineno, f"def {node.name} (overrides Textual's)"))
            continue
        if isinstance(node, ast.Attribute):
            attr, receiver = node.attr, node.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            attr, receiver = node.args[1].value, node.args[0]
        if attr is None or not _private(attr):
            continue
        root = receiver
        while isinstance(root, ast.Attribute):
            root = root.value
        on_module = isinstance(root, ast.Name) and root.id in library_modules
        if id(node) in in_class:  # self._x in a class with a Textual/Rich base
            if attr in in_class[id(node)]:
                found.append((node.lineno, f".{attr}"))
        elif receiver is not None and _is_super(receiver):  # a mixin calling up
            if attr in theirs:
                found.append((node.lineno, f".{attr}"))
        elif on_module or (attr in theirs and attr not in ours):
            found.append((node.lineno, f".{attr}"))
    return sorted(set(found))


def offenders() -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = {}
    for path in _sources(SRC):
        if path in ALLOWED:
            continue
        module = _module_name(path, SRC)
        uses = private_uses(path.read_text(encoding="utf-8"), str(path), module)
        if uses:
            out[str(path.relative_to(SRC))] = uses
    return out


def test_src_reaches_no_private_name_of_textual_or_rich() -> None:
    found = offenders()
    report = "\n".join(
        f"{name}:{line}: {what}" for name, uses in found.items() for line, what in uses
    )
    assert not found, "Textual/Rich private names used outside _textual_compat.py:\n" + report


def test_the_check_finds_what_it_should_and_only_that() -> None:
    source = """
import rich._pick
from textual._context import active_app
from textual.app import _Something
import textual.css.stylesheet as ss

class Mine:
    def __init__(self):
        self._cache = {}

    def go(self, screen, app):
        self._cache.clear()                      # ours: fine
        app._quitting_now = True                 # ours (defined here): fine
        screen._compositor.render_update()       # Textual's
        getattr(app, "_css_update_count", None)  # Textual's, through getattr
        ss._not_even_real                        # on a Textual module
        self._nodes                              # Textual's (Widget._nodes)

class Mixin:
    def _set_dirty(self, *regions):
        super()._set_dirty(*regions)             # a mixin calling Textual's up
"""
    found = [what for _line, what in private_uses(source)]
    assert found == [
        "import rich._pick",
        "from textual._context import …",
        "from textual.app import _Something",
        "._compositor",
        "._css_update_count",
        "._not_even_real",
        "._nodes",
        "._set_dirty",
    ]


def test_a_textual_subclass_may_not_use_or_override_textuals_private_attributes() -> None:
    """In a class with a Textual base, ``self._x`` is Textual's when a class in its MRO
    defines ``_x``, even if ours assigns it; our own new names are fine."""
    from habitnet.widgets.keybar import KeyBar

    privates = inherited_privates(KeyBar)
    assert privates is not None
    assert {"_nodes", "_styles_cache", "_component_styles"} <= privates
    assert "_spans" not in privates and "_source" not in privates  # KeyBar's own
    assert inherited_privates(int) is None
