"""Where the data lives: --data-dir, else HABITNET_HOME, else the platform's data folder."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from habitnet.store import config_dir, default_demo_dir, resolve_data_dir


def test_cli_flag_wins_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HABITNET_HOME", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert resolve_data_dir(str(tmp_path / "flag")) == tmp_path / "flag"


def test_environment_wins_over_the_platform_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HABITNET_HOME", str(tmp_path / "env"))
    assert resolve_data_dir() == tmp_path / "env"
    assert resolve_data_dir(None) == tmp_path / "env"
    assert resolve_data_dir("") == tmp_path / "env"  # an empty flag is no flag


def test_platform_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HABITNET_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    expected = Path(platformdirs.user_data_dir("habitnet", appauthor=False))
    assert resolve_data_dir() == expected
    if sys.platform.startswith("linux"):
        assert expected == tmp_path / "xdg" / "habitnet"
    monkeypatch.setenv("HABITNET_HOME", "")
    assert resolve_data_dir() == expected  # an empty variable is no variable
    assert default_demo_dir() == expected / "demo"


def test_home_is_expanded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("HABITNET_HOME", "~/nets")
    assert resolve_data_dir() == tmp_path / "nets"
    assert resolve_data_dir("~/flag") == tmp_path / "flag"


def test_config_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HABITNET_CONFIG", str(tmp_path / "cfg"))
    assert config_dir() == tmp_path / "cfg"
    monkeypatch.delenv("HABITNET_CONFIG")
    assert config_dir() == Path(platformdirs.user_config_dir("habitnet", appauthor=False))
