"""The Together panel: special dates coming up (with countdown and preparation due),
the idea backlog with never-tried ideas first, and this week's goals.

What to show and in which order comes from weekplan.together; the panel is an
OptionList, so it is focusable and navigable for free.
"""

from __future__ import annotations

from datetime import date

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from weekplan.grid_layout import Item
from weekplan.model import Activity, Config, Goal, Idea, SpecialDate
from weekplan.together import goal_progress, suggestion_order, upcoming_dates

PRIVATE = "•••"
UPCOMING_LIMIT = 6
IDEAS_LIMIT = 8


class TogetherPanel(OptionList):
    """Focusable list; enter opens the date, plans a date from the idea or sets the
    goals; s suggests, i shows every idea, a/e/x add, edit and delete, p ticks off a
    date's preparation."""

    BINDINGS = [
        Binding("enter", "select", "Open", id="panel_open"),
        Binding("s", "app.suggest", "Suggest", show=False, id="panel_suggest"),
        Binding("i", "app.ideas", "All ideas", show=False, id="panel_ideas"),
        Binding("a", "app.add_idea", "Add idea", show=False, id="panel_add_idea"),
        Binding("e", "app.edit_panel_item", "Edit", show=False, id="panel_edit"),
        Binding("x,delete", "app.delete_panel_item", "Delete", show=False, id="panel_delete"),
        Binding("G", "app.goals", "Goals", show=False, id="panel_goals"),
        Binding("p", "app.toggle_prep_done", "Preparation done", show=False, id="panel_prep_done"),
    ]

    def __init__(self, config: Config, goals_view: GoalsView, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config = config
        self.goals_view = goals_view
        self.privacy = False
        self.items: dict[str, Item | Idea | Goal] = {}
        self._cached: tuple[tuple[int, date, bool], list[Option | None], dict[str, Item | Idea | Goal]] | None = None
        self._shape: list[tuple[str | None, bool] | None] = []
        self._prompts: list[str] = []

    def _together_color(self) -> str:
        return next((c.color for c in self.config.categories if c.together), "#d9485f")

    def show(
        self,
        *,
        today: date,
        dates: list[SpecialDate],
        ideas: list[Idea],
        goals: list[Goal],
        week_activities: list[Activity],
        week_dates: list[SpecialDate],
        privacy: bool,
        version: int = 0,
    ) -> None:
        """Fill the panel.  `version` changes whenever the data may have changed; while it
        stays the same only the goals (which follow the shown week) are worked out again,
        and only the lines whose text changed are repainted: switching weeks stays quick."""
        self.privacy = privacy
        key = (version, today, privacy)
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, *self._dates_and_ideas(today, dates, ideas, privacy))
        _, options, items = self._cached
        self.items = dict(items)
        self._update(options)
        self.goals_view.show(goal_lines(self.config, goals, week_activities, week_dates))

    def _update(self, options: list[Option | None]) -> None:
        def signature(option: Option | None) -> tuple[str | None, bool] | None:
            return None if option is None else (option.id, option.disabled)

        keep = self.highlighted_option.id if self.highlighted_option is not None else None
        new_shape = [signature(o) for o in options]
        if new_shape == self._shape:
            for option, shown in zip(options, self._prompts, strict=True):
                if option is not None and option.id is not None and str(option.prompt) != shown:
                    self.replace_option_prompt(option.id, option.prompt)
        else:
            self.set_options(options)
        self._shape = new_shape
        self._prompts = ["" if o is None else str(o.prompt) for o in options]
        if keep is not None and keep in self.items:
            self.highlighted = self.get_option_index(keep)
        elif self.highlighted is None:
            self.highlighted = next((i for i, o in enumerate(self.options) if not o.disabled), None)

    def _dates_and_ideas(
        self, today: date, dates: list[SpecialDate], ideas: list[Idea], privacy: bool
    ) -> tuple[list[Option | None], dict[str, Item | Idea | Goal]]:
        heading = Style(bold=True, color=self._together_color())
        dim = Style(dim=True)
        options: list[Option | None] = []
        items: dict[str, Item | Idea | Goal] = {}

        options.append(Option(Text("Coming up", heading), id="h:coming", disabled=True))
        coming = upcoming_dates(dates, today)[:UPCOMING_LIMIT]
        for up in coming:
            special = up.special
            line = Text()
            line.append("♥ ", Style(color=self._together_color()))
            line.append(PRIVATE if privacy else special.title)
            line.append(f"  {special.date:%a %-d %b} · {up.countdown}", dim)
            if special.place and not privacy:
                line.append(f"\n  @ {special.place}", dim)
            if up.prep is not None:
                prep_style = dim if up.prep.done else Style(italic=True)
                line.append(f"\n  {PRIVATE + ' — ' + up.prep.when if privacy else up.prep.label}", prep_style)
            options.append(Option(line, id=f"date:{special.id}"))
            items[f"date:{special.id}"] = special
        if not coming:
            options.append(Option(Text("  nothing planned yet — s plans a date", dim), id="i:nodates", disabled=True))

        options.append(None)
        options.append(Option(Text("Ideas", heading), id="h:ideas", disabled=True))
        backlog = suggestion_order(ideas, dates, today)
        for use in backlog[:IDEAS_LIMIT]:
            line = Text()
            line.append(PRIVATE if privacy else use.idea.title)
            if use.next_planned is not None:
                line.append(f"  planned {use.next_planned:%-d %b}", dim)
            elif use.never_tried:
                line.append("  new", Style(bold=True, color=self._together_color()))
            else:
                assert use.last_done is not None
                line.append(f"  {use.times_done}×, last {use.last_done:%-d %b %Y}", dim)
            options.append(Option(line, id=f"idea:{use.idea.id}"))
            items[f"idea:{use.idea.id}"] = use.idea
        if len(backlog) > IDEAS_LIMIT:
            options.append(Option(Text(f"  and {len(backlog) - IDEAS_LIMIT} more", dim), id="i:more", disabled=True))
        if not backlog:
            options.append(Option(Text("  no ideas yet", dim), id="i:noideas", disabled=True))
        return options, items

    @property
    def selected_item(self) -> Item | Idea | Goal | None:
        option = self.highlighted_option
        return None if option is None or option.id is None else self.items.get(option.id)


def goal_lines(
    config: Config, goals: list[Goal], week_activities: list[Activity], week_dates: list[SpecialDate]
) -> list[Text]:
    together = next((c.color for c in config.categories if c.together), "#d9485f")
    lines = [Text("Goals this week", Style(bold=True, color=together))]
    for progress in goal_progress(goals, week_activities, week_dates, config):
        category = config.category(progress.goal.category)
        line = Text()
        line.append("✓ " if progress.met else "· ", Style(color=category.color if category else None))
        line.append(progress.label)
        lines.append(line)
    if not goals:
        lines.append(Text("  no goals set", Style(dim=True)))
    return lines


class GoalsView(Widget):
    """This week's goals under the list.  Apart from it, because the goals change with
    every week shown while the rest of the panel does not: only these few lines repaint."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Text] = []

    def show(self, lines: list[Text]) -> None:
        if [line.plain for line in lines] == [line.plain for line in self.lines]:
            return
        grew = len(lines) != len(self.lines)
        self.lines = lines
        if grew:
            self.styles.height = len(lines)
        self.refresh()

    def render(self) -> Text:
        return Text("\n").join(self.lines)
