"""Plan or edit a special date together, from an idea in the backlog or from scratch."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Checkbox, Select

from weekplan.app.screens.activity_form import display_notes
from weekplan.app.screens.form_base import FormScreen
from weekplan.display import reading_language
from weekplan.display_text import one_line
from weekplan.form_rules import DATE_MINUTES, Checked, read_special, special_fields
from weekplan.model import DATE_STATUSES, Config, Idea, SpecialDate, new_id
from weekplan.people import my_name
from weekplan.weeks import MINUTES_PER_DAY, format_time

NO_IDEA = ""


def _end_after(start: int, minutes: int) -> int:
    """A new date's end; past midnight it wraps to the next day, as dates may."""
    end = start + minutes
    return end if end <= MINUTES_PER_DAY else end - MINUTES_PER_DAY


def _idea_label(idea: Idea) -> Text:
    # rich Text, not a str: an idea's title is shown as typed, never as markup,
    # and Select's type-to-search still reads it.
    return Text(one_line(idea.title))


class DateForm(FormScreen[SpecialDate]):
    """Returns the new or changed SpecialDate (not saved: the app saves it), or None."""

    def __init__(
        self,
        config: Config,
        ideas: list[Idea],
        *,
        day: date,
        start: int | None,
        special: SpecialDate | None = None,
        idea: Idea | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.special = special
        self.item_id = special.id if special else new_id()
        self.ideas = {i.id: i for i in sorted(ideas, key=lambda i: (i.title.casefold(), i.id))}
        self.TITLE_TEXT = "Edit special date" if special else "Plan a special date"
        if special is not None and special.added_by and my_name(config):
            self.TITLE_TEXT += f" · added by {one_line(special.added_by)}"
        if special is not None:
            self._start_values = special_fields(special, my_name(config))
            self._start_status = special.status
            self._start_idea = special.idea
            self._start_prep_done = special.prep_done
        else:
            self._start_values = {
                "title": "",
                "date": day.isoformat(),
                "start": "" if start is None else format_time(start),
                "end": "" if start is None else format_time(_end_after(start, DATE_MINUTES)),
            }
            self._start_status = "planned"
            self._start_idea = NO_IDEA
            self._start_prep_done = False
        if idea is not None:
            self.ideas.setdefault(idea.id, idea)
            self._start_idea = idea.id
            if special is None:
                self._start_values.update(self._prefill(idea, self._start_values))

    @staticmethod
    def _prefill(idea: Idea, current: dict[str, str]) -> dict[str, str]:
        """Title (and place, for an idea that is a place) from the idea, where still empty."""
        filled: dict[str, str] = {}
        if not current.get("title", "").strip():
            filled["title"] = idea.title
        if idea.kind == "place" and not current.get("place", "").strip():
            filled["place"] = idea.title
        return filled

    def fields(self) -> ComposeResult:
        v = self._start_values
        options: list[tuple[Text, str]] = [(_idea_label(i), i.id) for i in self.ideas.values()]
        if self._start_idea and self._start_idea not in self.ideas:
            # The idea was removed from the backlog: keep the link rather than drop it.
            gone = one_line(self._start_idea)
            options.append((Text(f"(idea {gone}, no longer in the list)"), self._start_idea))
        idea_select: Select[str] = Select(
            options,
            prompt="none",
            allow_blank=True,
            value=self._start_idea or Select.NULL,
            classes="field",
            compact=True,
        )
        yield self.row("From idea", "idea", idea_select)
        yield self.text_row("Title", "title", v.get("title", ""), placeholder="what", classes="wide")
        yield self.text_row("Date", "date", v["date"], placeholder="fri, 24 dec", classes="date")
        yield self.text_row("Start", "start", v["start"], placeholder="optional", classes="time")
        yield self.text_row("End", "end", v["end"], placeholder="optional", classes="time")
        yield self.text_row("Place", "place", v.get("place", ""), classes="wide")
        status: Select[str] = Select(
            [(s, s) for s in DATE_STATUSES],
            allow_blank=False,
            value=self._start_status if self._start_status in DATE_STATUSES else "planned",
            classes="field",
            compact=True,
        )
        yield self.row("Status", "status", status)
        yield self.text_row("Prepare", "prep", v.get("prep", ""), placeholder="e.g. book the table", classes="wide")
        yield self.text_row("Days ahead", "prep_days", v.get("prep_days", ""), classes="small")
        prepared = Checkbox("done", self._start_prep_done, classes="field", compact=True)
        yield self.row("Prepared", "prep_done", prepared)
        yield self.text_row("Notes", "notes", v.get("notes", ""), classes="wide")
        mine = "Your " if my_name(self.config) else ""  # the partner's own stay theirs
        yield self.text_row(
            f"{mine}rating".capitalize(), "rating", v.get("rating", ""), placeholder="1–5", classes="small"
        )
        yield self.text_row(
            f"{mine}memory".capitalize(),
            "memory",
            v.get("memory", ""),
            placeholder="a line to remember it by",
            classes="wide",
        )

    def first_field(self) -> Widget:
        # A new date starts at the idea picker when there are ideas to pick from; one
        # with an idea or a past, or a backlog still empty, starts at its title.
        if self.special is None and self._start_idea == NO_IDEA and self.ideas:
            return self.field_control("idea", Select)
        return self.text_input("title")

    def on_key(self, event: events.Key) -> None:
        # A closed Select ignores typing: someone who starts typing a title at the idea
        # picker gets it in the title rather than losing it (enter still opens the list,
        # where typing searches the ideas).
        picker = self.field_control("idea", Select)
        if self.focused is picker and not picker.expanded and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            title = self.text_input("title")
            title.cursor_position = len(title.value)
            title.insert_text_at_cursor(event.character)
            title.focus()

    def _idea_id(self) -> str:
        value = self.field_control("idea", Select).value
        return value if isinstance(value, str) else NO_IDEA

    @on(Select.Changed, "#field-idea")
    def _idea_chosen(self, event: Select.Changed) -> None:
        idea = self.ideas.get(event.value) if isinstance(event.value, str) else None
        if idea is not None:
            for name, text in self._prefill(idea, self.values()).items():
                self.text_input(name).value = one_line(text, limit=None)
        self.refresh_messages()

    @on(Select.Changed, "#field-status")
    def _status_chosen(self) -> None:
        self.refresh_messages()

    def check(self) -> Checked[SpecialDate]:
        status = self.field_control("status", Select).value
        idea_id = self._idea_id()
        today = getattr(self.app, "today", None)
        checked = read_special(
            self.values(),
            item_id=self.item_id,
            idea=idea_id,
            status=status if isinstance(status, str) else "planned",
            prep_done=self.field_control("prep_done", Checkbox).value,
            base=self.special,
            today=today,
            first_weekday=self.config.first_weekday,
            me=my_name(self.config),
            language=reading_language(self.config),
        )
        idea = self.ideas.get(idea_id)
        if idea is not None:
            checked.notes["idea"] = " · ".join([idea.kind, *idea.tags])
        shown = display_notes(self.config, self.values(), today)
        # "ends the next day" says more than the time alone: both, then.
        if "end" in shown and checked.notes.get("end"):
            shown["end"] += f", {checked.notes['end']}"
        checked.notes.update(shown)
        return checked
