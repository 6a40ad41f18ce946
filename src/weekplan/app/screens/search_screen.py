"""Search every week, as you type, without freezing the screen."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content, Span
from textual.geometry import Size
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from weekplan import clock
from weekplan.app import keymap
from weekplan.display_text import one_line
from weekplan.search import DATE, Found, Match, SearchResult, find, index_of
from weekplan.store import Store
from weekplan.weeks import format_time

from ..kept_dialogs import RestyledWhenNeeded
from ..key_bar import KeyBar
from ..row_list import Row, RowList

SHOWN_AT_MOST = 200  # the nearest today, enough to scroll through; the count says how many more there are
KEEP_LINES = 2 * SHOWN_AT_MOST  # at most, the lines of matches made kept while the dialog is open
SEARCHING_AFTER = 0.3  # seconds: an answer quicker than that replaces the last one at once


def match_line(match: Match) -> Content:
    """One result: date, time, kind, then the title exactly as typed."""
    if match.start is None:
        when = "all day"
    elif match.end is None:
        when = format_time(match.start)
    else:
        when = f"{format_time(match.start)}–{format_time(match.end)}"
    kind = "♥ date" if match.kind == DATE else one_line(match.category) or "activity"
    # Text and spans made directly: Content.assemble took five times as long, and a
    # letter that lists other matches makes up to two hundred of these.
    day = f"{match.date:%a %d %b %Y}"
    when = f"{when:<11}"
    kind = f"{kind[:10]:<10}"
    kind_at = len(day) + 2 + len(when) + 2
    text = f"{day}  {when}  {kind}  {one_line(match.title)}"
    # Every part is ours or went through one_line, which leaves no control character:
    # Content's own pass over the text to remove them was half of a line's time.
    spans = [Span(0, len(day), "bold"), Span(kind_at, kind_at + len(kind), "dim")]
    return Content(text, spans, strip_control_codes=False)


def status_line(query: str, found: Found) -> Content:
    """How many were found for what text (typing fast, the list may still be the one of
    a letter before)."""
    words = query.strip()
    if not words:
        return Content("")
    if not found.count:
        return Content(f"Nothing found for {words!r}")
    if found.count > len(found.matches):
        listed = f"the {len(found.matches)} nearest today are listed, more words narrow it down"
        return Content(f"{found.count} found for {words!r}; {listed}")
    return Content(f"{found.count} found for {words!r}")


def problems_line(found: Found) -> Content:
    """A file that could not be searched (a search over it would quietly find less)."""
    if not found.problems:
        return Content("")
    more = f" (and {len(found.problems) - 1} more)" if len(found.problems) > 1 else ""
    return Content(f"not searched: {found.problems[0]}{more}")


class SearchField(Input):
    """Textual's Input, with two differences that keep a letter to one frame.

    Its text growing or shrinking does not relayout the dialog: the field's width is set
    by the dialog, and its virtual size (how far its text scrolls) is all that changes.
    With a layout per letter, that was most of a letter's time.

    And the dialog hears of each edit as the field takes it (`edited`), not from the
    Changed message, which comes after the screen has painted the letter: the answer
    then waited for the next frame, Textual's frame rate being capped, and that wait
    was most of the slowest letters' time.  Text set with `set_quietly` is not an edit.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, value: str, *, edited: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(value, **kwargs)
        self._edited = edited
        self._quiet = False

    def watch_value(self, value: str) -> None:
        if self.is_mounted and not self._quiet:
            self._edited(value)

    def set_quietly(self, value: str) -> None:
        """Show this text without it counting as an edit (nor posting Changed)."""
        self._quiet = True
        try:
            with self.prevent(Input.Changed):
                self.value = value
        finally:
            self._quiet = False


class SearchScreen(RestyledWhenNeeded, ModalScreen[SearchResult | None]):
    """Returns the chosen match with the query that found it, or None."""

    BINDINGS = keymap.SEARCH

    def __init__(self, store: Store, query: str = "", *, today: date | None = None) -> None:
        super().__init__()
        self.store = store
        self.query_text = query
        self.today = today or clock.today()
        self.matches: list[Match] = []
        self._shown_query = ""
        # Every file is checked against the index once, as the dialog opens; between
        # letters only the folders are (see SearchIndex.refresh).
        self._files_checked = False
        self._searching: Timer | None = None
        self._problems = ""  # what #search-problems says
        self._lines: dict[Match, Content] = {}
        self._afresh = False  # start_afresh was called: on_screen_resume starts again

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Search all weeks"
            yield SearchField(
                self.query_text,
                edited=self._start,
                placeholder="words in titles, notes, places, categories",
                id="search-input",
                compact=True,
            )
            yield Static("", id="search-status")
            yield Static("", id="search-problems")
            # A RowList, not an OptionList: it measures and paints only the lines on the
            # screen, where an OptionList renders every option again on every letter.
            yield RowList(id="search-results")
        yield KeyBar()  # one painted line, not Footer's widget per key rebuilt on each showing

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        if self not in self.app.screen_stack:
            # Built ahead, off screen (weekplan.app.warm_up): the files are checked
            # against the index (which loads it) once the dialog is first shown.
            self._afresh = True
            return
        # After the dialog is on the screen: checking the files (a thread) would
        # otherwise share the interpreter with painting it.
        self.call_after_refresh(self._start_with_field)

    def _start_with_field(self) -> None:
        # The field's text now, not the text it opened with: letters typed before the
        # first frame was painted have already come in.
        self._start(self.query_one("#search-input", Input).value)

    def start_afresh(self, query: str, today: date) -> None:
        """Before the dialog is shown again (the planner keeps it): the text to start
        with, nothing listed, and every file to be checked against the index again."""
        self.query_text = query
        self.today = today
        self._afresh = True

    def on_screen_suspend(self) -> None:
        if self in self.app.screen_stack:
            return  # another screen over it (the command palette): it comes back as it was
        # Closed, and kept (the planner shows it again): let go of what it listed.
        self._lines.clear()
        self.matches = []
        self.query_one("#search-results", RowList).set_rows([])

    def on_screen_resume(self) -> None:
        # Shown again, every widget still has the styles it had (RestyledWhenNeeded).
        if not self._afresh:
            return
        self._afresh = False
        self._files_checked = False
        self.matches = []
        self._shown_query = ""
        field = self.query_one("#search-input", SearchField)
        field.set_quietly(self.query_text)
        field.cursor_position = len(self.query_text)
        field.focus()
        self.query_one("#search-results", RowList).set_rows([])
        self.query_one("#search-status", Static).update("", layout=False)
        self.call_after_refresh(self._start_with_field)

    # -- searching -------------------------------------------------------------------

    def _start(self, query: str) -> None:
        if self._searching is not None:
            self._searching.stop()
        index = index_of(self.store)
        if self._files_checked and index.up_to_date():
            # Every file was checked as the dialog opened, and no folder changed since:
            # a search is a look in the index, quicker than handing it to a thread and
            # the answer back.  Otherwise files are read, in the thread.
            self.workers.cancel_group(self, "search")
            found = find(self.store, query, limit=SHOWN_AT_MOST, check_files=False, today=self.today, nearest=True)
            if found is not None:
                self._show(query, found)
            if index.unsaved:  # not a thread a letter for nothing
                self.save_index()
            return
        if query.strip():
            # Said only when the answer is slow to come (the first search over years of
            # files nobody searched before): the status names the text it counts for.
            self._searching = self.set_timer(SEARCHING_AFTER, lambda: self._still_searching(query))
        # Also for no text: it ends any search under way, and the first one checks the
        # files against the index while the person types.
        self.run_search(query)

    def _still_searching(self, query: str) -> None:
        if self.is_attached and query == self.query_one("#search-input", Input).value != self._shown_query:
            self.query_one("#search-status", Static).update("Searching…", layout=False)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        """Check every file against the index (reading those that changed), then search."""
        worker = get_current_worker()

        def should_stop() -> bool:
            # Called between files: give the screen the interpreter for a moment, so
            # that keys typed while years of files are read still answer at once.
            time.sleep(0)
            return worker.is_cancelled

        index = index_of(self.store)
        if not index.refresh(should_stop):
            return
        found = find(
            self.store,
            query,
            limit=SHOWN_AT_MOST,
            check_files=False,
            should_stop=should_stop,
            today=self.today,
            nearest=True,
        )
        if found is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._checked, query, found)
        index.save()  # after the answer is on the screen; only when something was read again

    def _checked(self, query: str, found: Found) -> None:
        self._files_checked = True
        self._show(query, found)

    @work(thread=True, exclusive=True, group="save-index")
    def save_index(self) -> None:
        index_of(self.store).save()  # only when a file was read again

    def _show(self, query: str, found: Found) -> None:
        if not self.is_attached or query != self.query_one("#search-input", Input).value:
            return  # a newer search is on its way
        if self._searching is not None:
            self._searching.stop()
        matches = found.matches
        if len(self._lines) + len(matches) > KEEP_LINES:
            # Room made by letting go of the lines of what this letter does not list:
            # the next letter mostly lists the same matches again.
            kept = self._lines
            self._lines = {match: kept[match] for match in matches if match in kept}
        self.matches = matches
        self._shown_query = query
        results = self.query_one("#search-results", RowList)
        # The nearest today first: those from today on, then a rule, then the past, the
        # latest first; the cursor starts on the nearest.
        past = next((number for number, m in enumerate(matches) if m.date < self.today), None)
        # Every field given by position: a Record given one by keyword takes its slow way,
        # and a letter that lists other matches makes two hundred of these.
        rows = [Row(str(number), self._line_of(m), True, number + 1 == past) for number, m in enumerate(matches)]
        results.set_rows(rows)
        if matches:
            results.highlight(0)
        # The status is one line: no layout (a relayout of the dialog on every letter).
        self.query_one("#search-status", Static).update(status_line(query, found), layout=False)
        problems = problems_line(found)
        if problems.plain != self._problems:
            self._problems = problems.plain
            shown = self.query_one("#search-problems", Static)
            shown.update(problems)
            shown.display = bool(problems.plain)

    def _line_of(self, match: Match) -> Content:
        """A match's line, made once while the dialog is open: the next letter mostly
        lists the same matches again."""
        line = self._lines.get(match)
        if line is None:
            line = self._lines[match] = match_line(match)
        return line

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
        self._pick(self.query_one("#search-results", RowList).highlighted)

    @on(RowList.Selected, "#search-results")
    def _selected(self, event: RowList.Selected) -> None:
        event.stop()
        self._pick(int(event.row.id))

    def action_to_results(self) -> None:
        results = self.query_one("#search-results", RowList)
        if self.focused is not results and results.rows:
            results.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
