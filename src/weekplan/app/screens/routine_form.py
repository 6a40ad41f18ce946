"""A new routine: an activity that repeats on some weekdays, every week or every few."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult

from weekplan.app.screens.category_form import CategoryForm
from weekplan.form_rules import Checked
from weekplan.model import Config, new_id
from weekplan.routine_rules import DAYS_HELP, new_routine_fields, read_routine
from weekplan.routines import Routine


class RoutineForm(CategoryForm[Routine]):
    """Returns the new Routine (not saved: the app saves it), or None."""

    TITLE_TEXT = "New routine"
    QUIET_UNTIL_TOUCHED = ("title", "category", "days")

    def __init__(self, config: Config, *, day: date, start: int) -> None:
        super().__init__()
        self.config = config
        self.item_id = new_id()
        self._start_values = new_routine_fields(day, start)

    def fields(self) -> ComposeResult:
        v = self._start_values
        yield self.text_row("Title", "title", v["title"], placeholder="what is it?", classes="wide")
        yield self.text_row("Days", "days", v["days"], placeholder=DAYS_HELP, classes="mid")
        yield self.text_row("Start", "start", v["start"], placeholder="7am, 07:00", classes="time")
        yield self.text_row("End", "end", v["end"], placeholder="8am, 1h", classes="time")
        yield from self.category_rows(v["category"])
        yield self.text_row("First", "first", v["first"], placeholder="mon, 1 dec", classes="date")
        yield self.text_row("Last", "last", v["last"], placeholder="no end", classes="date")
        yield self.text_row("Interval", "interval", v["interval"], placeholder="1", classes="small")
        yield self.text_row("Notes", "notes", v["notes"], classes="wide")

    def check(self) -> Checked[Routine]:
        return read_routine(self.values(), self.config, item_id=self.item_id, today=self.today, earlier=self.earlier)
