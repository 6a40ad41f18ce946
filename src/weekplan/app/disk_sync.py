"""The planner and the files on disk: reloading what another program changed (a
`weekplan sync` or `git pull` in another terminal, an editor, a second planner), and
syncing with git from the planner itself.

A mixin of PlannerApp.  Changes are found by a timer that compares each file the
store has read with its size, modification time and inode (one stat a file, no
reading; bench/reload_poll.py measures it).  A changed file is forgotten and the view
rebuilt, with the cursor where it was; a form open on top keeps what was typed, and
its edit is merged into the new version when saved (rebased_history.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

if TYPE_CHECKING:
    from weekplan.store import Store
    from weekplan.sync import SyncResult

    from .week_grid import WeekGrid

# A file saved again and again by another planner is named once in this many seconds.
RELOAD_NOTE_SECONDS = 10.0
NAMES_IN_A_NOTE = 3
CONFLICTS_HELP = (
    "Both versions are kept: an item shows twice, the other machine's marked “(other machine)”. "
    "Delete the one you do not want (x), then sync again."
)


def _names(paths: Iterable[Path]) -> str:
    names = sorted({path.name for path in paths})
    shown = ", ".join(names[:NAMES_IN_A_NOTE])
    more = len(names) - NAMES_IN_A_NOTE
    return f"{shown} and {more} more" if more > 0 else shown


class DiskSync:
    """Mixed into PlannerApp, before App."""

    # How often the files are checked; tests set a short one.
    DISK_POLL_SECONDS = 1.0

    store: Store
    data_version: int
    problems: list[Any]

    if TYPE_CHECKING:

        @property
        def grid(self) -> WeekGrid: ...
        def refresh_view(self) -> None: ...
        def refresh_calendars(self) -> None: ...
        def use_config(self, config: Any) -> None: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def set_interval(self, interval: float, callback: Any) -> Any: ...
        def call_from_thread(self, callback: Any, *args: Any) -> Any: ...
        def earlier_files_changed(self) -> list[Path]: ...

    _sync_running = False
    _last_reload_note = -RELOAD_NOTE_SECONDS

    def watch_disk(self) -> None:
        """Start checking the files the planner has read."""
        self.set_interval(self.DISK_POLL_SECONDS, self.check_disk)

    def check_disk(self) -> list[Path]:
        """Reload the files changed on disk since they were read; returns them."""
        changed = [*self.store.changed_files(), *self.earlier_files_changed()]
        if changed:
            self.reload_files(changed)
        return changed

    def reload_files(self, paths: list[Path], *, quiet: bool = False) -> None:
        """Read these files again and show them, the cursor (and the entry under it)
        kept where they were."""
        store = self.store
        store.forget(paths)
        grid = self.grid
        selected = grid.selected
        known_problems = {str(problem) for problem in self.problems}
        self.data_version += 1
        settings_changed = store.config_path in paths and not store.config_errors
        if settings_changed:
            self.use_config(store.config)  # refreshes the view too
        else:
            # config.toml that cannot be read now: the settings in use stay, the banner says why.
            self.refresh_view()  # keeps the cursor's day and time
        if selected is not None:
            self._select_in_cell(type(selected), selected.id)
        broken = [p for p in self.problems if str(p) not in known_problems]
        if broken:
            self.notify(
                f"{_names(p.path for p in broken)} changed on disk and cannot be read; it is not written "
                "until it is fixed (the banner says where)",
                title="Reloaded",
                severity="warning",
                markup=False,
                timeout=8,
            )
        elif settings_changed and not quiet:
            self.notify("Settings reloaded from config.toml (changed on disk)", markup=False, timeout=4)
        elif not quiet and time.monotonic() - self._last_reload_note >= RELOAD_NOTE_SECONDS:
            self._last_reload_note = time.monotonic()
            self.notify(f"Reloaded {_names(paths)} (changed on disk)", markup=False, timeout=3)

    def _select_in_cell(self, kind: type, item_id: str) -> None:
        """Overlapping entries share a cell; a new one there must not take the cursor
        away from the entry it was on."""
        grid = self.grid
        lane = grid.lane
        for candidate in count():
            grid.move_cursor(lane=candidate)
            now = grid.selected
            if now is None or grid.lane != candidate:
                break
            if isinstance(now, kind) and now.id == item_id:
                return
        grid.move_cursor(lane=lane)

    # -- syncing with git ----------------------------------------------------------------

    def action_sync(self) -> None:
        if self._sync_running:
            self.notify("A sync is already running; its outcome shows here when it is done", markup=False)
            return
        self._sync_running = True
        self.notify("Syncing with git…", markup=False, timeout=3)
        self._sync_in_background(self.store.root)

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _sync_in_background(self, root: Path) -> None:
        # In a thread: git runs for seconds; the screen stays live, and the store's lock
        # on the data directory keeps saves made meanwhile apart from git's changes.
        from weekplan.partner_sync import sync_all
        from weekplan.sync import SyncError
        from weekplan.sync_git import one_sync_at_a_time

        try:
            with one_sync_at_a_time(root):
                result = sync_all(root)
        except SyncError as exc:
            self.call_from_thread(self._synced, None, str(exc))
        except Exception as exc:  # any failure is a message, never a crashed planner
            self.call_from_thread(self._synced, None, f"sync failed: {exc}")
        else:
            self.call_from_thread(self._synced, result, None)

    def _synced(self, result: SyncResult | None, error: str | None) -> None:
        self._sync_running = False
        if result is None:
            self.notify(error or "sync failed", title="Not synced", severity="error", markup=False, timeout=12)
            self.check_disk()
            return
        self.refresh_calendars()  # a sync brings the subscribed calendars up to date too
        changed = sorted({*result.changed_paths, *self.store.changed_files()})
        if changed:
            self.reload_files(changed, quiet=True)
        message = result.summary
        severity = "information"
        if result.conflicts or (result.together is not None and result.together.conflicts):
            message = f"{message}\n{CONFLICTS_HELP}"
            severity = "warning"
        if not result.ok:
            severity = "error"
        timeout = 6 if severity == "information" else 20
        title = "Synced" if result.ok else "Synced; some files need fixing"
        self.notify(message, title=title, severity=severity, markup=False, timeout=timeout)
