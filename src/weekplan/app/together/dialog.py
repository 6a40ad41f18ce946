"""What the Together dialogs share: the stored data they look at, the day, privacy and
the Together colour; and, for the two that list ideas (suggest and the backlog), the
tags field that narrows the list as it is typed."""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar

from textual import on
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label

from weekplan.model import Config
from weekplan.store import Store

from . import TOGETHER_CSS

T = TypeVar("T")
# The colour of the default "together" category, for a config.toml that has none.
TOGETHER_COLOR = "#d9485f"


class TogetherDialog(ModalScreen[T], Generic[T]):
    CSS_PATH = TOGETHER_CSS

    def __init__(self, store: Store, config: Config, today: date, *, privacy: bool = False) -> None:
        super().__init__()
        self.store = store
        self.config = config
        self.today = today
        self.privacy = privacy

    def together_color(self) -> str:
        return next((c.color for c in self.config.categories if c.together), TOGETHER_COLOR)


class IdeaListDialog(TogetherDialog[T]):
    """A list of ideas under a tags field: typing in the field narrows the list (see
    `show_ideas`), enter in it goes back to the list, `/` (action_filter) comes to it."""

    TAGS_ID = ""  # the field's id, set by each dialog

    def tags_row(self, value: str = "", *, placeholder: str) -> Horizontal:
        field = Input(value, placeholder=placeholder, id=self.TAGS_ID, classes="tags-filter", compact=True)
        return Horizontal(Label("Tags", classes="together-label"), field, classes="together-row")

    def wanted_tags(self) -> list[str]:
        text = self.query_one(f"#{self.TAGS_ID}", Input).value
        return [t for t in text.replace(",", " ").split() if t]

    def show_ideas(self) -> None:
        """Fill the list again, as the tags field now asks."""
        raise NotImplementedError

    def idea_list(self) -> Widget:
        raise NotImplementedError

    @on(Input.Changed, ".tags-filter")
    def _tags_changed(self) -> None:
        self.show_ideas()

    @on(Input.Submitted, ".tags-filter")
    def _tags_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.idea_list().focus()

    def action_filter(self) -> None:
        self.query_one(f"#{self.TAGS_ID}", Input).focus()
