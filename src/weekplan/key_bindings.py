"""Which of config.toml's [keys] the planner binds: the one rule for an id that binds
nothing and for a key given to two actions where both apply.

A key given to two actions fires only one of them, so the other is lost without a word
(`add_activity = "q"` would stop `q` quitting while the grid has the focus).  Such an
override is left out, and the binding keeps its own key; the same goes for an id no
binding has.  Each is a warning at its line (Config.from_toml), said by `weekplan
check` and by the planner, and the file keeps what it says.

Plain Python, no Textual: the bindings come from weekplan.binding_table.
"""

from __future__ import annotations

from functools import cache

from weekplan.binding_table import BINDINGS
from weekplan.key_names import character_of

# The lists of bindings that are live together.  The main screen's keys meet the week
# grid's or the Together panel's (the focused one's key wins over the screen's); each
# dialog's keys meet only each other (a list they take a row of buttons from holds it).
_MAIN = "PLANNER"
_FOCUSED = ("WEEK_GRID", "TOGETHER_PANEL")
_WHERE = {"PLANNER": "the main screen", "WEEK_GRID": "the week grid", "TOGETHER_PANEL": "the Together panel"}


@cache
def binding_ids() -> frozenset[str]:
    """Every id config.toml's [keys] can remap."""
    return frozenset(ident for bindings in BINDINGS.values() for ident, _, _ in bindings if ident)


def _groups() -> list[tuple[str, ...]]:
    alone = [(name,) for name in BINDINGS if name != _MAIN and name not in _FOCUSED]
    return [(_MAIN, focused) for focused in _FOCUSED] + alone


def same_key(name: str) -> str:
    """A key's name as one thing: "left_square_bracket" and "[" are one key."""
    return character_of(name) or name


def settled(keys: dict[str, list[str]]) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """The overrides the planner binds, out of `keys` (each binding id's usable keys), and
    the warnings as (binding id, message): an id that binds nothing, and each override
    that gives a key to two actions where both apply.  Left out, such an override gives
    its binding back its own key, which may clash with another override in turn: the
    look is repeated until none clashes."""
    known = binding_ids()
    warnings = [
        (ident, f"no binding is called '{ident}'; it is left unused (? lists the keys and their ids)")
        for ident in keys
        if ident not in known
    ]
    kept = {ident: names for ident, names in keys.items() if ident in known and names}
    while True:
        clashes = _clashes(kept)
        if not clashes:
            return kept, warnings
        for ident, message in clashes:
            kept.pop(ident, None)
            warnings.append((ident, message))


def _clashes(kept: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(id, why) for each override that shares a key with another binding where both apply
    (two bindings of one action, as the panel's `G` and the screen's, are no clash)."""
    found: dict[str, str] = {}
    for group in _groups():
        holders: dict[str, list[tuple[str, str]]] = {}
        actions: dict[str, set[str]] = {}
        for scope in group:
            for ident, own, action in BINDINGS[scope]:
                names = kept.get(ident) if ident else None
                for name in dict.fromkeys(same_key(n) for n in (names or own.split(","))):
                    holders.setdefault(name, []).append((ident, scope))
                    actions.setdefault(name, set()).add(action.removeprefix("app."))
        for name, holding in holders.items():
            if len(actions[name]) < 2:
                continue
            for ident, _scope in holding:
                if ident in kept and ident not in found:
                    others = ", ".join(
                        f"'{other}'" if other else "a fixed key" for other, _ in holding if other != ident
                    )
                    where = " and ".join(_WHERE.get(s, "its dialog") for s in dict.fromkeys(s for _, s in holding))
                    found[ident] = f"{name} is also the key of {others} in {where}; the binding keeps its own key"
    return list(found.items())
