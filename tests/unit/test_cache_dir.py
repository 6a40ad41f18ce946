"""Where the parse cache lives follows the environment of the moment, though the
folder is worked out once for each value (every file read asks)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from weekplan.tomlfile import CACHE_VAR, cache_dir


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="platformdirs answers there")
def test_the_cache_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(CACHE_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "weekplan" / "parsed"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "weekplan" / "parsed"
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    assert cache_dir() == tmp_path / "elsewhere" / ".cache" / "weekplan" / "parsed"
    monkeypatch.setenv(CACHE_VAR, "~/kept")
    assert cache_dir() == tmp_path / "elsewhere" / "kept"
    monkeypatch.setenv(CACHE_VAR, " ")
    assert cache_dir() is None  # keep none
    monkeypatch.setenv(CACHE_VAR, str(tmp_path / "given"))
    assert cache_dir() == tmp_path / "given"
