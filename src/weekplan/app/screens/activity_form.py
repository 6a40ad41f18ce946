"""Add or edit one activity of your own week."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.widgets import Checkbox

from weekplan.app.screens.category_form import CategoryForm
from weekplan.form_rules import ACTIVITY_MINUTES, Checked, activity_fields, default_end, read_activity
from weekplan.model import Activity, Config, new_id
from weekplan.weeks import format_time


class ActivityForm(CategoryForm[Activity]):
    """Returns the new or changed Activity (not saved: the app saves it), or None."""

    def __init__(self, config: Config, *, day: date, start: int, activity: Activity | None = None) -> None:
        super().__init__()
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
        done = Checkbox("done", self._start_done, id="field-done", classes="field", compact=True)
        yield self.row("Done", "done", done)
        yield self.text_row("Notes", "notes", v["notes"], classes="wide")

    def check(self) -> Checked[Activity]:
        done = self.query_one("#field-done", Checkbox).value
        return read_activity(
            self.values(),
            self.config,
            item_id=self.item_id,
            done=done,
            base=self.activity,
            today=self.today,
            earlier=self.earlier,
        )
