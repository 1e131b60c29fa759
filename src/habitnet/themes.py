"""Colour themes: TOML files naming a Textual ``Theme``'s colours.

Shipped themes live in ``themes/`` at the repository root (installed as
``habitnet/themes``); users may drop their own ``*.toml`` into
``config_dir() / "themes"``. This module reads and checks the files with the standard
library only; the app turns the returned dicts into ``textual.theme.Theme`` objects.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DEFAULT_THEME = "habitnet-dark"

#: ``themes/dark.toml`` as a dict, so start-up needs no TOML parsing before the first
#: frame (the files are read in the loading thread). A test keeps the two equal.
DEFAULT_THEME_SPEC: dict[str, Any] = {
    "name": DEFAULT_THEME,
    "primary": "#5FA8D3",
    "secondary": "#8E7CC3",
    "accent": "#F2C14E",
    "foreground": "#E4E7EB",
    "background": "#14181F",
    "surface": "#1C222B",
    "panel": "#252D38",
    "success": "#6CC57C",
    "warning": "#F2A541",
    "error": "#E5534B",
    "dark": True,
}

COLOUR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "success",
    "warning",
    "error",
)
_FLOAT_KEYS = ("luminosity_spread", "text_alpha")
_ALLOWED = {"name", "dark", "variables", *COLOUR_KEYS, *_FLOAT_KEYS}
# Patterns for re.match (compiled on first use, in the loading thread: the app imports
# this module before its first frame for DEFAULT_THEME_SPEC).
_NAME_RE = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$"
_HEX_RE = r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$"
_FUNC_RE = r"^(?:rgb|rgba|hsl|hsla)\([0-9.,%\s]+\)$"


class ThemeFileError(ValueError):
    """A theme file that cannot be used; ``str()`` names the file and the problem."""


class ThemeLoad:
    """What ``load_themes`` found (a plain class: a dataclass costs ~1 ms to import)."""

    def __init__(self) -> None:
        self.themes: list[dict[str, Any]] = []
        """Valid theme definitions (keyword arguments for ``textual.theme.Theme``)."""
        self.problems: list[str] = []
        """One human message per file that could not be used."""


def shipped_themes_dir() -> Path:
    """The themes shipped with habitnet (installed package data or the source checkout)."""
    try:
        from importlib.resources import files

        installed = Path(str(files("habitnet") / "themes"))
        if installed.is_dir():
            return installed
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - odd installs
        pass
    return Path(__file__).resolve().parents[2] / "themes"


def user_themes_dir() -> Path:
    from .store.paths import config_dir

    return config_dir() / "themes"


def _is_colour(value: str) -> bool:
    v = value.strip()
    if re.match(_HEX_RE, v) or re.match(_FUNC_RE, v):
        return True
    return bool(re.fullmatch(r"[a-z_]{3,30}", v))  # named colours; the app re-checks them


def parse_theme(text: str, source: str) -> dict[str, Any]:
    """Parse one theme file's text. Raises ThemeFileError with a readable message."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ThemeFileError(f"{source}: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - _ALLOWED)
    if unknown:
        raise ThemeFileError(f"{source}: unknown key(s) {', '.join(unknown)}")
    name = data.get("name")
    if not isinstance(name, str) or not re.match(_NAME_RE, name):
        raise ThemeFileError(
            f"{source}: 'name' must be a short name of letters, digits, '-', '_' or '.'"
        )
    if "primary" not in data:
        raise ThemeFileError(f"{source}: 'primary' colour is required")
    out: dict[str, Any] = {"name": name}
    for key in COLOUR_KEYS:
        if key in data:
            value = data[key]
            if not isinstance(value, str) or not _is_colour(value):
                raise ThemeFileError(f"{source}: {key} = {value!r} is not a colour like #1A2B3C")
            out[key] = value.strip()
    if "dark" in data:
        if not isinstance(data["dark"], bool):
            raise ThemeFileError(f"{source}: 'dark' must be true or false")
        out["dark"] = data["dark"]
    for key in _FLOAT_KEYS:
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ThemeFileError(f"{source}: {key} must be a number")
            if not 0.0 <= float(value) <= 1.0:
                raise ThemeFileError(f"{source}: {key} = {value} is outside 0–1")
            out[key] = float(value)
    if "variables" in data:
        variables = data["variables"]
        if not isinstance(variables, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in variables.items()
        ):
            raise ThemeFileError(f"{source}: [variables] must map names to strings")
        out["variables"] = dict(variables)
    return out


def load_dir(folder: Path, result: ThemeLoad) -> None:
    """Read every ``*.toml`` in ``folder`` (sorted); later names replace earlier ones."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.toml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            result.problems.append(f"Theme file {path} cannot be read: {exc}")
            continue
        try:
            theme = parse_theme(text, f"Theme file {path}")
        except ThemeFileError as exc:
            result.problems.append(str(exc))
            continue
        result.themes = [t for t in result.themes if t["name"] != theme["name"]]
        result.themes.append(theme)


def load_themes(user_dir: Path | None = None, *, include_user: bool = True) -> ThemeLoad:
    """Shipped themes first, then the user's (which may replace a shipped one by name)."""
    result = ThemeLoad()
    load_dir(shipped_themes_dir(), result)
    if include_user:
        try:
            folder = user_dir if user_dir is not None else user_themes_dir()
        except Exception as exc:  # platformdirs failure: still start with shipped themes
            result.problems.append(f"User themes folder unavailable: {exc}")
        else:
            load_dir(folder, result)
    return result
