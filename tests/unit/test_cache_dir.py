"""Where the parse cache lives follows the environment of the moment, though the
folder is worked out once for each value (every file read asks)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from weekplan.parse_cache import CACHE_VAR, cache_dir, keep_cached


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


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="platformdirs answers there")
def test_an_empty_home_and_no_home_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    # "~" is "/" with HOME empty and the account's home (from the password database)
    # without HOME: the folder worked out for one must not be taken for the other.
    monkeypatch.delenv(CACHE_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", "")
    empty = Path(os.path.expanduser("~/.cache")) / "weekplan" / "parsed"
    assert cache_dir() == empty
    monkeypatch.delenv("HOME")
    unset = Path(os.path.expanduser("~/.cache")) / "weekplan" / "parsed"
    if unset == empty:
        pytest.skip("this account's home is /: the two expand alike")
    assert cache_dir() == unset
    monkeypatch.setenv("HOME", "")
    assert cache_dir() == empty


def test_the_first_entry_makes_the_cache_folder_private_and_later_ones_use_it(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "parsed"
    assert keep_cached(folder / "a.pickle", b"first")
    assert os.stat(folder).st_mode & 0o777 == 0o700
    assert keep_cached(folder / "b.pickle", b"second")
    assert (folder / "a.pickle").read_bytes() == b"first"
    assert (folder / "b.pickle").read_bytes() == b"second"
    assert sorted(p.name for p in folder.iterdir()) == ["a.pickle", "b.pickle"]  # no temporary file left


def test_a_file_where_the_cache_folder_should_be_means_no_entry(tmp_path: Path) -> None:
    (tmp_path / "parsed").write_text("not a folder")
    assert not keep_cached(tmp_path / "parsed" / "a.pickle", b"entry")
    assert (tmp_path / "parsed").read_text() == "not a folder"
