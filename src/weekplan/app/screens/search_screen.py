"""Search every week, as you type, without freezing the screen."""

from __future__ import annotations

import time
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from weekplan import clock
from weekplan.app import keymap
from weekplan.display_text import one_line
from weekplan.search import DATE, Match, SearchResult, search
from weekplan.store import Store
from weekplan.weeks import format_time

SHOWN_AT_MOST = 200  # enough to scroll through; the count says how many more there are


def match_line(match: Match) -> Content:
    """One result: date, time, kind, then the title exactly as typed."""
    if match.start is None:
        when = "all day"
    elif match.end is None:
        when = format_time(match.start)
    else:
        when = f"{format_time(match.start)}–{format_time(match.end)}"
    kind = "♥ date" if match.kind == DATE else match.category or "activity"
    return Content.assemble(
        (f"{match.date:%a %d %b %Y}", "bold"),
        "  ",
        f"{when:<11}",
        "  ",
        (f"{kind[:10]:<10}", "dim"),
        "  ",
        one_line(match.title),
    )


class SearchScreen(ModalScreen[SearchResult | None]):
    """Returns the chosen match with the query that found it, or None."""

    BINDINGS = keymap.SEARCH

    def __init__(self, store: Store, query: str = "", *, today: date | None = None) -> None:
        super().__init__()
        self.store = store
        self.query_text = query
        self.today = today or clock.today()
        self.matches: list[Match] = []
        self._shown_query = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Search all weeks"
            yield Input(
                self.query_text,
                placeholder="words in titles, notes, places, categories",
                id="search-input",
                compact=True,
            )
            yield Static("", id="search-status")
            yield OptionList(id="search-results", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        if self.query_text.strip():
            self._start(self.query_text)

    # -- searching -------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self._start(event.value)

    def _start(self, query: str) -> None:
        if not query.strip():
            self.run_search(query)  # still ends any search under way
            return
        self.query_one("#search-status", Static).update("Searching…")
        self.run_search(query)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        worker = get_current_worker()

        def should_stop() -> bool:
            # Called between week files: give the screen the interpreter for a moment,
            # so that keys typed while years of files are read still answer at once.
            time.sleep(0)
            return worker.is_cancelled

        matches = search(self.store, query, should_stop=should_stop)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, matches)

    def _show(self, query: str, matches: list[Match]) -> None:
        if not self.is_attached or query != self.query_one("#search-input", Input).value:
            return  # a newer search is on its way
        self.matches = matches
        self._shown_query = query
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options(Option(match_line(m)) for m in matches[:SHOWN_AT_MOST])
        if matches:
            # Listed by date, but the cursor starts at the first match from today on:
            # that is usually the one a person is looking for.
            upcoming = next((i for i, m in enumerate(matches[:SHOWN_AT_MOST]) if m.date >= self.today), 0)
            results.highlighted = upcoming
        status = self.query_one("#search-status", Static)
        if not query.strip():
            status.update("")
        elif not matches:
            status.update(Content(f"Nothing found for {query.strip()!r}"))
        elif len(matches) > SHOWN_AT_MOST:
            status.update(f"{len(matches)} found; the first {SHOWN_AT_MOST} are listed, more words narrow it down")
        else:
            status.update(f"{len(matches)} found" if len(matches) != 1 else "1 found")

    # -- choosing --------------------------------------------------------------------

    def _pick(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.matches):
            self.app.bell()
            return
        self.dismiss(SearchResult(self._shown_query, self.matches[index]))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value != self._shown_query:
            self.app.bell()  # the list is not for this text yet
            return
        self._pick(self.query_one("#search-results", OptionList).highlighted)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option_index)

    def action_to_results(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if self.focused is not results and results.option_count:
            results.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
