"""The planner's search: `/` opens the search dialog over every week, `n` and `N` go
to the next and previous match from the cursor.

A mixin of PlannerApp; the search itself is weekplan.search (plain Python).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from weekplan.store import Store

from .together.actions import PRIVATE_SEARCH

if TYPE_CHECKING:
    from .kept_dialogs import KeptDialogs
    from .week_grid import WeekGrid


class SearchActions:
    """Mixed into PlannerApp."""

    store: Store
    today: date
    last_query: str
    kept_dialogs: KeptDialogs

    if TYPE_CHECKING:  # provided by PlannerApp, its other mixins and App

        @property
        def grid(self) -> WeekGrid: ...
        def go_to(self, day: date, minute: int | None = None) -> None: ...
        def focus_grid(self) -> None: ...
        def _screen_class(self, module: str, name: str) -> Any: ...
        def refuse_while_private(self, message: str = ...) -> bool: ...
        def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...

    def action_search(self) -> None:
        if self.refuse_while_private(PRIVATE_SEARCH):
            return
        dialog = self.search_dialog()
        if dialog is not None:
            self.push_screen(dialog, self._found)

    def search_dialog(self) -> Any:
        """The search dialog as `/` opens it now, or None where this version has none."""
        cls = self._screen_class("search_screen", "SearchScreen")
        if cls is None:
            return None

        def build() -> Any:
            return cls(self.store, self.last_query, today=self.today)

        def reopen(kept: Any) -> bool:
            if kept.store is not self.store:
                return False
            kept.start_afresh(self.last_query, self.today)
            return True

        # Made once and kept (see weekplan.app.kept_dialogs): opening it again shows it at
        # once instead of building the dialog anew; it starts afresh each time it is shown.
        return self.kept_dialogs.get("search", cls, build, reopen)

    def _found(self, result: Any) -> None:
        if result is None:
            return
        self.last_query = result.query
        self._jump(result.match)

    def _jump(self, match: Any) -> None:
        self.go_to(match.date, match.start)
        self.grid.select(match.kind, match.id)
        self.focus_grid()

    def _matches(self) -> list[Any]:
        from weekplan.search import search

        return search(self.store, self.last_query, today=self.today)

    def action_search_next(self, step: int = 1) -> None:
        if not self.last_query:
            self.notify("Search first: / finds things in every week", markup=False)
            return
        matches = self._matches()
        if not matches:
            self.notify(f"Nothing matches {self.last_query!r}", markup=False)
            return
        grid = self.grid
        selected = grid.selected
        here = (grid.cursor_date, -1 if grid.cursor_minute is None else grid.cursor_minute)
        index = next((i for i, m in enumerate(matches) if selected is not None and m.id == selected.id), None)
        if index is None:
            keys = [(m.date, -1 if m.start is None else m.start) for m in matches]
            if step > 0:
                index = next((i - 1 for i, k in enumerate(keys) if k > here), len(matches) - 1)
            else:
                index = next((i + 1 for i, k in reversed(list(enumerate(keys))) if k < here), 0)
        match = matches[(index + step) % len(matches)]
        self._jump(match)
        if not 0 <= index + step < len(matches) and len(matches) > 1:
            # Gone round: the cursor jumps the other way in time, which should not surprise.
            which = "first" if step > 0 else "last"
            self.notify(f"Gone round to the {which} of {len(matches)} matches", markup=False)

    def action_search_previous(self) -> None:
        self.action_search_next(-1)
