"""Weekly goals, one line per category: a count ("fitness 3×") or hours ("hobby 4 h"),
empty for none.  Returns every category's goal; `goal_edit` turns the difference
into one undoable edit for the app to save."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.app import ComposeResult

from weekplan.app.screens.form_base import FormScreen
from weekplan.form_rules import Checked, FieldError
from weekplan.goal_text import changed_goals, goal_text, read_goal
from weekplan.history import Change, Step, batch_of
from weekplan.model import Config, Goal
from weekplan.together import revise_goal
from weekplan.weeks import IsoWeek

from . import TOGETHER_CSS

Goals = dict[str, Goal | None]


def _meaning(goal: Goal | None) -> str:
    """What the line sets, in words: "3 times a week", "1.5 hours a week"."""
    if goal is None:
        return "no goal"
    amount, unit = (goal.count, "time") if goal.count is not None else (goal.hours, "hour")
    return f"{amount:g} {unit}{'' if amount == 1 else 's'} a week"


class GoalsForm(FormScreen[Goals]):
    """Returns {category id: goal or None} for every line, or None when cancelled.

    Goals for categories that config.toml no longer has get a line too, so they
    can be seen and dropped; nothing is lost by opening the form."""

    CSS_PATH = TOGETHER_CSS
    TITLE_TEXT = "Weekly goals"

    def __init__(self, config: Config, goals: Iterable[Goal]) -> None:
        super().__init__()
        self.config = config
        self.goals = {g.category: g for g in goals}
        names = [(c.id, c.name) for c in config.categories]
        known = {c.id for c in config.categories}
        names += [(cid, cid) for cid in sorted(self.goals) if cid not in known]
        # Field names by position: a category id may not be a valid widget id.
        self.lines = [(f"goal{i}", cid, name) for i, (cid, name) in enumerate(names)]

    def fields(self) -> ComposeResult:
        for field, category, name in self.lines:
            yield self.text_row(
                name, field, goal_text(self.goals.get(category)), placeholder="3× or 4 h", classes="mid"
            )

    def check(self) -> Checked[Goals]:
        values = self.values()
        goals: Goals = {}
        errors: dict[str, str] = {}
        notes: dict[str, str] = {}
        for field, category, _name in self.lines:
            try:
                goal = read_goal(category, values[field], base=self.goals.get(category))
            except FieldError as exc:
                errors[field] = str(exc)
                continue
            goals[category] = goal
            notes[field] = _meaning(goal)
        if errors:
            return Checked(None, errors, notes)
        return Checked(goals, {}, notes)


def goal_edit(
    config: Config,
    old: Mapping[str, Goal],
    new: Mapping[str, Goal | None],
    *,
    stored: Mapping[str, Goal] | None = None,
    week: IsoWeek | None = None,
) -> Step | None:
    """One undoable edit for everything the goals form changed (None: nothing did).
    `old` is what the form showed; with `stored` (goals.toml's goals) and `week`, a
    change applies from that week on and the weeks before keep the goals they had."""
    edits: list[Step] = []
    for before, after in changed_goals(old, new):
        goal = after or before
        assert goal is not None
        category = config.category(goal.category)
        name = category.name if category else goal.category
        label = f"drop the {name} goal" if after is None else f"set {name} to {goal_text(after)}"
        if stored is None or week is None:
            edits.append(Change(label, before, after))
            continue
        kept = stored.get(goal.category)
        revised = revise_goal(kept, after, week)
        if revised != kept:
            edits.append(Change(label, kept, revised))
    return batch_of("change the weekly goals", edits)
