"""The rows of the help screen, made from key bindings: one rule for the planner's `?`
and a dialog's own.  Light to import (no widgets), so the planner reads it as it starts
while the help screen itself loads only when it is built."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual.binding import Binding

HelpRow = tuple[str, str, str]  # keys, what it does, where it applies

# The command palette, which every screen opens (Textual's own key).
PALETTE = ("ctrl+p", "Command palette: every action, and themes")


def keys_now(app: Any, binding: Binding) -> list[str]:
    """The keys `binding` answers to now, config.toml's [keys] included (Textual's keymap,
    as the app was given it), each as the footer shows it; the first is the one a line
    of text names ("b another evening")."""
    keys = app._keymap.get(binding.id, binding.key) if binding.id else binding.key
    return [app.get_key_display(Binding(key.strip(), binding.action)) for key in keys.split(",")]


def keys_for(app: Any, binding: Binding) -> str:
    """The keys of `binding` now, as help lists them."""
    return ", ".join(keys_now(app, binding))


def help_rows(sources: Iterable[tuple[str, Any, Iterable[Any]]], keys_for: Callable[[Binding], str]) -> list[HelpRow]:
    """A row for each binding of `sources` — (where it applies, the node whose actions it
    runs, its bindings) — with its keys as `keys_for` says them now.  As in the footer,
    a key its node says is not there now (one only for two, planning alone) is left out."""
    return [
        (keys_for(b), b.description, where)
        for where, node, bindings in sources
        for b in bindings
        if isinstance(b, Binding) and node.check_action(b.action, ()) is not False
    ]
