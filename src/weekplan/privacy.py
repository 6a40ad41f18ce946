"""Privacy (`P`): what a private title, place or note looks like on screen."""

from __future__ import annotations

PRIVATE = "•••"


def veil(text: str, private: bool) -> str:
    """The text, or a placeholder of fixed length while privacy is on (its length
    would give a hint too).  Empty stays empty: there is nothing to hide."""
    if private and text.strip():
        return PRIVATE
    return text
