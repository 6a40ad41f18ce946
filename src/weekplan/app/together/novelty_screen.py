"""The novelty warning: said before a date planned from an idea that was done (or is
planned) within the last few weeks is saved.  The person may plan it anyway or go
back and choose something else; the planner stays out of the way otherwise."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from weekplan.app.screens.confirm import ConfirmScreen
from weekplan.model import Config, SpecialDate
from weekplan.privacy import veil
from weekplan.store import Store
from weekplan.together import NoveltyWarning, novelty_reach, novelty_warning

from . import TOGETHER_CSS

PLAN_ANYWAY = "Plan it anyway"
GO_BACK = "Go back"


def warning_for(
    before: SpecialDate | None,
    after: SpecialDate,
    dates: Iterable[SpecialDate],
    config: Config,
    today: date,
) -> NoveltyWarning | None:
    """The warning due when `after` is saved in place of `before` (None: a new date).

    Only planning warns: a new date from an idea, or an edit that changes the idea or
    the day.  Rating or renaming a date already planned never asks again, and neither
    does a cancelled one.
    """
    if not after.idea or after.status == "cancelled":
        return None
    if before is not None and before.idea == after.idea and before.date == after.date:
        return None
    return novelty_warning(after.idea, after.date, dates, config, today, editing=after.id)


def dates_near(store: Store, after: SpecialDate, config: Config) -> list[SpecialDate]:
    """The dates a warning for `after` can be about (together.novelty_reach): the years
    they are in, not every year's, are read."""
    return store.dates_between(*novelty_reach(after.date, config))


class NoveltyWarningScreen(ConfirmScreen):
    """Returns True to plan it anyway, False to go back (also escape and n)."""

    CSS_PATH = TOGETHER_CSS

    def __init__(self, warning: NoveltyWarning, idea_title: str, *, privacy: bool = False) -> None:
        title = veil(idea_title, privacy) or "This idea"
        question = f"{title}\n\n{warning.message}"
        super().__init__(question, PLAN_ANYWAY, GO_BACK)
        self.warning = warning
        self.add_class("novelty-warning")
