"""The rows of the help screen, made from key bindings: one rule for the planner's `?`
and a dialog's own, each with its keys as weekplan.app.keys_now reads them.  Light to
import (no widgets), so the planner reads it as it starts while the help screen itself
loads only when it is built."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual.binding import Binding

HelpRow = tuple[str, str, str]  # keys, what it does, where it applies

# The command palette, which every screen opens (Textual's own key).
PALETTE = ("ctrl+p", "Command palette: every action, and themes")


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
