"""Forms with a category field (activities, routines): an input that completes ids
and names, with every category listed under it and the ones the typed text could
mean stressed."""

from __future__ import annotations

from collections.abc import Iterator

from textual import on
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Static

from weekplan.app.screens.form_base import FormScreen, T
from weekplan.display_text import one_line
from weekplan.form_rules import category_matches
from weekplan.model import Config


class CategoryForm(FormScreen[T]):
    """A form whose fields() yield from `category_rows` where the category goes."""

    config: Config

    def category_rows(self, value: str) -> Iterator[Widget]:
        category = self.text_field("category", value, placeholder="id, name or first letters", classes="mid")
        names = [one_line(c.id) for c in self.config.categories] + [one_line(c.name) for c in self.config.categories]
        category.suggester = SuggestFromList(names, case_sensitive=False)
        yield self.row("Category", "category", category)
        yield Static(self._choices(value), id="category-choices", classes="field-hint")

    def _choices(self, typed: str) -> Content:
        matching = {c.id for c in category_matches(self.config, typed)}
        parts: list[str | tuple[str, str]] = []
        for index, category in enumerate(self.config.categories):
            if index:
                parts.append(" · ")
            parts.append((one_line(category.id), "bold reverse" if category.id in matching else ""))
        return Content.assemble(*parts)

    @on(Input.Changed, "#field-category")
    def _category_changed(self, event: Input.Changed) -> None:
        self.query_one("#category-choices", Static).update(self._choices(event.value))
