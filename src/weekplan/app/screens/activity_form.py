"""Add or edit one activity of your own week."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Checkbox

from weekplan.app.dimmed_backdrop import DimmedBackdrop
from weekplan.app.kept_dialogs import RestyledWhenNeeded
from weekplan.app.screens.category_form import CategoryForm
from weekplan.display import display_for, reading_language
from weekplan.form_rules import (
    ACTIVITY_MINUTES,
    Checked,
    FieldError,
    activity_fields,
    default_end,
    read_activity,
    read_day,
    read_end,
    read_time,
)
from weekplan.model import Activity, Config, new_id
from weekplan.record import replace
from weekplan.weeks import format_time


class ActivityForm(RestyledWhenNeeded, DimmedBackdrop, CategoryForm[Activity]):
    """Returns the new or changed Activity (not saved: the app saves it), or None."""

    def __init__(self, config: Config, *, day: date, start: int, activity: Activity | None = None) -> None:
        super().__init__()
        self._begin(config, day, start, activity)

    def reopen(self, config: Config, *, day: date, start: int, activity: Activity | None = None) -> bool:
        """Shown again (see weekplan.app.kept_dialogs) as a new form for these would be;
        False when the settings changed: the category field was built from them."""
        if config is not self.config:
            return False
        self._begin(config, day, start, activity)
        self._earlier = None  # read again from the store, which may have changed
        self.field_control("done", Checkbox).value = self._start_done
        self.refill(self._start_values)
        return True

    def _begin(self, config: Config, day: date, start: int, activity: Activity | None) -> None:
        self.config = config
        self.activity = activity
        self.item_id = activity.id if activity else new_id()
        self.TITLE_TEXT = "Edit activity" if activity else "New activity"
        self.suggests = activity is None
        if activity is not None:
            self._start_values = activity_fields(activity)
            self._start_done = activity.done
        else:
            self._start_values = {
                "title": "",
                "date": day.isoformat(),
                "start": format_time(start),
                "end": format_time(default_end(start, ACTIVITY_MINUTES)),
                "category": "",
                "notes": "",
            }
            self._start_done = False

    def fields(self) -> ComposeResult:
        v = self._start_values
        yield self.text_row("Title", "title", v["title"], placeholder="what is it?", classes="wide")
        yield self.text_row("Date", "date", v["date"], placeholder="fri, 24 dec", classes="date")
        yield self.text_row("Start", "start", v["start"], placeholder="19:00, 7pm", classes="time")
        yield self.text_row("End", "end", v["end"], placeholder="9pm, 1h30", classes="time")
        yield from self.category_rows(v["category"])
        done = Checkbox("done", self._start_done, classes="field", compact=True)
        yield self.row("Done", "done", done)
        yield self.text_row("Notes", "notes", v["notes"], classes="wide")
        yield from self.share_rows(self.activity.share if self.activity else "busy")

    def check(self) -> Checked[Activity]:
        done = self.field_control("done", Checkbox).value
        values = self.values()
        checked = read_activity(
            values,
            self.config,
            item_id=self.item_id,
            done=done,
            base=self.activity,
            today=self.today,
            earlier=self.earlier,
        )
        checked.notes.update(display_notes(self.config, values, self.today))
        if checked.value is not None:
            share = self.chosen_share(checked.value.share)
            return Checked(replace(checked.value, share=share), checked.errors, checked.notes)
        return checked


def display_notes(config: Config, values: Mapping[str, str], today: date | None) -> dict[str, str]:
    """The date and times typed so far, as this person reads them (a 12-hour clock,
    their language's day names): the fields keep what they are typed in.  The date is
    read as the form saves it: from the form's `today` (None: the clock's), "this sat"
    in the planner's week."""

    def read(reader: Callable[..., Any], name: str, *args: Any, **kwargs: Any) -> Any:
        text = values.get(name, "").strip()
        try:
            return reader(text, *args, **kwargs) if text else None
        except FieldError:
            return None  # the field's error says what is wrong

    language = reading_language(config)
    day, start = read(read_day, "date", today, config.first_weekday, language), read(read_time, "start")
    end = read(read_end, "end", start, wrap=True) if start is not None else None
    return display_for(config).form_notes(day, start, end)
