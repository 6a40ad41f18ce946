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
    goals; s suggests, i shows every idea, a/e/x add, edit and delete."""

    BINDINGS = [
        Binding("enter", "select", "Open", id="panel_open"),
        Binding("s", "app.suggest", "Suggest", show=False, id="panel_suggest"),
        Binding("i", "app.ideas", "All ideas", show=False, id="panel_ideas"),
        Binding("a", "app.add_idea", "Add idea", show=False, id="panel_add_idea"),
        Binding("e", "app.edit_panel_item", "Edit", show=False, id="panel_edit"),
        Binding("x,delete", "app.delete_panel_item", "Delete", show=False, id="panel_delete"),
        Binding("G", "app.goals", "Goals", show=False, id="panel_goals"),
    ]

    def __init__(self, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config = config
        self.privacy = False
        self.items: dict[str, Item | Idea | Goal] = {}

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
    ) -> None:
        self.privacy = privacy
        keep = self.highlighted_option.id if self.highlighted_option is not None else None
        heading = Style(bold=True, color=self._together_color())
        dim = Style(dim=True)
        options: list[Option | None] = []
        self.items = {}

        options.append(Option(Text("Coming up", heading), disabled=True))
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
                line.append(f"\n  {PRIVATE + ' — ' + up.prep.when if privacy else up.prep.label}", Style(italic=True))
            options.append(Option(line, id=f"date:{special.id}"))
            self.items[f"date:{special.id}"] = special
        if not coming:
            options.append(Option(Text("  nothing planned yet — s plans a date", dim), disabled=True))

        options.append(None)
        options.append(Option(Text("Ideas", heading), disabled=True))
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
            self.items[f"idea:{use.idea.id}"] = use.idea
        if len(backlog) > IDEAS_LIMIT:
            options.append(Option(Text(f"  and {len(backlog) - IDEAS_LIMIT} more", dim), disabled=True))
        if not backlog:
            options.append(Option(Text("  no ideas yet", dim), disabled=True))

        options.append(None)
        options.append(Option(Text("Goals this week", heading), disabled=True))
        for progress in goal_progress(goals, week_activities, week_dates, self.config):
            category = self.config.category(progress.goal.category)
            line = Text()
            line.append("✓ " if progress.met else "· ", Style(color=category.color if category else None))
            line.append(progress.label)
            options.append(Option(line, id=f"goal:{progress.goal.category}"))
            self.items[f"goal:{progress.goal.category}"] = progress.goal
        if not goals:
            options.append(Option(Text("  no goals set", dim), disabled=True))

        self.set_options(options)
        if keep is not None and keep in self.items:
            self.highlighted = self.get_option_index(keep)
        elif self.highlighted is None:
            self.highlighted = next((i for i, o in enumerate(self.options) if not o.disabled), None)

    @property
    def selected_item(self) -> Item | Idea | Goal | None:
        option = self.highlighted_option
        return None if option is None or option.id is None else self.items.get(option.id)
