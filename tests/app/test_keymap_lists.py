"""weekplan.app.keymap: each list of bindings is made from keymap_data's rows of the same
name, when first asked for, and kept."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from weekplan import keymap_data
from weekplan.app import keymap

ROW_TABLES = [
    name
    for name, value in vars(keymap_data).items()
    if name.isupper() and isinstance(value, tuple) and value and all(isinstance(row, keymap_data.Row) for row in value)
]


def test_every_table_of_rows_is_found() -> None:
    # The screens' and dialogs' tables all count, whether made yet or not.
    assert {"PLANNER", "WEEK_GRID", "TOGETHER_PANEL", "ROW_LIST", "FORM", "OVERVIEW", "HELP"} <= set(ROW_TABLES)


@pytest.mark.parametrize("name", ROW_TABLES)
def test_a_list_is_the_bindings_of_its_rows(name: str) -> None:
    rows = getattr(keymap_data, name)
    made = getattr(keymap, name)
    assert all(isinstance(binding, Binding) for binding in made)
    assert [(b.key, b.action, b.description, b.show, b.id, b.priority) for b in made] == [
        (row.key, row.action, row.description, row.show, row.id, row.priority) for row in rows
    ]


@pytest.mark.parametrize("name", ROW_TABLES)
def test_a_list_is_made_once_and_kept(name: str) -> None:
    # Textual reads a class's BINDINGS as the class is made: the screen or dialog and any
    # later reader of the same name must see the very same list.
    first = getattr(keymap, name)
    assert getattr(keymap, name) is first
    assert vars(keymap)[name] is first


@pytest.mark.parametrize("name", ["NOT_A_TABLE", "ALWAYS_SHOWN", "bindings_of_nothing", "__path__"])
def test_a_name_that_is_no_table_of_rows_is_no_list(name: str) -> None:
    with pytest.raises(AttributeError):
        getattr(keymap, name)


def test_names_of_the_keys_module_itself_are_its_own() -> None:
    assert keymap.WITH_A_PARTNER is keymap_data.WITH_A_PARTNER
    assert keymap.Row is keymap_data.Row
