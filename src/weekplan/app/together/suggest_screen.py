"""Suggest: the idea to try next and a free evening of the shown week for it, free
for both when the partner shares busy times (weekplan.partner_busy).

Never-tried ideas come first, then the least recently done (weekplan.together
decides); tags narrow the list as they are typed.  Enter plans the highlighted idea
on the offered evening and returns the new date; the app saves it (after the
novelty warning, when one is due).
"""

from __future__ import annotations

from datetime import date

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from weekplan.app import keymap
from weekplan.display import display_for
from weekplan.display_text import one_line
from weekplan.earlier_years import dates_and_history
from weekplan.model import Config, Idea, SpecialDate
from weekplan.partner_busy import evenings_for_both
from weekplan.people import love_marks
from weekplan.privacy import veil
from weekplan.store import Store
from weekplan.together import (
    FreeEvening,
    IdeaStats,
    date_from_idea,
    novelty_reach,
    novelty_warning,
    suggestion_order,
    time_ago,
)

from ..dimmed_backdrop import DimmedBackdrop
from ..kept_dialogs import RestyledWhenNeeded, SteadyOptionList, show_focus, show_text, show_title
from ..key_bar import KeyBar
from ..keys_now import key_of
from .dialog import IdeaListDialog, tags_placeholder

DIM = Style(dim=True)


def stats_line(use: IdeaStats, today: date, accent: str, *, privacy: bool) -> Text:
    """An idea with what its dates say: new, planned, or how often and how long ago."""
    line = Text()
    line.append(veil(one_line(use.idea.title), privacy), Style(bold=use.never_tried))
    if use.idea.loves:  # one mark for each partner who would love to do it
        line.append(f" {love_marks(use.idea)}", Style(color=accent))
    if use.next_planned is not None:
        line.append(f"  planned for {use.next_planned:%a %-d %b}", DIM)
    elif use.never_tried:
        line.append("  ✦ never tried", Style(bold=True, color=accent))
    else:
        assert use.last_done is not None
        line.append(f"  {use.times_done}×, last {time_ago(use.last_done, today)}", DIM)
    tags = one_line(" ".join(use.idea.tags))
    line.append(f"  · {use.idea.kind}{'  ' + tags if tags else ''}", DIM)
    return line


class SuggestScreen(RestyledWhenNeeded, DimmedBackdrop, IdeaListDialog[SpecialDate | None]):
    """Returns the planned date (not saved yet) or None."""

    BINDINGS = keymap.SUGGEST
    TAGS_ID = "suggest-tags"
    _listed: tuple[object, ...] | None = None  # what the list's lines were made from

    def __init__(
        self,
        store: Store,
        config: Config,
        today: date,
        first_day: date,
        *,
        privacy: bool = False,
        tags: tuple[str, ...] = (),
    ) -> None:
        super().__init__(store, config, today, privacy=privacy)
        self._begin(today, first_day, privacy, tags)

    def reopen(
        self,
        store: Store,
        config: Config,
        today: date,
        first_day: date,
        *,
        privacy: bool = False,
        tags: tuple[str, ...] = (),
    ) -> bool:
        """Shown again (see weekplan.app.kept_dialogs) as a new one for these would be;
        False for another store or other settings."""
        if store is not self.store or config is not self.config:
            return False
        self._begin(today, first_day, privacy, tags)
        show_title(self.query_one("#suggest-dialog"), self.heading)
        field = self.query_one(f"#{self.TAGS_ID}", Input)
        field.value = self._tags_text()
        field.cursor_position = len(field.value)
        self.show_tags_hint(tags_placeholder(self.ideas))
        self.on_mount()
        self.refresh_bindings()  # another week may have more or fewer evenings to go between
        return True

    def _begin(self, today: date, first_day: date, privacy: bool, tags: tuple[str, ...]) -> None:
        self.today = today
        self.privacy = privacy
        self.first_day = first_day
        self.tags = tags
        # Every year counts for the ideas; the novelty of an evening from today on looks
        # at most novelty_reach back, which may reach into last year.
        since = min(today.year, novelty_reach(today, self.config)[0].year)
        self.dates, self.earlier = dates_and_history(self.store, today, since)
        self.ideas = list(self.store.ideas().items.values())
        self.offer = evenings_for_both(self.store, first_day, today)
        self.evenings: list[FreeEvening] = self.offer.evenings
        self.evening_index = 0
        self.shown: list[IdeaStats] = []

    @property
    def heading(self) -> str:
        return f"Suggest a date · {display_for(self.config).week_label(self.first_day)}"

    def _tags_text(self) -> str:
        return one_line(" ".join(self.tags), limit=None)

    @property
    def evening(self) -> FreeEvening | None:
        return self.evenings[self.evening_index] if self.evenings else None

    @property
    def other_evenings(self) -> bool:
        """Whether there is another evening to go to: the one rule for the arrows, in the
        footer and in the hint."""
        return len(self.evenings) > 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.other_evenings if action == "evening" else True

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="suggest-dialog") as dialog:
            dialog.border_title = self.heading
            yield Static(id="suggest-evening", markup=False)
            yield self.tags_row(self._tags_text(), placeholder=tags_placeholder(self.ideas))
            yield SteadyOptionList(id="suggest-list")
            yield Static(id="suggest-warning", markup=False)
            yield Static(id="suggest-hint", markup=False)
        yield KeyBar()  # whole keys only: a Footer cuts its last key mid-word when narrow

    def on_mount(self) -> None:
        self._show_evening()
        self.show_ideas()
        show_focus(self.query_one("#suggest-list", OptionList))

    def idea_list(self) -> OptionList:
        return self.query_one("#suggest-list", OptionList)

    def _show_evening(self) -> None:
        label = self.query_one("#suggest-evening", Static)
        evening = self.evening
        self._show_hint()
        arrows = f"{self._key('evening(-1)')}/{self._key('evening(1)')}"
        label.set_class(evening is None, "-none")
        note = f"\n{self.offer.note()}" if self.offer.note() else ""
        if evening is None:
            show_text(label, self.offer.none_left() + note)
        else:
            others = len(self.evenings) - 1
            more = f"  ({others} more free: {arrows})" if others else ""
            show_text(label, f"{self.offer.label(evening)}{more}{note}")
        self._show_warning()

    def _show_hint(self) -> None:
        """The keys that do something now: enter only with an idea listed and an evening
        to plan it on, the arrows only with another evening to go to.  Enter is the
        list's own key, whatever config.toml gives suggest.accept; the others are named
        as the footer names them."""
        plan = "enter plans it on that evening · " if self.evening is not None and self.shown else ""
        arrows = f"{self._key('evening(-1)')}/{self._key('evening(1)')}"
        others = f"{arrows} another evening · " if self.other_evenings else ""
        hint = f"{plan}{others}{self._key('filter')} tags · {self._key('cancel')} close"
        show_text(self.query_one("#suggest-hint", Static), hint)

    def how_to_add(self) -> str:
        close, backlog = self._key("cancel"), key_of(self.app, keymap.PLANNER, "app.ideas")
        return f"{close} closes this, then {backlog} opens the idea backlog to add some"

    def _key(self, action: str) -> str:
        """The key that runs `action` here now (config.toml's [keys] included), as the
        footer and help show it."""
        return key_of(self.app, self.BINDINGS, action)

    def show_ideas(self) -> None:
        listing = self.query_one("#suggest-list", SteadyOptionList)
        tags = self.wanted_tags()
        self.shown = suggestion_order(self.ideas, self.dates, self.today, tags, self.earlier)
        accent = self.together_color()
        listed = (self.shown, tags, self.today, accent, self.privacy)
        if listed != self._listed:  # opened again on the same ideas: the same lines
            options: list[Option | None] = [
                Option(stats_line(use, self.today, accent, privacy=self.privacy), id=use.idea.id) for use in self.shown
            ]
            if not options:
                options.append(Option(Text(self.why_none_listed(), DIM), disabled=True))
            listing.show_options(options)
            self._listed = listed
        listing.highlighted = 0 if self.shown else None
        self._show_warning()
        self._show_hint()

    def _idea(self) -> Idea | None:
        option = self.query_one("#suggest-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return next((use.idea for use in self.shown if use.idea.id == option.id), None)

    def _show_warning(self) -> None:
        idea, evening = self._idea(), self.evening
        warning = None
        if idea is not None and evening is not None:
            warning = novelty_warning(idea.id, evening.day, self.dates, self.config, self.today)
        show_text(self.query_one("#suggest-warning", Static), f"⚠ {one_line(warning.message)}" if warning else "")

    @on(OptionList.OptionHighlighted, "#suggest-list")
    def _moved(self) -> None:
        self._show_warning()

    @on(OptionList.OptionSelected, "#suggest-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_accept()

    def action_evening(self, step: int) -> None:
        self.evening_index = (self.evening_index + step) % len(self.evenings)
        self._show_evening()

    def action_accept(self) -> None:
        idea, evening = self._idea(), self.evening
        if idea is None or evening is None:
            self.app.bell()
            if evening is None:
                plan = key_of(self.app, keymap.WEEK_GRID, "app.add_date")
                self.notify(f"No free evening in this week; plan it from the grid with {plan} instead", markup=False)
            return
        self.dismiss(date_from_idea(idea, evening.day, evening.start, evening.end))

    def action_cancel(self) -> None:
        self.dismiss(None)
