"""The keys a binding answers to now, config.toml's [keys] included: the one place that
reads the keymap Textual was given, for help and for a line of text that names a key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.binding import Binding, BindingType


def keys_now(app: Any, binding: Binding) -> list[str]:
    """The keys `binding` answers to now, config.toml's [keys] included (Textual's keymap,
    as the app was given it), each as the footer shows it; the first is the one a line
    of text names ("b another evening")."""
    keys = app._keymap.get(binding.id, binding.key) if binding.id else binding.key
    return [app.get_key_display(Binding(key.strip(), binding.action)) for key in keys.split(",")]


def keys_for(app: Any, binding: Binding) -> str:
    """The keys of `binding` now, as help lists them."""
    return ", ".join(keys_now(app, binding))


def key_of(app: Any, bindings: Iterable[BindingType], action: str) -> str:
    """The key a line of text names for `action` among a screen's `bindings`: the first
    it answers to now, as the footer shows it."""
    binding = next(b for b in bindings if isinstance(b, Binding) and b.action == action)
    return keys_now(app, binding)[0]
