"""Key names in config.toml's [keys]: the names people write for keys are read as the
terminal's, and a name the terminal never sends is a problem, not a key that silently
never fires.  The names weekplan knows live without Textual (weekplan.key_names); these
tests keep them in step with Textual's own (textual.keys), so they cannot drift."""

from __future__ import annotations

import string

import pytest
from textual import _ansi_sequences, _keyboard_protocol, _xterm_parser
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, _character_to_key

from weekplan.key_names import ALIASES, NAMED_KEYS, SHORT_CHARACTER_NAMES, character_of, key_name
from weekplan.model import Config


def _sent_by_the_terminal() -> set[str]:
    """The key names Textual's terminal parser produces, less their modifiers."""
    keys: set[str] = set(_xterm_parser.SPECIAL_KEY_TO_CHARACTER) | {Keys.Escape.value, Keys.Space.value}
    keys.update(_keyboard_protocol.FUNCTIONAL_KEYS.values())  # the kitty keyboard protocol's
    for found in _ansi_sequences.ANSI_SEQUENCES_KEYS.values():
        if isinstance(found, tuple):  # else a sequence the parser ignores
            keys.update(key.value for key in found if isinstance(key, Keys))
    return {key.split("+")[-1] for key in keys if not key.startswith("<")}


def test_every_named_key_is_one_the_terminal_sends_and_every_one_it_sends_is_known() -> None:
    sent = _sent_by_the_terminal()
    assert sent >= NAMED_KEYS
    # The rest of what it sends are characters: by themselves ("@", "1") or by name.
    assert {key for key in sent - NAMED_KEYS if len(key) > 1 and character_of(key) is None} == set()


def test_each_character_is_known_by_the_name_textual_gives_it() -> None:
    for character in [*string.punctuation, "€", "§", "«", "£", "·"]:
        name = _character_to_key(character)
        assert character_of(name) == character, name
        assert key_name(f"ctrl+{name}") == (f"ctrl+{name}", "")
    assert set(SHORT_CHARACTER_NAMES) == set(KEY_NAME_REPLACEMENTS.values())


def test_an_alias_never_hides_a_key_the_terminal_sends_and_names_one_it_does() -> None:
    sent = _sent_by_the_terminal()
    assert set(ALIASES.values()) <= NAMED_KEYS
    assert not set(ALIASES) & sent
    assert not any(character_of(alias) for alias in ALIASES)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("esc", "escape"),
        ("Esc", "escape"),
        ("PgDn", "pagedown"),
        ("pgup", "pageup"),
        ("ctrl+Del", "ctrl+delete"),
        ("return", "enter"),
        ("bksp", "backspace"),
        ("shift+ins", "shift+insert"),
        ("Page_Down", "pagedown"),
        ("question_mark", "question_mark"),
        ("ctrl+backslash", "ctrl+backslash"),
        ("F24", "f24"),
    ],
)
def test_names_people_write_are_read_as_the_terminal_sends_them(written: str, name: str) -> None:
    assert key_name(written) == (name, "")


@pytest.mark.parametrize(
    "written", ["escap", "pgdwn", "f36", "solidus", "ctrl+hyphen_minus", "enter_key", "ctrl+return2"]
)
def test_a_name_the_terminal_never_sends_is_a_problem(written: str) -> None:
    name, problem = key_name(written)
    assert name == ""
    assert problem == f"{written!r} is not a key the terminal sends; write a key like ctrl+n, f1, question_mark or ?"


def test_a_binding_keeps_its_known_keys_and_warns_of_the_unknown_one() -> None:
    # F1 is free everywhere (escape is the panel's way back to the grid: a clash for help).
    config, problems, warnings = Config.from_toml({"keys": {"help": "F1,escap", "search": "ins", "undo": "pgdwn"}})
    assert problems == []
    assert config.keymap() == {"help": "f1", "search": "insert"}
    assert config.to_toml()["keys"] == {"help": "F1,escap", "search": "ins", "undo": "pgdwn"}
    assert [(key, message.split(":")[0]) for _table, key, message in warnings] == [
        ("help", "key binding 'help'"),
        ("undo", "key binding 'undo'"),
    ]
    assert "'escap' is not a key the terminal sends" in warnings[0][2]
    assert warnings[1][2].endswith("; the binding keeps its own key")


def test_escape_for_a_planner_key_clashes_with_the_panels_way_back() -> None:
    config, _problems, warnings = Config.from_toml({"keys": {"help": "escape"}})
    assert "help" not in config.keymap()
    assert [key for _table, key, _message in warnings] == ["help"]
    assert "'panel_back'" in warnings[0][2]


def test_escape_for_quit_is_refused_with_how_to_free_escape_from_the_panel() -> None:
    config, _problems, warnings = Config.from_toml({"keys": {"quit": "escape"}})
    assert "quit" not in config.keymap()
    [(_table, key, message)] = warnings
    assert key == "quit"
    assert message == (
        "key binding 'quit': escape is also the key of 'panel_back' in the Together panel; the binding keeps its"
        " own key; give 'panel_back' another key in [keys] to use escape for 'quit'"
    )
    # As it says: with the panel's way back on another key, escape quits.
    config, _problems, warnings = Config.from_toml({"keys": {"quit": "escape", "panel_back": "b"}})
    assert warnings == [] and config.keymap() == {"quit": "escape", "panel_back": "b"}


def test_a_key_held_by_a_fixed_binding_has_no_remedy_to_offer() -> None:
    _config, _problems, [(_table, _key, message)] = Config.from_toml({"keys": {"add_activity": "ctrl+c"}})
    assert message.endswith("; the binding keeps its own key")
