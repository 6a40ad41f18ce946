"""The overview (`m` a month, `M` several weeks): a day a cell, like a paper month
planner — how full each day is and with what (a bar in the categories' colours), the
dates together (♥), a few of the day's entries where there is room, and per week the
goals met.  `enter` (or a double click) goes to the day's week; the screen returns the
chosen day, or None.

What it shows is worked out by weekplan.overview; this module only paints it and moves
the cursor.  One widget paints the whole calendar line by line (the Line API), as the
week grid does: 42 cells of several lines each as child widgets would be slow to build.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from weekplan.app import keymap
from weekplan.app.grid_text import fit_cut
from weekplan.app.help_rows import PALETTE, help_rows
from weekplan.app.kept_dialogs import RestyledWhenNeeded, show_focus
from weekplan.app.key_bar import KeyBar
from weekplan.app.keys_now import keys_for
from weekplan.app.screens.help_screen import HelpScreen
from weekplan.display import Display, display_for
from weekplan.model import Config
from weekplan.overview import MONTH, SEVERAL_WEEKS, WEEKS, WeekSummary, overview, shifted, span_of
from weekplan.privacy import veil
from weekplan.store import Store
from weekplan.weeks import view_start

WEEK_GUTTER = 4  # "W48 "
UNKNOWN_COLOR = "#888888"

HERE = "the overview"  # where its keys apply, in help
# What the mouse does on the grid (OverviewGrid's on_click and wheel), for help.
MOUSE_HELP = (
    ("click", "Put the cursor on that day", HERE),
    ("double click", "Go to that day's week", HERE),
    ("wheel", "The cursor a week down or up", HERE),
)


def _fit(text: str, width: int) -> str:
    return set_cell_size(text, width) if width > 0 else ""


def _hours(minutes: int) -> str:
    whole, rest = divmod(minutes, 60)
    if not whole:
        return f"{minutes}m"
    return f"{whole}h" if not rest else f"{whole}½h" if rest == 30 else f"{minutes / 60:.1f}h"


class OverviewGrid(Widget, can_focus=True):
    """The calendar: a row of day names, then the weeks, each a band of lines."""

    COMPONENT_CLASSES = {
        "overview--header",
        "overview--week",
        "overview--other-month",
        "overview--today",
        "overview--cursor",
        "overview--empty-bar",
        "overview--goals-met",
        "overview--goals",
        "overview--together",
    }

    class Chosen(Message):
        """Enter or a double click on a day."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    class Moved(Message):
        """The cursor left the shown weeks: the screen shows the ones around it."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, config: Config, today: date, *, privacy: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config = config
        self.privacy = privacy  # dates' titles hidden, as on the week (P)
        self.display_prefs: Display = display_for(config)
        self.today = today
        self.weeks: list[WeekSummary] = []
        self.month: int | None = None  # the month shown, whose other days are dimmed
        self.cursor = today
        self._top = 0  # the first week drawn: a screen too short for all keeps the cursor's in view
        self._styles: dict[str, Style] = {}  # see _style

    def show(self, weeks: list[WeekSummary], month: int | None, cursor: date) -> None:
        """New weeks (another month, a week on): drawn from the first that leaves the
        cursor's week in view, not from where the weeks before were scrolled."""
        self.weeks, self.month, self.cursor = weeks, month, cursor
        self._top = 0
        self._keep_cursor_in_view()
        self.refresh()

    # -- geometry ----------------------------------------------------------------------

    def _goals_width(self, width: int) -> int:
        return 7 if width >= 100 else 6  # " goals" apart from the last day's name

    def _columns(self, width: int) -> list[tuple[int, int]]:
        """(x, width) of each day column, the remainder spread from the left."""
        room = max(7, width - WEEK_GUTTER - self._goals_width(width))
        base, extra = divmod(room, 7)
        columns, x = [], WEEK_GUTTER
        for index in range(7):
            w = base + (1 if index < extra else 0)
            columns.append((x, w))
            x += w
        return columns

    def _band(self) -> int:
        """Lines per week: all the height shared out, at least two."""
        if not self.weeks:
            return 2
        return max(2, (self.size.height - 1) // len(self.weeks))

    def _keep_cursor_in_view(self) -> None:
        """The one place that scrolls: the first week drawn is 0 when all fit, else as
        few weeks on as keep the cursor's week whole on the screen (it stays put while
        the cursor moves within view).  Painting and clicks only read it."""
        if not self.weeks or self.size.height <= 1:
            return
        shown = max(1, (self.size.height - 1) // self._band())
        index = (self.cursor - self.weeks[0].first_day).days // 7
        top = self._top
        if index < top:
            top = index
        elif index >= top + shown:
            top = index - shown + 1
        top = max(0, min(top, len(self.weeks) - shown))
        if top != self._top:
            self._top = top
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._keep_cursor_in_view()

    def day_at(self, x: int, y: int) -> date | None:
        """The day drawn at (x, y) as the screen shows it now."""
        if y < 1 or not self.weeks:
            return None
        index = (y - 1) // self._band() + self._top
        if index >= len(self.weeks):
            return None
        for day_index, (cx, w) in enumerate(self._columns(self.size.width)):
            if cx <= x < cx + w:
                return self.weeks[index].first_day + timedelta(days=day_index)
        return None

    # -- keys and mouse ----------------------------------------------------------------

    def action_move(self, days: int) -> None:
        self.move_to(self.cursor + timedelta(days=days))

    def move_to(self, day: date) -> None:
        """Move the cursor as keys and the wheel do, scrolling to keep its week in view."""
        if not self.weeks:
            return
        first = self.weeks[0].first_day
        last = self.weeks[-1].first_day + timedelta(days=6)
        self.cursor = day
        if not first <= day <= last:
            self.post_message(self.Moved(day))
        self._keep_cursor_in_view()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        # The cursor goes to the day drawn under the pointer, and the screen stays put:
        # scrolling a partly drawn week up would put another day under the second click
        # of a double click.
        day = self.day_at(event.x, event.y)
        if day is None:
            return
        self.cursor = day
        self.refresh()
        if event.chain >= 2:
            self.post_message(self.Chosen(day))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.move_to(self.cursor + timedelta(days=7))  # the wheel goes a week at a time

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.move_to(self.cursor - timedelta(days=7))

    # -- painting ----------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        """The widget's style ("base"), or it with a component's over it.  Looking styles
        up walks the DOM and a paint asks hundreds of times: they are kept until Textual
        says the styles changed (theme, focus, CSS)."""
        style = self._styles.get(name)
        if style is None:
            base = self.rich_style
            style = self._styles[name] = base if name == "base" else base + self.get_component_rich_style(name)
        return style

    def _category_style(self, category: str, *, bold: bool = False) -> Style:
        """A category's colour over the base, for its bar and the mark before its entries."""
        key = f"category:{category}:{bold}"
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self._style("base") + Style(color=self._color(category), bold=bold or None)
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def on_focus(self, event: events.Focus) -> None:
        self._styles.clear()  # a focus rule in the CSS may change the cursor's colour

    def on_blur(self, event: events.Blur) -> None:
        self._styles.clear()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._style("base")
        if not self.weeks or width <= 0:
            return Strip.blank(width, base)
        if y == 0:
            return self._header(width)
        band = self._band()
        index, line = divmod(y - 1, band)
        index += self._top
        if index >= len(self.weeks):
            return Strip.blank(width, base)
        week = self.weeks[index]
        segments = [self._gutter(week, line)]
        for day_index, (_, w) in enumerate(self._columns(width)):
            segments.extend(self._cell(week, day_index, line, w))
        segments.extend(self._goals(week, line, self._goals_width(width)))
        return Strip(segments).crop_extend(0, width, base)

    def _header(self, width: int) -> Strip:
        style = self._style("overview--header")
        display = self.display_prefs
        first = self.weeks[0].first_day
        segments = [Segment(" " * WEEK_GUTTER, style)]
        for day_index, (_, w) in enumerate(self._columns(width)):
            name = display.weekday(first + timedelta(days=day_index))
            segments.append(Segment(_fit(" " + name, w), style))
        goals_width = self._goals_width(width)
        segments.append(Segment(_fit(" goals", goals_width), style))
        return Strip(segments).crop_extend(0, width, style)

    def _gutter(self, week: WeekSummary, line: int) -> Segment:
        text = f"W{week.number:02d}" if line == 0 else ""
        return Segment(_fit(text, WEEK_GUTTER), self._style("overview--week"))

    def _goals(self, week: WeekSummary, line: int, width: int) -> list[Segment]:
        if line != 0 or not week.goals:
            text = " —" if line == 0 else ""
            return [Segment(_fit(text, width), self._style("overview--goals"))]
        met, total = week.goals_met, len(week.goals)
        if week.first_day > self.today:
            # A week to come has nothing done yet: how many goals it has, not a verdict.
            return [Segment(_fit(f" -/{total}", width), self._style("overview--goals"))]
        mark = "✓" if met == total else " "
        style = self._style("overview--goals-met" if met == total else "overview--goals")
        return [Segment(_fit(f" {met}/{total}{mark}", width), style)]

    def _cell(self, week: WeekSummary, day_index: int, line: int, width: int) -> list[Segment]:
        summary = week.days[day_index]
        day = summary.day
        base = self._style("base")
        display = self.display_prefs
        separator = Segment("│" if width >= 4 else "", self._style("overview--week"))
        inner = width - (1 if width >= 4 else 0)
        if inner <= 0:
            return [separator]
        other_month = self.month is not None and day.month != self.month
        text_style = self._style("overview--other-month") if other_month else base
        if line == 0:
            room = inner - 1
            # The day's number whole first, then the hearts, then the day with its month
            # in the language's order ("1 Dec", "12月1日"), each whole or left out: "1♥"
            # or "1 De" would read as another day or a word.
            label = str(day.day)
            mark = "♥" * min(summary.dates, 3, max(0, room - cell_len(label)))
            starts_view = day_index == 0 and week is self.weeks[0]
            if day.day == 1 or starts_view:
                with_month = display.day_month(day)
                if cell_len(with_month + mark) <= room:
                    label = with_month
            style = text_style
            if day == self.today:
                style = self._style("overview--today")
            if day == self.cursor:
                style = self._style("overview--cursor")
            lead = "›" if day == self.cursor else " "
            if cell_len(label) > room:
                # Too narrow for the lead and the number: the number whole ("2" would be
                # another day), and the cursor's colour alone marks the cursor.
                lead, room = "", inner
            text = _fit(label, max(0, room - cell_len(mark)))
            segments = [separator, Segment(lead + text, style)]
            if mark:
                segments.append(Segment(mark, style + self._style("overview--together")))
            return segments
        if line == 1:
            return [separator, *self._bar(summary.minutes, inner)]
        entries = summary.entries
        index = line - 2
        band = self._band()
        if index >= len(entries):
            return [separator, Segment(" " * inner, base)]
        if band > 2 and index == band - 3 and len(entries) > band - 2 > 1:  # the last line says how many more
            return [separator, Segment(_fit(f" +{len(entries) - index} more", inner), text_style)]
        entry = entries[index]
        when = "" if entry.start is None or inner < 10 else display.hour(entry.start) + " "
        lead = "♥" if entry.together else "✓" if entry.done else " "
        title = veil(entry.title, self.privacy) if entry.together else entry.title
        return [
            separator,
            Segment(lead, self._category_style(entry.category, bold=True)),
            Segment(fit_cut(when + title, inner - 1), text_style),
        ]

    def _color(self, category: str) -> str:
        found = self.config.category(category)
        return found.color if found else UNKNOWN_COLOR

    def _bar(self, minutes: tuple[tuple[str, int], ...], width: int) -> list[Segment]:
        """How full the day is: the planned time against the planner's day, in the
        categories' colours, then the hours when there is room."""
        base = self._style("base")
        planned = sum(m for _, m in minutes)
        label = f" {_hours(planned)}" if planned and width >= 9 else ""
        bar_width = width - cell_len(label) - 1
        if bar_width <= 0:
            return [Segment(" " * width, base)]
        day_length = max(1, self.config.day_end - self.config.day_start)
        filled = min(bar_width, round(bar_width * planned / day_length)) if planned else 0
        if planned and not filled:
            filled = 1  # something planned always shows
        segments = [Segment(" ", base)]
        used = 0
        for index, (category, amount) in enumerate(minutes):
            cells = filled - used if index == len(minutes) - 1 else round(filled * amount / planned)
            cells = max(0, min(cells, filled - used))
            if cells:
                segments.append(Segment("█" * cells, self._category_style(category)))
            used += cells
        if bar_width > used:
            segments.append(Segment("·" * (bar_width - used), self._style("overview--empty-bar")))
        segments.append(Segment(label, self._style("overview--goals")))
        return segments


class OverviewScreen(RestyledWhenNeeded, Screen[date | None]):
    """A month (or several weeks) around a day; returns the day chosen, or None.  Kept
    between openings (weekplan.app.kept_dialogs): what it shows is read as it is shown."""

    BINDINGS = keymap.OVERVIEW

    def __init__(
        self, store: Store, config: Config, today: date, around: date, *, mode: str = MONTH, privacy: bool = False
    ) -> None:
        super().__init__()
        self.store = store
        self.config = config
        self._begin(today, around, mode, privacy)

    def _begin(self, today: date, around: date, mode: str, privacy: bool) -> None:
        self.privacy = privacy
        self.today = today
        self.around = around
        self.mode = mode if mode in (MONTH, WEEKS) else MONTH
        self.cursor = around

    def reopen(
        self, store: Store, config: Config, today: date, around: date, *, mode: str = MONTH, privacy: bool = False
    ) -> bool:
        """Shown again as a new one for these would be (showing it reads the weeks);
        False for another store or other settings."""
        if store is not self.store or config is not self.config:
            return False
        self._begin(today, around, mode, privacy)
        grid = self.grid
        grid.today, grid.privacy, grid.cursor = today, privacy, around
        show_focus(grid)
        return True

    def compose(self) -> ComposeResult:
        yield Static(id="overview-title", markup=False)
        grid = OverviewGrid(self.config, self.today, privacy=self.privacy, id="overview-grid")
        grid.cursor = self.cursor
        yield grid
        yield KeyBar()  # whole keys only: Footer cuts the last one mid-word on a narrow screen

    def on_mount(self) -> None:
        self.query_one(OverviewGrid).focus()

    def _load(self) -> None:
        first, count = span_of(self.mode, self.around, self.config.first_weekday)
        last = first + timedelta(days=7 * count - 1)
        weeks = overview(
            first,
            count,
            self.store.activities_between(first, last),
            self.store.dates_between(first, last),
            list(self.store.goals().items.values()),
            self.config,
        )
        display = display_for(self.config)
        if self.mode == MONTH:
            title = display.month_year(self.around)
        else:
            end = first + timedelta(days=7 * count - 1)
            title = display.days_span(first, end)
        begun = [w for w in weeks if w.first_day <= self.today]  # weeks to come have no verdict yet
        met = sum(w.goals_met for w in begun)
        judged = sum(len(w.goals) for w in begun)
        planned = sum(d.planned for w in weeks for d in w.days if self._in_view(d.day))
        together = sum(d.dates for w in weeks for d in w.days if self._in_view(d.day))
        facts = [f"{_hours(planned)} planned", f"{together} date{'' if together == 1 else 's'} together"]
        if judged:
            facts.append(f"goals met {met}/{judged}")
        self.query_one("#overview-title", Static).update(f" {title} · " + " · ".join(facts))
        month = self.around.month if self.mode == MONTH else None
        self.query_one(OverviewGrid).show(weeks, month, self.cursor)

    def _in_view(self, day: date) -> bool:
        return self.mode != MONTH or day.month == self.around.month

    @property
    def grid(self) -> OverviewGrid:
        return self.query_one(OverviewGrid)

    def on_overview_grid_moved(self, event: OverviewGrid.Moved) -> None:
        # A month turns the page; several weeks scroll by the week, as the cursor goes.
        if self.mode == MONTH:
            self.around = event.day
        else:
            first, _ = span_of(WEEKS, self.around, self.config.first_weekday)
            self.around += timedelta(days=-7 if event.day < first else 7)
        self.cursor = event.day
        self._load()

    def on_overview_grid_chosen(self, event: OverviewGrid.Chosen) -> None:
        self.dismiss(event.day)

    def action_move(self, days: int) -> None:
        self.grid.action_move(days)

    def action_choose(self) -> None:
        self.dismiss(self.grid.cursor)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_review(self) -> None:
        """The weekly review of the cursor's week; back here after it, with what it changed."""
        first_day = view_start(self.grid.cursor, self.config.first_weekday)
        if first_day > view_start(self.today, self.config.first_weekday):
            self.notify("That week is still to come: the review looks back", markup=False)
            return
        review = getattr(self.app, "action_review", None)
        if review is not None:
            review(first_day=first_day)

    def action_help(self) -> None:
        """The overview's keys, as help shows the week's: with config.toml's keys, in the
        planner's kept help dialog where there is one."""
        keys = partial(keys_for, self.app)
        rows = [*help_rows([(HERE, self, self.BINDINGS)], keys), (*PALETTE, HERE), *MOUSE_HELP]
        help_dialog = getattr(self.app, "help_dialog", None)
        dialog = help_dialog(rows) if help_dialog is not None else None
        self.app.push_screen(HelpScreen(rows) if dialog is None else dialog)

    def on_screen_resume(self) -> None:
        # The one place that reads the weeks as the screen is shown: opened (again), or
        # back from the review, which may have changed what they hold.
        if self.is_mounted and self.query(OverviewGrid):
            self.cursor = self.grid.cursor  # where the person left it, or where it opens
            self._load()

    def action_page(self, steps: int) -> None:
        self.around = shifted(self.mode, self.around, steps)
        cursor = self.grid.cursor
        if self.mode == MONTH:
            # The same day of the month where it has one, so paging keeps one's place.
            last = (shifted(MONTH, self.around, 1) - timedelta(days=1)).day
            self.cursor = self.around.replace(day=min(cursor.day, last))
        else:
            self.cursor = cursor + timedelta(days=7 * SEVERAL_WEEKS * steps)
        self._load()

    def action_today(self) -> None:
        self.around = self.cursor = self.today
        self._load()

    def action_mode(self, mode: str) -> None:
        self.mode = mode
        self.around = self.cursor = self.grid.cursor
        self._load()
