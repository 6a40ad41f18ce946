"""weekplan.binding_table, which `weekplan check` reads without Textual, is written from
the planner's bindings as they are now."""

from __future__ import annotations

from script_module import load_script


def test_the_binding_table_is_written_from_the_bindings_as_they_are_now() -> None:
    script = load_script("scripts/binding_table.py")
    assert script.TABLE.read_text(encoding="utf-8") == script.rendered(), (
        "src/weekplan/binding_table.py is out of date: run `python scripts/binding_table.py`"
    )


def test_the_table_holds_every_key_list_of_the_planner() -> None:
    from weekplan.app import keymap
    from weekplan.binding_table import BINDINGS

    assert BINDINGS["PLANNER"][-1] == ("quit", "q", "app.quit")
    assert {b.id for b in keymap.FORM} == {ident for ident, _, _ in BINDINGS["FORM"]}
    assert len(BINDINGS) >= 14  # the main screen, the grid, the panel and each dialog
