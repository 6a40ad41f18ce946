"""The planner application: the main screen (header, week grid, Together panel,
footer), its keys, and moving around the weeks.

The actions live in mixins, one group each: editing entries with undo and redo
(entry_actions), search (search_actions), the Together half (together/actions),
routines (routine_actions), calendars (calendar_actions) and files changed on disk
(disk_sync).  The app is the one place that writes: forms and dialogs return items,
and the app turns them into history Changes, so undo sees every edit of the session.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Region
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from weekplan.app import keymap
from weekplan.balance import week_balance
from weekplan.display import display_for, reading_language
from weekplan.display_text import one_line, visible
from weekplan.grid_layout import Item, build_layout
from weekplan.idle_collection import QUIET_SECONDS, IdleCollection
from weekplan.model import Activity, Config, Idea, SpecialDate
from weekplan.record import replace
from weekplan.store import ReadOnlyError, Store
from weekplan.together import goals_in_force
from weekplan.tomlfile import DataError
from weekplan.weeks import IsoWeek, view_start, view_week, weeks_between

from . import collection_pause
from .busy_band import BusyBand
from .calendar_actions import CalendarActions
from .disk_sync import DiskSync
from .edit_warnings import EditWarnings
from .entry_actions import EntryActions
from .grid_mouse import DragActions
from .help_rows import PALETTE, HelpRow, help_rows
from .key_bar import KeyBar
from .keys_in_order import KeysInOrder
from .keys_now import keys_for
from .routine_actions import RoutineActions
from .screens import SCREENS_CSS
from .search_actions import SearchActions
from .together.actions import TogetherActions
from .together_panel import GoalsView, TogetherBox, TogetherPanel
from .week_grid import WeekGrid
from .week_header import WeekHeader

if TYPE_CHECKING:
    from weekplan.rebased_history import RebasedHistory

    from .kept_dialogs import KeptDialogs
    from .warm_up import WarmUp

HERE = Path(__file__).parent
# Below this width the Together panel folds away so the grid keeps room for seven days.
PANEL_MIN_WIDTH = 100
BANNER_LINES = 3


def _planner_commands() -> Any:
    # The palette's module loads when the palette first opens, not at start-up.
    from .commands import PlannerCommands

    return PlannerCommands


class PlannerScreen(Screen[None]):
    """The main screen.  Its keys (keymap.PLANNER) are set here rather than on the
    App, so that they stay quiet while a form or dialog is open on top."""

    BINDINGS = keymap.PLANNER
    # The header, the body and the key bar cover every cell of the screen, so the screen
    # is painted as Textual paints a widget without border or content of its own: each
    # line its background, made once, instead of every line through the styles.
    BLANK = True

    _resumed_before = False
    being_covered = False  # while PlannerApp.push_screen puts a dialog over it

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        # Textual repaints the screen a dialog is pushed over, so that what shows through
        # is painted again; but the dialog paints the whole of itself, the dimmed week
        # included, as it resumes, and nothing here changed: that repaint only made the
        # dialog paint its whole frame a second time.
        if self.being_covered and not (regions or layout or recompose):
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def compose(self) -> ComposeResult:
        app = self.app
        assert isinstance(app, PlannerApp)
        yield WeekHeader(app.config, id="header")  # the problem banner, when needed, goes under it
        with Horizontal(id="body"):
            grid = WeekGrid(app.config, id="grid")
            # Textual gives the first focusable widget, the grid, the focus right after
            # compose (start then finds it there).  Styled as focused from its first
            # styling, it is not styled a second time, with each of its component
            # classes, when that focus arrives; set_reactive runs no watcher, and the
            # focus itself still goes through the screen.
            grid.set_reactive(WeekGrid.has_focus, True)
            yield grid
            with TogetherBox(id="together-box"):
                goals = GoalsView(id="goals")
                yield TogetherPanel(app.config, goals, id="together")
                yield goals
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        app = self.app
        assert isinstance(app, PlannerApp)
        app.start()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler.  On the first resume every widget was styled
        # as it was mounted, a moment ago, and focus and class changes since restyled what
        # they touched (a theme change restyles everything by itself): restyling the whole
        # screen again would only delay the first frame.
        if not self._resumed_before:
            self._resumed_before = True
            event.refresh_styles = False

    def on_resize(self, event: events.Resize) -> None:
        app = self.app
        assert isinstance(app, PlannerApp)
        app.arrange_panel()


class PlannerApp(
    KeysInOrder,
    DiskSync,
    EntryActions,
    EditWarnings,
    SearchActions,
    TogetherActions,
    RoutineActions,
    CalendarActions,
    DragActions,
    BusyBand,
    App[None],
):
    TITLE = "weekplan"
    # The dialogs' styles (screens/screens.tcss) load with the first dialog, not at
    # start-up: the first screen comes sooner.  See push_screen.
    CSS_PATH = "planner.tcss"
    # One provider, for one order (see commands.py); it gives Textual's own commands too.
    COMMANDS = {_planner_commands}

    def __init__(
        self,
        store: Store,
        *,
        today: date,
        now: Callable[[], datetime] | None = None,
        collect_when_idle: bool = False,
        warm_up: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.today = today
        self.now = now or datetime.now
        self.config: Config = store.config
        self.said_config_warnings: list[str] = []  # said once; again only when they change
        self.first_day = view_start(today, self.config.first_weekday)
        self.copied: Item | None = None
        self.last_query = ""
        self.privacy = False
        self.busy_band = self.config.partner.shared and self.config.partner.show_busy
        self.panel_wanted: bool | None = None  # None: shown when there is room
        self.week_activities: list[Activity] = []
        self.week_dates: list[SpecialDate] = []
        self.problems: list[DataError] = []
        self.readonly_weeks: list[IsoWeek] = []
        self.data_version = 0  # counts saved changes, so views know when to rebuild
        self.rest_read = False  # what the first screen does not show waits for it: _read_the_rest
        self._earlier: Any = None  # the years before those held (earlier_dates), summed up
        self._earlier_seen: tuple[tuple[int, int, date], tuple[list[Any], list[DataError]]] | None = None
        # Full garbage collections between keys (see idle_collection): for the planner a
        # person runs, not for an app under test in a process it shares.
        self.idle_collection = IdleCollection() if collect_when_idle else None
        # The dialogs' modules and styles loaded once the first screen is up (see
        # weekplan.app.warm_up): for the planner a person runs; an app under test
        # loads only what it uses.
        self.warm_up: WarmUp | None = None
        self._warm_up_wanted = warm_up

    # -- start-up ------------------------------------------------------------------

    # Made when first used, with their modules: the first screen needs neither.

    @cached_property
    def history(self) -> RebasedHistory:
        """The session's undo history: edits merge into files changed on disk since."""
        from weekplan.rebased_history import RebasedHistory

        return RebasedHistory()

    @cached_property
    def kept_dialogs(self) -> KeptDialogs:
        """The dialogs kept between openings (their module builds widget classes as it loads)."""
        from .kept_dialogs import KeptDialogs

        return KeptDialogs(self)

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(screen, Screen) and SCREENS_CSS.exists() and SCREENS_CSS not in screen.css_path:
            screen.css_path = [*screen.css_path, SCREENS_CSS]
        below = self.screen_stack[-1] if self.screen_stack else None
        if not (isinstance(below, PlannerScreen) and isinstance(screen, ModalScreen)):
            return super().push_screen(screen, *args, **kwargs)
        below.being_covered = True
        try:
            return super().push_screen(screen, *args, **kwargs)
        finally:
            below.being_covered = False

    def get_default_screen(self) -> Screen[Any]:
        return PlannerScreen()

    # -- no user text drives the terminal (see weekplan.display_text) -----------------

    def notify(self, message: str, *, title: str = "", **kwargs: Any) -> None:
        # Messages quote titles, file names and errors: shown literally, controls visible.
        kwargs["markup"] = False
        super().notify(visible(message), title=one_line(title), **kwargs)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste):
            # A pasted escape sequence would reach the terminal from the field that shows
            # it: what is pasted is what the field shows, its controls made visible.
            event.text = visible(event.text)
        elif isinstance(event, events.Key) and self.idle_collection is not None:
            self.idle_collection.key_pressed()
        await super().on_event(event)

    def get_key_display(self, binding: Binding) -> str:
        # Keys can be remapped in config.toml: the footer, key bar and help show them literally.
        return one_line(super().get_key_display(binding))

    def start(self) -> None:
        """Fill the main screen once its widgets exist."""
        self._apply_keymap()
        self._say_config_warnings()
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.show_week(self.first_day)
        self.refresh_calendars()
        grid = self.grid
        grid.move_to(self.today, self._start_minute(), center=True)
        grid.focus()
        self.set_interval(30, self._tick)
        self.watch_disk()
        self.call_after_refresh(self._read_the_rest)
        self.call_after_refresh(collection_pause.release)  # after the first screen: see collection_pause
        if self.idle_collection is not None:
            self.call_after_refresh(self.idle_collection.start)
            self.set_interval(QUIET_SECONDS, self.idle_collection.collect_if_quiet)
        if self._warm_up_wanted:
            self.call_after_refresh(self._start_warm_up)

    def _start_warm_up(self) -> None:
        from .warm_up import WarmUp

        self.warm_up = WarmUp(self)
        self.warm_up.start()

    def _read_the_rest(self) -> None:
        """The first screen needs the dates of the years it shows and of those to come
        (what "Coming up" lists).  The earlier years (which ideas were done before, and
        any problem in their files) and the names in weeks/ (files that are never read)
        are looked at once it is up: a hundred years of them would hold it back.  So
        are the left-overs of interrupted saves in weeks/ and dates/ (see
        weekplan.cli.cmd_plan)."""
        self.store.tidy()
        self.rest_read = True
        histories, errors = self.earlier_dates()
        odd = self.store.odd_files() != self.store.journal_errors
        if odd or errors or any(histories):
            # Only the panel (what ideas were done before) and the problems can change:
            # the grid and the header show this week, read already.
            self.data_version += 1
            known = self.known_dates()
            self.problems = self._collect_problems(weeks_between(self.first_day, self.last_day), known)
            self._show_problems()
            self.refresh_panel(known)

    def known_dates(self) -> Any:
        """The dates the planner holds: those from the shown week's year or this year on,
        whichever is earlier.  The years before are kept summed up (earlier_dates)."""
        return self.store.dates(since=min(self.first_day.year, self.today.year))

    def earlier_dates(self) -> tuple[list[Any], list[DataError]]:
        """The idea history of each year before those known_dates() holds, oldest first,
        and the problems of their files; nothing until the first screen is up (see
        _read_the_rest).  Looked at again only when the data changed (data_version,
        which a file changed on disk moves too: see check_disk)."""
        if not self.rest_read:
            return [], []
        since = min(self.first_day.year, self.today.year)
        key = (self.data_version, since, self.today)
        if self._earlier_seen is None or self._earlier_seen[0] != key:
            if self._earlier is None or self._earlier.store is not self.store:
                from weekplan.earlier_years import EarlierYears

                # Its own, not the one the dialogs share (earlier_years_of): the disk
                # watch compares each file with what this one read when the panel was
                # filled, and a dialog reading a changed file first would hide it.
                self._earlier = EarlierYears(self.store)
            self._earlier_seen = (key, self._earlier.before(since, self.today))
        return self._earlier_seen[1]

    def earlier_files_changed(self) -> list[Path]:
        """The files of the years summed up (earlier_dates) that changed on disk since."""
        return [] if self._earlier is None else self._earlier.changed_files()

    def _start_minute(self) -> int:
        minute = self.now_minute()
        if self.config.day_start <= minute < self.config.day_end:
            return minute
        return self.config.day_start

    def now_minute(self) -> int:
        now = self.now()
        return now.hour * 60 + now.minute

    def _tick(self) -> None:
        self.grid.set_now(self.now_minute())

    def binding_sources(self) -> list[tuple[str, Any, list[Binding]]]:
        """Every planner binding: where it applies, the node whose actions it runs, and
        the bindings (the help screen and the command palette are built from these)."""
        nodes = {PlannerScreen: self.main, WeekGrid: self.grid, TogetherPanel: self.panel}
        return [(where, nodes[cls], bindings) for where, cls, bindings in self._all_bindings()]

    def _apply_keymap(self) -> None:
        """config.toml's [keys] table: binding id = "key" (or "key1,key2").  Dialog keys
        have dotted ids ("form.save") and are remapped the same way.  What is left out
        (an id no binding has, a key two bindings would share) the config's warnings say
        (_say_config_warnings)."""
        if self.config.keys or self._keymap:  # each keymap change rebuilds the footer: none to make, none to pay
            self.set_keymap(self.config.keymap())

    def _say_config_warnings(self) -> None:
        """The settings of config.toml left unused (a theme or a key the planner does not
        know): said once, as a notice, since the planner works on without them; again
        only when config.toml changes what it warns of."""
        warnings = self.store.config_warnings
        what = [warning.message for warning in warnings]  # a save moves the lines, not what they say
        if what == self.said_config_warnings:
            return
        self.said_config_warnings = what
        for warning in warnings:
            self.notify(str(warning), severity="warning", markup=False)

    @staticmethod
    def _all_bindings() -> list[tuple[str, type, list[Binding]]]:
        """Every planner binding: where it applies, the class that holds it, the bindings."""
        return [
            ("everywhere", PlannerScreen, [b for b in PlannerScreen.BINDINGS if isinstance(b, Binding)]),
            ("week grid", WeekGrid, [b for b in WeekGrid.BINDINGS if isinstance(b, Binding)]),
            ("Together panel", TogetherPanel, [b for b in TogetherPanel.BINDINGS if isinstance(b, Binding)]),
        ]

    def keys_for(self, binding: Binding) -> str:
        """The keys a binding answers to now, config.toml's overrides included."""
        return keys_for(self, binding)

    def use_config(self, config: Config) -> None:
        """Settings changed outside the planner (a sync, an editor): used at once, the
        cursor kept on its day and, where the day still has it, its time."""
        old, self.config = self.config, config
        grid = self.grid
        day, minute = grid.cursor_date, grid.cursor_minute
        grid.config = config
        self.main.query_one(WeekHeader).config = config
        self.panel.config = config
        partner, was = config.partner, old.partner
        if (partner.shared, partner.show_busy) != (was.shared, was.show_busy):
            # A partner connected or gone meanwhile, or the band switched in the file.
            self.busy_band = partner.shared and partner.show_busy
        if config.keys != old.keys:
            self._apply_keymap()
        self._say_config_warnings()
        if config.theme != old.theme and config.theme in self.available_themes:
            self.theme = config.theme  # _remember_theme sees it is already the config's
        self.first_day = view_start(day, config.first_weekday)
        self.data_version += 1  # the panel's lines name days and months: made again
        self.refresh_view()
        if minute is not None and not config.day_start <= minute < config.day_end:
            minute = max(config.day_start, min(minute, config.day_end - config.slot_minutes))
        grid.move_to(day, minute)

    def _remember_theme(self, theme: Any) -> None:
        name = getattr(theme, "name", str(theme))
        if name != self.config.theme:
            self.remember_view("Theme", lambda config: replace(config, theme=name))

    def remember_view(self, what: str, change: Callable[[Config], Config]) -> None:
        """Keep a view setting chosen on the screen (the theme, the busy band) in
        config.toml, so the next start looks the same."""
        self.config = change(self.config)
        if self.store.config_errors:
            return  # config.toml could not be read: never write over it
        try:
            self.store.save_config(change(self.store.config))
        except (ReadOnlyError, OSError) as exc:
            self.notify(f"{what} not saved: {exc}", severity="warning", markup=False)

    # -- the widgets ------------------------------------------------------------------

    @property
    def main(self) -> Screen[Any]:
        return self.screen_stack[0]

    @property
    def grid(self) -> WeekGrid:
        return self.main.query_one("#grid", WeekGrid)

    @property
    def panel(self) -> TogetherPanel:
        return self.main.query_one("#together", TogetherPanel)

    def arrange_panel(self) -> None:
        """Side by side when there is room; on a narrow terminal the panel folds away
        and, when asked for, takes the whole width instead of squeezing the grid."""
        main = self.main
        narrow = main.size.width < PANEL_MIN_WIDTH
        visible = (not narrow) if self.panel_wanted is None else self.panel_wanted
        main.set_class(not visible, "-panel-hidden")
        main.set_class(visible and narrow, "-panel-only")
        focused = main.focused
        if visible and narrow and focused is self.grid:
            self.panel.focus()
        elif not visible and focused is self.panel:
            self.grid.focus()

    @property
    def panel_visible(self) -> bool:
        return not self.main.has_class("-panel-hidden")

    # -- showing a week --------------------------------------------------------------

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=6)

    def show_week(self, first_day: date) -> None:
        """Load the 7 days from first_day (only those weeks' files) and show them."""
        self.first_day = first_day
        self.refresh_view()

    def refresh_view(self) -> None:
        store, first, last = self.store, self.first_day, self.last_day
        self.week_activities = self.visible_activities(store.activities_between(first, last))
        self.week_dates = store.dates_between(first, last)
        layout = build_layout(first, self.config, self.week_activities, self.week_dates)
        weeks = weeks_between(first, last)
        self.readonly_weeks = [w for w in weeks if store.week(w).readonly]
        # Every year's dates, checked once for the banner and the panel alike: at a hundred
        # years, checking them is a good part of a week change.
        known = self.known_dates()
        self.problems = self._collect_problems(weeks, known)
        self.grid.show_layout(layout, today=self.today, now_minute=self.now_minute())
        if self.busy_band or self.grid.band is not None:
            self.show_busy_band(layout)
        balance = week_balance(self.week_activities, self.week_dates, self.config)
        labels = display_for(self.config).week_labels(first)
        self.main.query_one(WeekHeader).show(labels, balance, readonly=bool(self.readonly_weeks))
        self._show_problems()
        self.refresh_panel(known)

    def _collect_problems(self, weeks: list[IsoWeek], known: Any) -> list[DataError]:
        """Every problem the banner tells of, for the weeks shown; `known` is what
        known_dates() gives now."""
        store = self.store
        problems = [
            *(store.odd_files() if self.rest_read else store.journal_errors),
            *store.config_errors,
            *(e for w in weeks for e in store.week(w).errors),
            *store.routines().errors,  # an unreadable routines.toml leaves their occurrences out
            *self.earlier_dates()[1],
            *known.errors,
            *store.ideas().errors,
            *store.goals().errors,
        ]
        if self.busy_band:
            problems += self.partner_busy().errors  # why a band may be missing
        return problems

    def refresh_panel(self, known: Any = None) -> None:
        """The Together panel, from `known` (known_dates(), read again when not given)."""
        self.panel.show(
            today=self.today,
            dates=list((self.known_dates() if known is None else known).items.values()),
            earlier=self.earlier_dates()[0],
            ideas=list(self.store.ideas().items.values()),
            goals=goals_in_force(self.store.goals().items.values(), view_week(self.first_day)),
            week_activities=self.week_activities,
            week_dates=self.week_dates,
            privacy=self.privacy,
            version=self.data_version,
        )

    def _show_problems(self) -> None:
        # The banner is made the first time there is a problem: most starts have none,
        # and every widget on the first screen is styled, laid out and painted.
        banner = next(self.main.query("#problems").results(Static), None)
        if banner is None and not self.problems:
            return
        if banner is None:
            banner = Static(id="problems", markup=False)
            self.main.mount(banner, after="#header")
        if banner.display != bool(self.problems):
            banner.display = bool(self.problems)
        if not self.problems:
            return
        lines = [f"⚠ {error}" for error in self.problems[:BANNER_LINES]]
        more = len(self.problems) - BANNER_LINES
        tail = f"… and {more} more. " if more > 0 else ""
        note = "This week is read-only until the file is fixed. " if self.readonly_weeks else ""
        lines.append(f"{tail}{note}Files that cannot be read are never written over; click here for the list.")
        # Content() shows file text literally: an error line may quote anything.
        banner.update(Content("\n".join(lines)))

    @on(events.Click, "#problems")
    def _problems_clicked(self) -> None:
        self.action_show_problems()

    def go_to(self, day: date, minute: int | None = None) -> None:
        first = view_start(day, self.config.first_weekday)
        if first != self.first_day:
            self.show_week(first)
        self.grid.move_to(day, minute)

    def reveal(self, item: Item) -> None:
        """Show the week of an item and put the cursor on it."""
        self.go_to(item.date, item.start)
        self.grid.select("activity" if isinstance(item, Activity) else "date", item.id)

    # -- screens (imported when first used: start-up stays quick) ----------------------------

    def _screen_class(self, module: str, name: str) -> Any:
        try:
            return getattr(importlib.import_module(f"weekplan.app.screens.{module}"), name)
        except (ImportError, AttributeError):
            self.notify(f"{name} is not available in this version", severity="warning", markup=False)
            return None

    # -- actions: moving around ----------------------------------------------------------

    def action_previous_week(self) -> None:
        self.show_week(self.first_day - timedelta(days=7))

    def action_next_week(self) -> None:
        self.show_week(self.first_day + timedelta(days=7))

    def action_go_today(self) -> None:
        self.go_to(self.today, self._start_minute())

    def action_go_to_date(self) -> None:
        cls = self._screen_class("goto_date", "GoToDate")
        if cls is not None:
            self.push_screen(cls(self.today, self.config.first_weekday, reading_language(self.config)), self._went_to)

    def action_overview(self, mode: str = "month") -> None:
        screen = self.overview_dialog(mode)
        if screen is not None:
            self.push_screen(screen, self._went_to)

    def overview_dialog(self, mode: str = "month") -> Any:
        """The overview as `m` (or `M`) opens it now, around the cursor's day (kept: see
        weekplan.app.kept_dialogs), or None where this version has none."""
        cls = self._screen_class("overview_screen", "OverviewScreen")
        if cls is None:
            return None
        args = (self.store, self.config, self.today, self.grid.cursor_date)
        kwargs = {"mode": mode, "privacy": self.privacy}
        return self.kept_dialogs.get(
            "overview", cls, lambda: cls(*args, **kwargs), lambda kept: kept.reopen(*args, **kwargs)
        )

    def _went_to(self, day: date | None) -> None:
        if day is not None:
            self.go_to(day, self.grid.cursor_minute)
            self.focus_grid()

    def focus_grid(self) -> None:
        """The focus on the grid, where a day or an entry just gone to is: from the panel
        the arrows would otherwise move the panel's rows, not the cursor on that day."""
        if self.main.has_class("-panel-only"):
            self.panel_wanted = None  # the panel in the grid's place folds away again
            self.arrange_panel()
        self.grid.focus()

    def action_switch_focus(self) -> None:
        if not self.panel_visible:
            self.action_toggle_panel()
            return
        if self.main.has_class("-panel-only"):
            # Back to the grid, not a wish to hide the panel: with room again it shows.
            self.focus_grid()
        elif self.main.focused is self.panel:
            self.grid.focus()
        else:
            self.panel.focus()

    def action_toggle_panel(self) -> None:
        self.panel_wanted = not self.panel_visible
        self.arrange_panel()
        if self.panel_wanted:
            self.panel.focus()

    def action_toggle_privacy(self) -> None:
        self.privacy = not self.privacy
        self.grid.set_privacy(self.privacy)
        if self.busy_band and self.grid.week is not None:
            self.show_busy_band(self.grid.week)  # the partner's titles hide too
        self.refresh_panel()
        hidden = "dates, ideas and busy times" if self.config.partner.shared else "dates and ideas"
        self.notify(f"Privacy on: titles of {hidden} are hidden" if self.privacy else "Privacy off")

    @on(WeekGrid.Activated)
    def _grid_activated(self) -> None:
        self.action_edit_entry()

    @on(TogetherPanel.Selected, "#together")
    def _panel_selected(self, event: TogetherPanel.Selected) -> None:
        item = self.panel.items.get(event.row.id)
        if isinstance(item, SpecialDate):
            self.reveal(item)
            self.edit(item)
        elif isinstance(item, Idea):
            self.action_add_date(idea=item)
        elif item is not None:
            self.action_goals()

    # -- actions: help, problems ---------------------------------------------------------

    def help_rows(self) -> list[HelpRow]:
        rows = help_rows(self.binding_sources(), self.keys_for)
        rows.append((*PALETTE, "everywhere"))
        rows.append(("e, x on a routine", "Ask: this one, or all from now on", "week grid"))
        rows.append(("space, ⇧arrows, < >", "On a routine: that one only, no question", "week grid"))
        return rows

    def help_dialog(self, rows: list[HelpRow] | None = None) -> Any:
        """Help as `?` opens it now (kept: see weekplan.app.kept_dialogs), or None where
        this version has none: the planner's keys, or `rows` (a dialog's own)."""
        cls = self._screen_class("help_screen", "HelpScreen")
        if cls is None:
            return None
        rows = self.help_rows() if rows is None else rows
        return self.kept_dialogs.get("help", cls, lambda: cls(rows), lambda help: help.reopen(rows))

    def action_help(self) -> None:
        dialog = self.help_dialog()
        if dialog is not None:
            self.push_screen(dialog)

    def action_show_problems(self) -> None:
        if not self.problems:
            self.notify("Every file reads fine", markup=False)
            return
        cls = self._screen_class("error_screen", "ErrorScreen")
        if cls is not None:
            self.push_screen(cls("Files that could not be read", [str(e) for e in self.problems]))

    # -- the command palette --------------------------------------------------------------

    def palette_commands(self) -> Iterable[tuple[str, str, Callable[[], Any]]]:
        """(name, help, callback) for every planner action, for the command palette."""
        seen: set[str] = set()
        for where, node, bindings in self.binding_sources():
            for binding in bindings:
                if binding.action in seen:
                    continue
                seen.add(binding.action)
                action = binding.action

                def run(action: str = action, node: Any = node) -> Any:
                    return self.run_action(action, node)

                yield binding.tooltip or binding.description, f"{self.keys_for(binding)} · {where}", run
        yield "Show file problems", "the files that could not be read, with line and column", self.action_show_problems
        yield "Export to iCalendar…", "everything, for a phone or another calendar", self.action_export_calendar
        yield (
            "Import iCalendar…",
            "an .ics file: shows what it adds, then asks",
            self.action_import_calendar,
        )
