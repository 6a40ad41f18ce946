"""The planner's modal screens.  Each returns its result with `dismiss`; none of them
writes to the store, so the app saves every change and undo sees all of them."""

from __future__ import annotations

from pathlib import Path

from weekplan.app.screens.activity_form import ActivityForm
from weekplan.app.screens.confirm import ConfirmScreen
from weekplan.app.screens.date_form import DateForm
from weekplan.app.screens.error_screen import ErrorScreen
from weekplan.app.screens.goto_date import GoToDate
from weekplan.app.screens.help_screen import HelpScreen
from weekplan.app.screens.occurrence_scope import OccurrenceScope
from weekplan.app.screens.routine_form import RoutineForm
from weekplan.app.screens.search_screen import SearchScreen
from weekplan.search import SearchResult

SCREENS_CSS = Path(__file__).with_name("screens.tcss")

__all__ = [
    "SCREENS_CSS",
    "ActivityForm",
    "ConfirmScreen",
    "DateForm",
    "ErrorScreen",
    "GoToDate",
    "HelpScreen",
    "OccurrenceScope",
    "RoutineForm",
    "SearchResult",
    "SearchScreen",
]
