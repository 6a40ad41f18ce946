"""The folders weekplan keeps on this machine only, outside the data directory and
never synced: the cache (parsed files, an index; anything in it can be made again) and
the state (what `weekplan remind` has shown).

Each is named by a variable of its own (WEEKPLAN_CACHE_DIR, WEEKPLAN_STATE_DIR), which
may start with `~`; set but empty (or blanks), it keeps none.  Unset, it is the
platform's folder: on Linux and the BSDs $XDG_CACHE_HOME/weekplan (~/.cache/weekplan)
and $XDG_STATE_HOME/weekplan (~/.local/state/weekplan), worked out here without
importing platformdirs, which every start would otherwise pay for.

Plain Python, no Textual.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

CACHE_VAR = "WEEKPLAN_CACHE_DIR"
STATE_VAR = "WEEKPLAN_STATE_DIR"
# The variable's folder: the XDG variable, its default, and what platformdirs calls it.
_PLATFORM = {
    CACHE_VAR: ("XDG_CACHE_HOME", "~/.cache", "user_cache_dir"),
    STATE_VAR: ("XDG_STATE_HOME", "~/.local/state", "user_state_dir"),
}


def machine_folder(var: str, within: str = "") -> Path | None:
    """The folder `var` (CACHE_VAR or STATE_VAR) names, else the platform's weekplan
    folder and in it `within`; None when `var` is set but empty (keep none);
    NoHomeError (an OSError) for a `~name` of no user."""
    # Looked up on every call (a caller may change the environment), made into a path
    # once for each value: every data file read asks for the cache.
    environ = os.environ
    return _folder_for(var, within, environ.get(var), environ.get(_PLATFORM[var][0], ""), environ.get("HOME"))


@cache
def _folder_for(var: str, within: str, given: str | None, xdg_home: str, _home: str | None) -> Path | None:
    # `_home` only keys the cache: "~" expands to "/" with HOME empty, and to the
    # account's home without HOME.
    if given is not None:
        if not given.strip():
            return None
        from weekplan.home_paths import expand_home

        return expand_home(given)
    _, default, platform_name = _PLATFORM[var]
    if sys.platform in ("darwin", "win32"):
        import platformdirs

        return Path(getattr(platformdirs, platform_name)("weekplan")) / within
    return Path(xdg_home.strip() or os.path.expanduser(default)) / "weekplan" / within
