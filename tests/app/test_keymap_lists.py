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


def test_every_dialogs_table_is_a_list_of_the_module() -> None:
    # Each dialog's rows, whether its list is made yet or not, are found by their name.
    named = {id(value): name for name, value in vars(keymap_data).items() if name.isupper()}
    for rows in keymap_data.DIALOGS:
        assert getattr(keymap, named[id(rows)])


@pytest.mark.parametrize("name", ROW_TABLES)
def test_a_list_is_the_bindings_of_its_rows(name: str) -> None:
    rows = getattr(keymap_data, name)
    made = getattr(keymap, name)
    assert all(isinstance(binding, Binding) for binding in made)
    fields = [field for field in keymap_data.Row._fields if field != "always_shown"]
    assert [{field: getattr(b, field) for field in fields} for b in made] == [
        {field: getattr(row, field) for field in fields} for row in rows
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
