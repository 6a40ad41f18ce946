"""Forms with a category field (activities, routines): an input that completes ids
and names, with every category listed under it and the ones the typed text could
mean stressed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from textual import on
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from weekplan.app.screens.form_base import FormScreen, T
from weekplan.display_text import one_line
from weekplan.form_rules import Checked, category_matches, suggested_category
from weekplan.model import SHARE_CHOICES, Config

NO_CATEGORY_HINT = "none, or an id or name"
SHARE_LABELS = {"busy": "sees you are busy", "title": "sees the title too", "none": "sees nothing"}


class CategoryForm(FormScreen[T]):
    """A form whose fields() yield from `category_rows` where the category goes."""

    config: Config
    _earlier: Callable[[str], str | None] | None = None
    suggests = True  # a new item: an empty category takes an earlier entry's
    _choices_for = ""  # the text the categories under the field were stressed for

    @property
    def today(self) -> date | None:
        """The planner's today (None: the clock's), so "fri" means the same as in the grid."""
        return getattr(self.app, "today", None)

    def earlier(self, title: str) -> str | None:
        """The category of an earlier activity or routine with this title; the store
        is read once, when a title first needs it."""
        if self._earlier is None:
            store = getattr(self.app, "store", None)
            if store is None:
                return None
            from weekplan import clock
            from weekplan.search import earlier_categories

            self._earlier = earlier_categories(store, self.today or clock.today())
        return self._earlier(title)

    def refresh_messages(self) -> Checked[T]:
        checked = super().refresh_messages()
        # The suggestion shows in the empty field; saving an empty field takes it.
        title = self.text_input("title").value.strip()
        suggested = suggested_category(self.config, title, self.earlier) if self.suggests else ""
        field = self.text_input("category")
        field.placeholder = f"{one_line(suggested)} (as before)" if suggested else NO_CATEGORY_HINT
        return checked

    def category_rows(self, value: str) -> Iterator[Widget]:
        category = self.text_field("category", value, placeholder=NO_CATEGORY_HINT, classes="mid")
        names = [one_line(c.id) for c in self.config.categories] + [one_line(c.name) for c in self.config.categories]
        category.suggester = SuggestFromList(names, case_sensitive=False)
        yield self.row("Category", "category", category)
        self._choices_for = value
        yield Static(self._choices(value), id="category-choices", classes="field-hint")

    def share_rows(self, value: str) -> Iterator[Widget]:
        """How much of the item the partner sees; only with a partner to see it, so that
        a person without one has no field about it."""
        if not self.config.partner.shared:
            return
        choice: Select[str] = Select(
            [(SHARE_LABELS[s], s) for s in SHARE_CHOICES],
            allow_blank=False,
            value=value if value in SHARE_CHOICES else "busy",
            classes="field",
            compact=True,
        )
        yield self.row("Partner", "share", choice)

    def chosen_share(self, default: str) -> str:
        """The share setting picked in the form; `default` when the form has no such field."""
        if not self.has_field("share"):
            return default
        value = self.field_control("share", Select).value
        return value if isinstance(value, str) else default

    def _choices(self, typed: str) -> Content:
        matching = {c.id for c in category_matches(self.config, typed)}
        parts: list[str | tuple[str, str]] = []
        for index, category in enumerate(self.config.categories):
            if index:
                parts.append(" · ")
            parts.append((one_line(category.id), "bold reverse" if category.id in matching else ""))
        return Content.assemble(*parts)

    def _show_choices(self, typed: str) -> None:
        """The categories under the field, those `typed` could mean stressed."""
        if typed != self._choices_for:
            self._choices_for = typed
            self.query_one("#category-choices", Static).update(self._choices(typed))

    @on(Input.Changed, "#field-category")
    def _category_changed(self, event: Input.Changed) -> None:
        self._show_choices(event.value)

    def refilled(self) -> None:
        self._show_choices(self.text_input("category").value)
