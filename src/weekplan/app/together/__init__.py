"""The Together half on screen: the weekly review, suggest, the idea backlog, goals
and the novelty warning.  Each screen returns what it decided or hands each edit to
a `save` callback, so the app writes everything through its undo history.

Importing this package stays light (no Textual): the screens are imported by name
from their modules when first used.
"""

from __future__ import annotations

from pathlib import Path

TOGETHER_CSS = Path(__file__).with_name("together.tcss")

__all__ = ["TOGETHER_CSS"]
