"""The names of keys as the planner's terminal library (Textual) gives them, and the
other names people write for them in config.toml's [keys] ("esc", "PgDn", "Return").

A key under a name the terminal never sends never fires, so a name is either one of
these or a problem said with its place.  Kept here, without Textual, so that
`weekplan check` and the model read config.toml fast; tests/unit/test_key_names.py
keeps the names in step with Textual's own (textual.keys).

Plain Python, no Textual.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from functools import cache

# The keys a terminal sends by name, less their modifiers (the names of characters are
# below): what Textual's keys are called once `ctrl+` and `shift+` are taken off.  The
# keys after the usual ones come only from terminals that speak the kitty keyboard
# protocol (the keypad's own keys, media keys, a key held alone).
NAMED_KEYS = frozenset(
    {
        "escape",
        "enter",
        "tab",
        "space",
        "backspace",
        "insert",
        "delete",
        "home",
        "end",
        "pageup",
        "pagedown",
        "up",
        "down",
        "left",
        "right",
        *(f"f{number}" for number in range(1, 36)),
        "caps_lock",
        "scroll_lock",
        "num_lock",
        "print_screen",
        "pause",
        "menu",
        "kp_begin",
        "add",
        "subtract",
        "multiply",
        "divide",
        "decimal",
        "separator",
        "equal",
        "media_play",
        "media_pause",
        "media_play_pause",
        "media_reverse",
        "media_stop",
        "media_fast_forward",
        "media_rewind",
        "media_track_next",
        "media_track_previous",
        "media_record",
        "lower_volume",
        "raise_volume",
        "mute_volume",
        *(
            f"{side}_{key}"
            for side in ("left", "right")
            for key in ("shift", "control", "alt", "super", "hyper", "meta")
        ),
        "iso_level3_shift",
        "iso_level5_shift",
    }
)

# Characters Textual names shorter than Unicode does ("/" is slash, not solidus).
SHORT_CHARACTER_NAMES = {
    "slash": "/",
    "backslash": "\\",
    "at": "@",
    "minus": "-",
    "plus": "+",
    "underscore": "_",
}

# What people write for the named keys, as menus, other programs and keyboards spell
# them; read as the name the terminal sends.
ALIASES = {
    "esc": "escape",
    "return": "enter",
    "ret": "enter",
    "cr": "enter",
    "bksp": "backspace",
    "bs": "backspace",
    "back_space": "backspace",
    "del": "delete",
    "ins": "insert",
    "pgup": "pageup",
    "pgdn": "pagedown",
    "pgdown": "pagedown",
    "page_up": "pageup",
    "page_down": "pagedown",
    "spacebar": "space",
    "space_bar": "space",
}

MODIFIERS = frozenset({"ctrl", "shift", "alt", "super", "meta", "hyper"})


# Compiled when first used: only a config.toml that names keys needs it.
@cache
def _word() -> re.Pattern[str]:
    return re.compile(r"[a-z0-9_]+")


_EXAMPLE = "a key like ctrl+n, f1, question_mark or ?"


def character_of(name: str) -> str | None:
    """The character Textual calls `name` ("question_mark": "?"), or None.  Letters and
    digits are named by themselves; every other character by its Unicode name in
    lower case with "_" for spaces and hyphens, or by its short name."""
    if name in SHORT_CHARACTER_NAMES:
        return SHORT_CHARACTER_NAMES[name]
    if name in _shortened():
        return None  # Textual calls it by its short name only
    character = _looked_up(name.split("_"))
    if character is None or len(character) != 1 or character.isalnum() or not character.isprintable():
        return None
    return character if _unicode_name(character) == name else None


def _looked_up(words: list[str]) -> str | None:
    """The character whose Unicode name is these words, each joined to the next by a
    space or a hyphen ("less_than_sign" is LESS-THAN SIGN); None when there is none."""
    if len(words) > _MOST_WORDS:
        return None  # longer than any name of a character on a keyboard
    # Only a key named for a character needs Unicode's names: most configs name none,
    # and the commands that read config.toml load nothing they do not use.
    import unicodedata

    for joints in itertools.product(" -", repeat=len(words) - 1):
        written = words[0] + "".join(joint + word for joint, word in zip(joints, words[1:], strict=True))
        with contextlib.suppress(KeyError):
            return unicodedata.lookup(written)
    return None


_MOST_WORDS = 8


def _unicode_name(character: str) -> str:
    import unicodedata  # as in _looked_up

    return unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")


@cache
def _shortened() -> frozenset[str]:
    """The Unicode names of the characters Textual names shorter."""
    return frozenset(_unicode_name(character) for character in SHORT_CHARACTER_NAMES.values())


def key_name(written: str) -> tuple[str, str]:
    """A key of config.toml's [keys] as the terminal names it, and "", or "" and why it
    cannot be one.  People write "F1", "Ctrl+F", "PageUp" or "Esc", as menus spell
    them; the names are f1, ctrl+f, pageup and escape, and a key under another name
    never fires."""
    text = written.strip()
    if not text:
        return "", "an empty key between commas"
    if len(text) == 1:  # a character: "?", "N" (shift+n) or "é"
        return (text, "") if text.isprintable() else ("", f"{text!r} is not {_EXAMPLE}")
    *modifiers, name = (part.strip().lower() for part in text.split("+"))
    a_name = name.isprintable() and (len(name) == 1 or _word().fullmatch(name) is not None)
    if not a_name or not MODIFIERS.issuperset(modifiers):
        return "", f"{text!r} is not {_EXAMPLE}"
    if "alt" in modifiers:
        # A terminal sends Alt+x as Escape then x, and the planner reads those two keys
        # (app/escape_then_key.py): an alt+ key would never fire.
        return "", "alt+ keys cannot be told from Escape then the key"
    name = ALIASES.get(name, name)
    if len(name) > 1 and name not in NAMED_KEYS and character_of(name) is None:
        return "", f"{text!r} is not a key the terminal sends; write {_EXAMPLE}"
    return "+".join([*modifiers, name]), ""
