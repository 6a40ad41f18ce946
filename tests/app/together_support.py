"""A small host for the Together screens: it shows one screen over a plain
background, saves the edits the screen hands over through a real undo history (as
the planner does), and records what the screen returns."""

from __future__ import annotations

from typing import Any

from screens_host import ScreenHost

from weekplan.app.together import TOGETHER_CSS
from weekplan.history import History, Step
from weekplan.store import ReadOnlyError, Store


class TogetherHost(ScreenHost):
    CSS_PATH = [*ScreenHost.CSS_PATH, TOGETHER_CSS]

    def __init__(self, store: Store, make_screen: Any) -> None:
        self.store = store
        self.history = History()
        self.saved: list[Step] = []
        self.refused: list[Exception] = []
        super().__init__(make_screen(self.save))

    def save(self, edit: Step) -> bool:
        try:
            self.history.do(self.store, edit)  # type: ignore[arg-type]
        except ReadOnlyError as exc:
            self.refused.append(exc)
            return False
        self.saved.append(edit)
        return True
