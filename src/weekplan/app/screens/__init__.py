"""The planner's modal screens.  Each returns its result with `dismiss`; none of them
writes to the store, so the app saves every change and undo sees all of them.

Each screen is imported when it is first asked for (`from weekplan.app.screens import
SearchScreen` still works): opening one dialog loads that dialog's module, not every
dialog's, which was about 0.75 MB of the planner's memory and their import time.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

SCREENS_CSS = Path(__file__).with_name("screens.tcss")

_MODULES = {
    "ActivityForm": "weekplan.app.screens.activity_form",
    "ConfirmScreen": "weekplan.app.screens.confirm",
    "DateForm": "weekplan.app.screens.date_form",
    "ErrorScreen": "weekplan.app.screens.error_screen",
    "GoToDate": "weekplan.app.screens.goto_date",
    "HelpScreen": "weekplan.app.screens.help_screen",
    "OccurrenceScope": "weekplan.app.screens.occurrence_scope",
    "RoutineForm": "weekplan.app.screens.routine_form",
    "SearchResult": "weekplan.search",
    "SearchScreen": "weekplan.app.screens.search_screen",
}

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
