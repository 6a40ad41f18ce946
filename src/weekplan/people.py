"""Two people on one list: whose name an idea or a date carries once the Together half
is shared with a partner (`weekplan partner`).

A name is stored as text (`added_by = "Alex"`); it is `Config.partner.me` of the
person who made the item.  Without a partner nothing here changes anything: no name
is written and nothing shows one, so a person planning alone sees no change.
"""

from __future__ import annotations

from typing import TypeVar

from weekplan.model import Config, Idea, SpecialDate
from weekplan.record import replace

Named = TypeVar("Named", SpecialDate, Idea)


def my_name(config: Config) -> str:
    """The name this person's additions carry: theirs while sharing with a partner, else ""."""
    return config.partner.me if config.partner.shared else ""


def added_by_me(item: Named, config: Config) -> Named:
    """A new idea or date with this person's name on it (while sharing); one that already
    names someone keeps that name."""
    me = my_name(config)
    if not me or item.added_by:
        return item
    return replace(item, added_by=me)
