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


# keymap.PLANNER, keymap.FORM, ...: the bindings of keymap_data's rows of that name, made
# when a module first asks for them and kept as an attribute of this module.  A dialog's
# are made with the dialog's module, not with the first screen, which shows none of them
# (Textual's bindings take a while to make).  The rows are constants, so what a list was
# made from cannot change afterwards.


def __getattr__(name: str) -> list[BindingType]:
    rows = getattr(keymap_data, name, None) if name.isupper() else None
    if not isinstance(rows, tuple) or not all(isinstance(row, Row) for row in rows):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # setdefault: two threads asking at once still get the one list kept.
    return globals().setdefault(name, bindings(rows))
