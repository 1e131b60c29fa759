"""The installed wheel must carry the themes, the stylesheets and the console script."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import habitnet

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (whl,) = out.glob("habitnet-*.whl")
    return whl


def test_wheel_contains_every_theme(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    themes = sorted(p.name for p in (ROOT / "themes").glob("*.toml"))
    assert len(themes) >= 3, "dark, light and high-contrast at least"
    for t in themes:
        assert f"habitnet/themes/{t}" in names


def test_wheel_contains_every_stylesheet_and_module(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    src = ROOT / "src"
    for p in list(src.rglob("*.tcss")) + list(src.rglob("*.py")):
        assert p.relative_to(src).as_posix() in names


def test_wheel_declares_console_script_and_version(wheel: Path) -> None:
    z = zipfile.ZipFile(wheel)
    (ep,) = [n for n in z.namelist() if n.endswith("entry_points.txt")]
    text = z.read(ep).decode()
    assert "habitnet = habitnet.entry:entry" in text
    (meta,) = [n for n in z.namelist() if n.endswith("/METADATA")]
    assert f"Version: {habitnet.__version__}" in z.read(meta).decode()
