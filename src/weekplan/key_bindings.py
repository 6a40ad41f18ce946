"""Which of config.toml's [keys] the planner binds: the one rule for an id that binds
nothing and for a key given to two actions where both apply.

A key given to two actions fires only one of them, so the other is lost without a word
(`add_activity = "q"` would stop `q` quitting while the grid has the focus).  Such a
key is left out of the override, and a binding left with no key keeps its own; an id
no binding has is left out the same way.  Each is a warning at its line
(Config.from_toml), said by `weekplan check` and by the planner, and the file keeps
what it says.

Plain Python, no Textual: the keys are the rows of weekplan.keymap_data.
"""

from __future__ import annotations

from functools import cache

from weekplan.key_names import character_of
from weekplan.keymap_data import LIVE_TOGETHER, Row


@cache
def binding_ids() -> frozenset[str]:
    """Every id config.toml's [keys] can remap."""
    return frozenset(row.id for group in LIVE_TOGETHER for _, rows in group for row in rows if row.id)


def same_key(name: str) -> str:
    """A key's name as one thing: "left_square_bracket" and "[" are one key."""
    return character_of(name) or name


def settled(keys: dict[str, list[str]]) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """The overrides the planner binds, out of `keys` (each binding id's usable keys), and
    the warnings as (binding id, message): an id that binds nothing, and each key of an
    override that gives it to two actions where both apply.  Such a key is left out; an
    override left with none gives its binding back its own key, which may clash with
    another override in turn: the look is repeated until none clashes."""
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
        for ident, name, clash, remedy in clashes:
            left = [other for other in kept.get(ident, []) if same_key(other) != name]
            if left:
                kept[ident] = left
                warnings.append((ident, f"{clash}; {name} is left out{remedy}"))
            else:
                kept.pop(ident, None)
                warnings.append((ident, f"{clash}; the binding keeps its own key{remedy}"))


def _clashes(kept: dict[str, list[str]]) -> list[tuple[str, str, str, str]]:
    """(id, key, why, remedy) for each key of an override that another binding holds
    where both apply (two bindings of one action, as the panel's `G` and the screen's,
    are no clash).  The remedy, where every other holder can be remapped, says how to
    free the key ("; give 'panel_back' another key in [keys] to use escape for 'quit'");
    a fixed key cannot be freed, and its remedy is empty."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for group in LIVE_TOGETHER:
        holders: dict[str, list[tuple[Row, str]]] = {}
        for where, rows in group:
            for row in rows:
                names = kept.get(row.id) if row.id else None
                for name in dict.fromkeys(same_key(n) for n in (names or row.key.split(","))):
                    holders.setdefault(name, []).append((row, where))
        for name, holding in holders.items():
            if len({_action(row) for row, _ in holding}) < 2:
                continue
            for row, _where in holding:
                if row.id in kept and (row.id, name) not in found:
                    other_rows = [other for other, _ in holding if other is not row]
                    others = ", ".join(_named(other) for other in other_rows)
                    where = " and ".join(dict.fromkeys(w for other, w in holding if other is not row))
                    found[row.id, name] = (
                        f"{name} is also the key of {others} in {where}",
                        _remedy(row, name, other_rows),
                    )
    return [(ident, name, clash, remedy) for (ident, name), (clash, remedy) in found.items()]


def _remedy(row: Row, name: str, others: list[Row]) -> str:
    """How to use `name` for `row` after all, where the bindings holding it can be given
    other keys; "" where one of them is fixed."""
    if not others or any(not other.id for other in others):
        return ""
    held = " and ".join(dict.fromkeys(_named(other) for other in others))
    another = "another key" if len(others) == 1 else "other keys"
    return f"; give {held} {another} in [keys] to use {name} for {_named(row)}"


def _action(row: Row) -> str:
    return row.action.removeprefix("app.")


def _named(row: Row) -> str:
    """A binding as a warning names it: by its id, or a fixed key by its action."""
    return f"'{row.id}'" if row.id else f"the fixed '{_action(row)}'"
