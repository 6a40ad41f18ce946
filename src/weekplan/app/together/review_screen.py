"""The weekly review (`r`): a look back at a week — the one ending, from its Friday
on, otherwise the one before; `[` and `]` pick another.

Its activities are marked done or skipped with a key on each row, past dates get a
rating (1–5) and a line to remember them by, goals show as met or missed, the week
gets a note, and what is still open is carried into the following week with `c`.

Every key is an edit of its own, handed to `save` (the app puts it through its
undo history), so nothing here writes and `u` on the planner takes back any of it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from weekplan.app import keymap
from weekplan.display import display_for
from weekplan.display_text import one_line, quoted
from weekplan.history import Change, Step, added
from weekplan.model import Activity, Config, SpecialDate, WeekNote
from weekplan.people import memories_of, memory_by, my_name, rating_by, ratings_of, stars, with_say_of
from weekplan.privacy import veil
from weekplan.record import replace
from weekplan.store import Store
from weekplan.together import (
    Review,
    carry_over,
    date_span,
    dates_to_be_rated,
    rate_date,
    review_week_start,
    weekly_review,
)
from weekplan.tomlfile import DataError
from weekplan.weeks import view_start, view_week

from ..dimmed_backdrop import DimmedBackdrop
from ..kept_dialogs import RestyledWhenNeeded, SteadyOptionList, show_focus, show_text, show_title
from ..key_bar import KeyBar
from ..keys_now import key_of
from .dialog import TogetherDialog

DIM = Style(dim=True)
HEADING = Style(bold=True)


class ReviewScreen(RestyledWhenNeeded, DimmedBackdrop, TogetherDialog[None]):
    """Closes with None: every change was saved through `save` as it was made."""

    BINDINGS = keymap.REVIEW
    _listed: tuple[object, ...] | None = None  # what the list's lines were made from

    def __init__(
        self,
        store: Store,
        config: Config,
        today: date,
        *,
        save: Callable[[Step], bool],
        privacy: bool = False,
        first_day: date | None = None,
    ) -> None:
        super().__init__(store, config, today, privacy=privacy)
        self._begin(today, save, privacy, first_day)

    def reopen(
        self,
        store: Store,
        config: Config,
        today: date,
        *,
        save: Callable[[Step], bool],
        privacy: bool = False,
        first_day: date | None = None,
    ) -> bool:
        """Shown again (see weekplan.app.kept_dialogs) as a new one for these would be;
        False for another store or other settings."""
        if store is not self.store or config is not self.config:
            return False
        self._begin(today, save, privacy, first_day)
        self.query_one("#review-memory", Input).password = privacy
        self._show_week()
        self.on_mount()  # the first row highlighted, as a new one starts (unchanged: no repaint)
        self.query_one("#review-list", OptionList).scroll_home(animate=False)
        return True

    def _begin(self, today: date, save: Callable[[Step], bool], privacy: bool, first_day: date | None) -> None:
        self.today = today
        self.save = save
        self.privacy = privacy
        self.latest = view_start(today, self.config.first_weekday)  # no looking back on weeks to come
        # The week asked for (from the overview), or the one a person would mean now.
        wanted = review_week_start(today, self.config.first_weekday) if first_day is None else first_day
        self._use_week(min(wanted, self.latest))
        self._read()
        # The dates asked about stay on the list once rated, so a person sees the stars.
        self.rating_ids = [d.id for d in self.review.to_rate]
        # The date whose line to remember it by is open, as it was when shown, and the
        # line the field was filled with: a field left as filled is no edit.
        self.editing_memory: SpecialDate | None = None
        self.memory_filled_with = ""

    def _use_week(self, first_day: date) -> None:
        self.first_day = first_day
        self.coming_day = first_day + timedelta(days=7)
        self.week = view_week(first_day)

    @property
    def heading(self) -> str:
        return f"Weekly review · {display_for(self.config).week_label(self.first_day)}"

    # -- reading ------------------------------------------------------------------

    def _read(self) -> None:
        """The review of the week, and the dates it was made from: the rows of the dates
        to rate come from that one reading of every year's dates."""
        last = self.first_day + timedelta(days=6)
        dates = self.store.dates()
        self.dates_read: dict[str, SpecialDate] = dates.items
        self.dates_errors: list[DataError] = dates.errors
        self.review: Review = weekly_review(
            self.first_day,
            self.store.activities_between(self.first_day, last),
            list(self.dates_read.values()),
            list(self.store.goals().items.values()),
            self.config,
            self.today,
        )

    def _week_activities(self) -> list[Activity]:
        r = self.review
        return sorted(r.done + r.skipped + r.open, key=lambda a: (a.date, a.start, a.end, a.title, a.id))

    def _rated_dates(self) -> list[SpecialDate]:
        return [self.dates_read[i] for i in self.rating_ids if i in self.dates_read]

    # -- building ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="review-dialog") as dialog:
            dialog.border_title = self.heading
            yield Static(id="review-summary", markup=False)
            yield SteadyOptionList(id="review-list")
            with Horizontal(id="review-memory-row", classes="review-row"):
                yield Label("Memory", classes="review-label")
                yield Input(
                    placeholder="a line to remember it by (enter saves, esc leaves it)",
                    id="review-memory",
                    compact=True,
                    password=self.privacy,
                )
            with Horizontal(classes="review-row"):
                yield Label("Week note", classes="review-label")
                yield Input(
                    one_line(self.store.week_note(self.week), limit=None),
                    placeholder="how the week went, in a line (enter saves)",
                    id="review-note",
                    compact=True,
                )
            yield Static(id="review-hint", markup=False)
        yield KeyBar()  # whole keys only: a Footer cuts its last key mid-word when narrow

    def on_mount(self) -> None:
        self.query_one("#review-memory-row").display = False
        self._show()
        listing = self.query_one("#review-list", OptionList)
        show_focus(listing)
        listing.highlighted = next((i for i, o in enumerate(listing.options) if not o.disabled), None)
        self._show_hint()  # for that row now: the first frame is the whole review

    def _activity_line(self, activity: Activity) -> Text:
        category = self.config.category(activity.category)
        color = category.color if category else None
        if activity.done:
            mark, state = "✓", "done"
        elif activity.skipped:
            mark, state = "–", "skipped"
        else:
            mark, state = "·", "open"
        line = Text()
        line.append(f"{mark} ", Style(color=color, bold=True))
        display = display_for(self.config)
        line.append(f"{display.weekday(activity.date)} {display.time_range(activity.start, activity.end)}  ", DIM)
        line.append(one_line(activity.title), Style(dim=activity.skipped, strike=activity.skipped))
        line.append(f"  #{one_line(activity.category)}  ", DIM)
        line.append(state, Style(bold=state == "done", italic=state == "open"))
        return line

    def _date_line(self, special: SpecialDate) -> Text:
        line = Text()
        line.append("♥ ", Style(color=self.together_color()))
        display = display_for(self.config)
        span = date_span(special, display)
        line.append(f"{display.weekday_day_month(special.date)}{' ' + span if span else ''}  ", DIM)
        line.append(veil(one_line(special.title), self.privacy))
        me = my_name(self.config)
        if me:
            self._both_say(line, special, me)
        elif special.rating is None:
            line.append(f"  not rated yet: {self._rate_keys()}", Style(italic=True))
        else:
            line.append("  " + "★" * special.rating + "☆" * (5 - special.rating), Style(color="#e0a800"))
        if special.memory:
            line.append(f"\n    {veil(one_line(special.memory), self.privacy)}", Style(italic=True, dim=True))
        return line

    def _both_say(self, line: Text, special: SpecialDate, me: str) -> None:
        """Each partner's rating and memory, under their name; this person's first."""
        ratings = dict(ratings_of(special))
        if me not in ratings:
            line.append(f"  not rated by you yet: {self._rate_keys()}", Style(italic=True))
        for name, rating in sorted(ratings.items(), key=lambda pair: pair[0] != me):
            line.append(f"  {stars(rating)}", Style(color="#e0a800"))
            line.append(f" {one_line(name)}".rstrip(), DIM)
        for name, memory in sorted(memories_of(special), key=lambda pair: pair[0] != me):
            said = f"{one_line(name)}: " if name else ""
            line.append(f"\n    {said}{veil(one_line(memory), self.privacy)}", Style(italic=True, dim=True))

    def _show(self) -> None:
        review = self.review
        listing = self.query_one("#review-list", SteadyOptionList)
        keep = listing.highlighted_option.id if listing.highlighted_option is not None else None
        rated = self._rated_dates()
        listed = (review, rated, self.privacy)
        if listed != self._listed:  # opened again on the same week and data: the same lines
            listing.show_options(self._options(review, rated))
            self._listed = listed
        if keep is not None:
            try:
                listing.highlighted = listing.get_option_index(keep)
            except OptionDoesNotExist:
                listing.highlighted = None
        goals = f" · goals met {len(review.goals_met)}/{len(review.goals)}" if review.goals else ""
        show_text(
            self.query_one("#review-summary", Static),
            f"{len(review.done)} done · {len(review.skipped)} skipped · {len(review.open)} still open{goals}",
        )
        self._show_hint()

    def _options(self, review: Review, rated: list[SpecialDate]) -> list[Option | None]:
        options: list[Option | None] = [Option(Text("Your week", HEADING), disabled=True)]
        activities = self._week_activities()
        options += [Option(self._activity_line(a), id=f"activity:{a.id}") for a in activities]
        if not activities:
            options.append(Option(Text("  nothing was planned", DIM), disabled=True))
        options += [None, Option(Text("Dates to rate", HEADING), disabled=True)]
        options += [Option(self._date_line(d), id=f"date:{d.id}") for d in rated]
        if not rated:
            options.append(Option(Text(f"  {self._nothing_to_rate()}", DIM), disabled=True))
        options += [None, Option(Text("Goals", HEADING), disabled=True)]
        for progress in review.goals:
            line = Text()
            line.append("✓ " if progress.met else "✗ ", Style(bold=True, color="#2e9d5b" if progress.met else None))
            line.append(one_line(progress.label))
            line.append("  met" if progress.met else "  missed", DIM)
            options.append(Option(line, id=f"goal:{progress.goal.category}"))
        if not review.goals:
            options.append(Option(Text("  no goals set", DIM), disabled=True))
        return options

    def _nothing_to_rate(self) -> str:
        """Why no date is listed to rate: the dates cannot be read, every past one is
        rated, or there is none yet (a date still to come is rated once it is over)."""
        if self.dates_errors:
            return "the dates cannot be read now"
        if dates_to_be_rated(self.dates_read.values(), self.today):
            return "every date is rated"
        return "no past date to rate yet" if self.dates_read else "no dates yet"

    def _show_hint(self) -> None:
        """What the keys do on the highlighted row, each named as the footer names it now
        (config.toml's [keys] included)."""
        kind, _ = self._highlighted()
        coming = view_week(self.coming_day).week
        open_count = len(self.review.open)
        key = self._key
        done, skipped, reopen = (key(f"mark('{state}')") for state in ("done", "skipped", "open"))
        parts = {
            "activity": f"{done} done · {skipped} skipped · {reopen} open again",
            "date": f"{self._rate_keys()} rate · {key('memory')} a line to remember it by",
        }
        into = f"into week {coming}"
        carry = f"{key('carry')} carries the {open_count} still open {into}" if open_count else "nothing left open"
        lead = parts.get(kind or "", "")
        weeks = f"{key('note')} note · {key('week(-1)')} {key('week(1)')} another week · {key('close')} close"
        show_text(self.query_one("#review-hint", Static), " · ".join(p for p in (lead, carry, weeks) if p))

    def _key(self, action: str) -> str:
        return key_of(self.app, self.BINDINGS, action)

    def _rate_keys(self) -> str:
        """The keys that rate 1 to 5, as one span when they are the five digits."""
        keys = [self._key(f"rate({n})") for n in range(1, 6)]
        return f"{keys[0]}–{keys[-1]}" if keys == ["1", "2", "3", "4", "5"] else "/".join(keys)

    # -- the highlighted row --------------------------------------------------------

    def _highlighted(self) -> tuple[str | None, str]:
        option = self.query_one("#review-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return None, ""
        kind, _, ident = option.id.partition(":")
        return kind, ident

    @on(OptionList.OptionHighlighted, "#review-list")
    def _moved(self) -> None:
        self._show_hint()

    def _selected_activity(self) -> Activity | None:
        kind, ident = self._highlighted()
        if kind != "activity":
            return None
        return next((a for a in self._week_activities() if a.id == ident), None)

    def _date_as_shown(self, ident: str, unchanged: str, shown: SpecialDate | None = None) -> SpecialDate | None:
        """The date with this id as its row shows it (or as `shown`), when the store
        holds it so still.  Another planner, a sync or an undo may have changed or
        removed it since: then this says so (`unchanged`: what was not done), shows the
        dates as they are now, and gives None, so no key acts on a date the person did
        not see."""
        shown = shown or self.dates_read.get(ident)
        dates = self.store.dates()
        now = dates.items.get(ident)
        if shown is not None and now == shown:
            return shown
        name = quoted(veil(shown.title, self.privacy)) if shown is not None else "That date"
        errors = self._errors_of_its_file(shown, dates.errors)
        if now is not None:
            happened = "was changed since it was shown"
        elif errors:  # its file cannot be read now: it may well be there still
            happened = f"is not among the dates that can be read ({one_line(str(errors[0]))})"
        else:
            happened = "is no longer among the dates"
        self.notify(f"{name} {happened}: {unchanged}; the dates are shown as they are now", markup=False)
        self._read()
        self._show()
        return None

    def _errors_of_its_file(self, special: SpecialDate | None, errors: list[DataError]) -> list[DataError]:
        """What cannot be read in the file that holds this date (its year's, or the
        dates.toml of older versions), not in another year's."""
        if special is None:
            return []
        files = {self.store.dates_path(special.date.year), self.store.single_dates_path}
        return [e for e in errors if e.path in files]

    def _selected_date(self, unchanged: str) -> SpecialDate | None:
        """The highlighted row's date as shown (see _date_as_shown); a bell on another row."""
        kind, ident = self._highlighted()
        if kind != "date":
            self.app.bell()
            return None
        return self._date_as_shown(ident, unchanged)

    # -- saving ---------------------------------------------------------------------

    def _save(self, edit: Step) -> bool:
        ok = self.save(edit)
        self._read()
        self._show()
        return ok

    def action_mark(self, state: str) -> None:
        activity = self._selected_activity()
        if activity is None:
            self.app.bell()
            return
        if state == "done":
            done, skipped = not activity.done, False
        elif state == "skipped":
            done, skipped = False, not activity.skipped
        else:
            done, skipped = False, False
        after = replace(activity, done=done, skipped=skipped)
        if after != activity:
            word = "done" if done else "skipped" if skipped else "open"
            self._save(Change(f"mark {quoted(activity.title)} {word}", activity, after))

    def action_rate(self, rating: int) -> None:
        special = self._selected_date("not rated")
        if special is None:
            return
        rated = rate_date(special, rating, by=my_name(self.config))
        if rated != special:
            self._save(Change(f"rate {quoted(special.title)} {rating}/5", special, rated))

    def action_memory(self) -> None:
        special = self._selected_date("its line to remember it by was not opened")
        if special is None:
            return
        self.query_one("#review-memory-row").display = True
        self._fill_memory(special)
        self.query_one("#review-memory", Input).focus()

    def _fill_memory(self, special: SpecialDate) -> None:
        self.editing_memory = special
        self.memory_filled_with = one_line(self._my_memory(special), limit=None)  # one line, controls visible
        self.query_one("#review-memory", Input).value = self.memory_filled_with

    def _my_memory(self, special: SpecialDate) -> str:
        me = my_name(self.config)
        return memory_by(special, me) if me else special.memory

    def _close_memory(self) -> None:
        self.editing_memory = None
        self.query_one("#review-memory-row").display = False
        self.query_one("#review-list", OptionList).focus()

    @on(Input.Submitted, "#review-memory")
    def _memory_written(self, event: Input.Submitted) -> None:
        event.stop()
        opened = self.editing_memory
        if opened is None:
            return
        special = self._date_as_shown(opened.id, "the line was not saved", shown=opened)
        if special is None:
            self._memory_after_a_change(opened, typed=event.value != self.memory_filled_with)
            return
        mine = self._my_memory(special)
        if event.value != self.memory_filled_with and event.value.strip() != mine:
            me = my_name(self.config)
            if me:
                after = with_say_of(special, me, rating_by(special, me), event.value.strip())
            else:
                after = replace(special, memory=event.value.strip())
            self._save(Change(f"remember {quoted(special.title)}", special, after))
        self._close_memory()

    def _memory_after_a_change(self, opened: SpecialDate, *, typed: bool) -> None:
        """The field after its date changed under it.  Removed: it closes.  Its file
        cannot be read now: it stays as it is, for enter to try again.  Changed: a field
        left as filled takes the date's line as it is now; a typed line stays, and the
        line now kept is shown first, so enter never writes over it unseen."""
        now = self.dates_read.get(opened.id)
        if now is None:
            if not self._errors_of_its_file(opened, self.dates_errors):
                self._close_memory()
            return
        before = self.memory_filled_with
        if typed:
            typed_line = self.query_one("#review-memory", Input).value
            self._fill_memory(now)
            self.query_one("#review-memory", Input).value = typed_line
            if self.memory_filled_with != before:
                kept = veil(self.memory_filled_with, self.privacy) or "nothing"
                self.notify(f"Its line now reads {quoted(kept)}: enter saves yours over it", markup=False)
        else:
            self._fill_memory(now)

    def action_carry(self) -> None:
        review = self.review
        if not review.open:
            self.notify("Nothing is left open to carry over", markup=False)
            return
        last = self.coming_day + timedelta(days=6)
        copies = carry_over(review.open, self.coming_day, self.store.activities_between(self.coming_day, last))
        week = view_week(self.coming_day).week
        if not copies:
            self.notify(f"Already in week {week}: nothing new to carry", markup=False)
            return
        edit = added(f"carry {len(copies)} into week {week}", copies)
        assert edit is not None
        if self._save(edit):
            count = f"{len(copies)} activit{'y' if len(copies) == 1 else 'ies'}"
            self.notify(f"Carried {count} into week {week}; u on the planner takes them back", markup=False)

    def action_note(self) -> None:
        self.query_one("#review-note", Input).focus()

    def _save_note(self) -> None:
        text = self.query_one("#review-note", Input).value.strip()
        old = self.store.week_note(self.week)
        if text != old and text != one_line(old, limit=None).strip():  # the field shows it on one line
            self._save(Change(f"note for week {self.week.week}", WeekNote(self.week, old), WeekNote(self.week, text)))

    @on(Input.Submitted, "#review-note")
    def _note_written(self, event: Input.Submitted) -> None:
        event.stop()
        self._save_note()
        self.query_one("#review-list", OptionList).focus()

    def action_week(self, step: int) -> None:
        """Look back on another week: the note written so far is kept first."""
        first_day = self.first_day + timedelta(days=7 * step)
        if first_day > self.latest:
            self.notify("No later week to look back on: this one is under way", markup=False)
            return
        self._save_note()
        self._use_week(first_day)
        self._read()
        self.rating_ids = [d.id for d in self.review.to_rate]
        self._show_week()
        self._show()

    def _show_week(self) -> None:
        """The heading and the note of the week now under review."""
        show_title(self.query_one("#review-dialog"), self.heading)
        note = self.query_one("#review-note", Input)
        note.value = one_line(self.store.week_note(self.week), limit=None)
        note.cursor_position = len(note.value)

    def action_close(self) -> None:
        if self.editing_memory is not None:
            self._close_memory()
            return
        self._save_note()
        self.dismiss(None)
