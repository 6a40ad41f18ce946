"""Add or edit an idea of the backlog: title, kind, a choice each for cost, energy,
indoor/outdoor and season, any other tags, and notes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Select

from weekplan.app.screens.form_base import FormScreen
from weekplan.form_rules import Checked, FieldError, read_title
from weekplan.idea_tags import GROUP_LABELS, TAG_GROUPS, join_tags, read_other_tags, split_tags
from weekplan.model import IDEA_KINDS, Idea, new_id
from weekplan.record import replace

PRIVATE_FIELDS = ("title", "notes")


class IdeaForm(FormScreen[Idea]):
    """Returns the new or changed Idea (not saved: the caller saves it), or None.

    While privacy is on, what is typed in the title and notes is masked."""

    def __init__(self, idea: Idea | None = None, *, privacy: bool = False) -> None:
        super().__init__()
        self.idea = idea
        self.privacy = privacy
        self.item_id = idea.id if idea else new_id()
        self.TITLE_TEXT = "Edit idea" if idea else "New idea"
        self._chosen, self._other = split_tags(idea.tags if idea else ())

    def fields(self) -> ComposeResult:
        idea = self.idea
        yield self.text_row(
            "Title", "title", idea.title if idea else "", placeholder="somewhere to go, something to do", classes="wide"
        )
        kind: Select[str] = Select(
            [(k, k) for k in IDEA_KINDS],
            allow_blank=False,
            value=idea.kind if idea and idea.kind in IDEA_KINDS else "activity",
            classes="field",
            compact=True,
        )
        yield self.row("Kind", "kind", kind)
        for group, words in TAG_GROUPS.items():
            choice: Select[str] = Select(
                [(w, w) for w in words],
                prompt="—",
                allow_blank=True,
                value=self._chosen.get(group, Select.NULL),
                classes="field",
                compact=True,
            )
            yield self.row(GROUP_LABELS[group], group, choice)
        yield self.text_row(
            "Other tags", "tags", ", ".join(self._other), placeholder="comma between tags", classes="wide"
        )
        yield self.text_row("Notes", "notes", idea.notes if idea else "", classes="wide")

    def on_mount(self) -> None:
        super().on_mount()
        if self.privacy:
            for name in PRIVATE_FIELDS:
                self.text_input(name).password = True

    @on(Select.Changed, ".field")
    def _choice_changed(self) -> None:
        self.refresh_messages()

    def _select(self, name: str) -> str:
        value = self.field_control(name, Select).value
        return value if isinstance(value, str) else ""

    def check(self) -> Checked[Idea]:
        values = self.values()
        errors: dict[str, str] = {}
        notes: dict[str, str] = {}
        try:
            title = read_title(values["title"])
        except FieldError as exc:
            errors["title"] = str(exc)
            title = ""
        chosen = {group: self._select(group) for group in TAG_GROUPS if self._select(group)}
        other = read_other_tags(values["tags"])
        tags = join_tags(chosen, other)
        if self.idea is not None and set(tags) == set(self.idea.tags):
            tags = self.idea.tags  # the same tags in another order are no change
        notes["tags"] = f"{len(tags)} tag{'' if len(tags) == 1 else 's'} in all" if tags else "none yet"
        kind = self._select("kind") or "activity"
        if errors:
            return Checked(None, errors, notes)
        fields = {"title": title, "kind": kind, "tags": tags, "notes": values["notes"].strip()}
        if self.idea is None:
            return Checked(Idea(self.item_id, **fields), {}, notes)
        return Checked(replace(self.idea, **fields), {}, notes)
