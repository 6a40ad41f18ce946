"""A routine, new or whole: an activity that repeats on some weekdays, every week or
every few.  Editing one changes all its occurrences, past ones too; its exceptions
(single occurrences moved, changed or removed) stay as they were."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult

from weekplan.app.screens.category_form import CategoryForm
from weekplan.form_rules import Checked
from weekplan.model import Config, new_id
from weekplan.record import replace
from weekplan.routine_rules import DAYS_HELP, new_routine_fields, read_routine
from weekplan.routines import Routine, describe_days
from weekplan.weeks import format_time


def routine_fields(routine: Routine) -> dict[str, str]:
    """The text each field starts with for a routine being edited."""
    return {
        "title": routine.title,
        "days": describe_days(routine.days),
        "start": format_time(routine.start),
        "end": format_time(routine.end),
        "category": routine.category,
        "first": routine.first.isoformat(),
        "last": "" if routine.last is None else routine.last.isoformat(),
        "interval": str(routine.interval),
        "notes": routine.notes,
    }


class RoutineForm(CategoryForm[Routine]):
    """Returns the new or changed Routine (not saved: the app saves it), or None."""

    TITLE_TEXT = "New routine"
    QUIET_UNTIL_TOUCHED = ("title", "category", "days")

    def __init__(self, config: Config, *, day: date, start: int, routine: Routine | None = None) -> None:
        super().__init__()
        self.config = config
        self.routine = routine
        self.item_id = routine.id if routine is not None else new_id()
        self.suggests = routine is None
        if routine is not None:
            self.TITLE_TEXT = "Edit routine (every occurrence)"
            self.QUIET_UNTIL_TOUCHED = ()
            self._start_values = routine_fields(routine)
        else:
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
        yield from self.share_rows(self.routine.share if self.routine else "busy")

    def check(self) -> Checked[Routine]:
        checked = read_routine(
            self.values(),
            self.config,
            item_id=self.item_id,
            today=self.today,
            earlier=self.earlier,
            new=self.routine is None,
        )
        if checked.value is None:
            return checked
        new = replace(checked.value, share=self.chosen_share(checked.value.share))
        if self.routine is None:
            return Checked(new, checked.errors, checked.notes)
        # What the form does not show (the calendar it came from, its exceptions, fields
        # of a later version) is kept.
        kept = replace(
            self.routine,
            title=new.title,
            category=new.category,
            days=new.days,
            start=new.start,
            end=new.end,
            first=new.first,
            last=new.last,
            interval=new.interval,
            notes=new.notes,
            share=new.share,
        )
        return Checked(kept, checked.errors, checked.notes)
