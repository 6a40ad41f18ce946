"""What the Together dialogs share: the stored data they look at, the day, privacy and
the Together colour; and, for the two that list ideas (suggest and the backlog), the
tags field that narrows the list as it is typed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Generic, TypeVar

from rich.cells import cell_len, set_cell_size
from textual import events, on
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label

from weekplan.display_text import one_line
from weekplan.model import Config, Idea
from weekplan.store import Store
from weekplan.together import all_tags

from . import TOGETHER_CSS

T = TypeVar("T")
# The colour of the default "together" category, for a config.toml that has none.
TOGETHER_COLOR = "#d9485f"


class TogetherDialog(ModalScreen[T], Generic[T]):
    """A dialog of the Together half, over the stored data as it is now."""

    CSS_PATH = TOGETHER_CSS

    def __init__(self, store: Store, config: Config, today: date, *, privacy: bool = False) -> None:
        super().__init__()
        self.store = store
        self.config = config
        self.today = today
        self.privacy = privacy

    def together_color(self) -> str:
        return next((c.color for c in self.config.categories if c.together), TOGETHER_COLOR)


def tags_placeholder(ideas: Iterable[Idea]) -> str:
    """What the tags field shows while empty: the first tags there are to filter by."""
    return one_line(", ".join(all_tags(ideas)[:8])) or "no tags yet"


class IdeaListDialog(TogetherDialog[T]):
    """A list of ideas under a tags field: typing in the field narrows the list (see
    `show_ideas`), enter in it goes back to the list, `/` (action_filter) comes to it."""

    TAGS_ID = ""  # the field's id, set by each dialog
    tags_hint = ""  # the field's placeholder, whole (as much of it as fits shows)

    def tags_row(self, value: str = "", *, placeholder: str) -> Horizontal:
        self.tags_hint = placeholder
        field = Input(value, placeholder=placeholder, id=self.TAGS_ID, classes="tags-filter", compact=True)
        return Horizontal(Label("Tags", classes="together-label"), field, classes="together-row")

    def show_tags_hint(self, hint: str) -> None:
        """The tags field's placeholder: the tags there are, as many as fit, then "…"."""
        self.tags_hint = hint
        self._fit_tags_hint()

    @on(events.Resize)
    def _fit_tags_hint(self) -> None:
        field = self.query_one(f"#{self.TAGS_ID}", Input)
        width = field.content_region.width
        hint = self.tags_hint
        if 0 < width < cell_len(hint):
            cut = set_cell_size(hint, width - 1)
            whole = cut.rfind(", ")  # a tag is cut whole, or not at all
            hint = (cut[: whole + 2] if whole > 0 else cut) + "…"
        field.placeholder = hint

    def wanted_tags(self) -> list[str]:
        text = self.query_one(f"#{self.TAGS_ID}", Input).value
        return [t for t in text.replace(",", " ").split() if t]

    def why_none_listed(self) -> str:
        """Why the list has no idea in it: the tags typed, or no ideas at all."""
        tags = self.wanted_tags()
        return f"No idea has the tags {one_line(' '.join(tags))}" if tags else f"No ideas yet: {self.how_to_add()}"

    def how_to_add(self) -> str:
        """How a person adds an idea, from this dialog."""
        return "add some to the backlog"

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
