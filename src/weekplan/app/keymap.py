"""The planner's key bindings, made of the rows of weekplan.keymap_data (the one table
of keys): each screen and widget takes its list from here.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from weekplan import keymap_data
from weekplan.keymap_data import WITH_A_PARTNER, Row


def bindings(rows: tuple[Row, ...]) -> list[BindingType]:
    """Textual's bindings for these rows.  Whether a row is always shown is the footer's
    to know, not Textual's: weekplan.app.key_bar reads keymap_data.ALWAYS_SHOWN."""
    return [Binding(**binding_fields(row)) for row in rows]


def binding_fields(row: Row) -> dict[str, object]:
    fields = row._asdict()
    del fields["always_shown"]
    return fields


def for_partner_only(bindings: list[BindingType], action: str) -> bool:
    """Whether `action` is answered, among `bindings`, by a key only for two."""
    return any(isinstance(b, Binding) and b.action == action and b.id in WITH_A_PARTNER for b in bindings)


ROW_LIST = bindings(keymap_data.ROW_LIST)
BUTTON_ROW = bindings(keymap_data.BUTTON_ROW)
PLANNER = bindings(keymap_data.PLANNER)
WEEK_GRID = bindings(keymap_data.WEEK_GRID)
TOGETHER_PANEL = bindings(keymap_data.TOGETHER_PANEL)
OVERVIEW = bindings(keymap_data.OVERVIEW)
REVIEW = bindings(keymap_data.REVIEW)
IDEAS = bindings(keymap_data.IDEAS)
SUGGEST = bindings(keymap_data.SUGGEST)
FORM = bindings(keymap_data.FORM)
SEARCH = bindings(keymap_data.SEARCH)
GO_TO_DATE = bindings(keymap_data.GO_TO_DATE)
CONFIRM = bindings(keymap_data.CONFIRM)
OCCURRENCE_SCOPE = bindings(keymap_data.OCCURRENCE_SCOPE)
PATH_PROMPT = bindings(keymap_data.PATH_PROMPT)
ERROR = bindings(keymap_data.ERROR)
HELP = bindings(keymap_data.HELP)
