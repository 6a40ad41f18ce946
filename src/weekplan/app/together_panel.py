"""The Together panel: special dates coming up (with countdown and preparation due),
the idea backlog with never-tried ideas first, and this week's goals.

What to show and in which order comes from weekplan.together; the panel is a RowList
(focusable, navigable, painted line by line), and the goals below it one more small
line widget, so showing the panel costs little on the first screen.
"""

from __future__ import annotations

from datetime import date

from textual.color import Color
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from weekplan.app import keymap
from weekplan.app.keys_now import key_of
from weekplan.display import display_for
from weekplan.display_text import one_line
from weekplan.grid_layout import Item
from weekplan.idea_history import History
from weekplan.model import Activity, Config, Goal, Idea, SpecialDate
from weekplan.people import love_marks, my_name, named_ratings, prep_taker
from weekplan.privacy import PRIVATE
from weekplan.record import replace
from weekplan.together import goal_progress, suggestion_order, upcoming_dates

from .row_list import Part, Row, RowList, paint, parts_row, same_look, styled_part

UPCOMING_LIMIT = 6
IDEAS_LIMIT = 8
DIM = Style(dim=True)
ITALIC = Style(italic=True)
STARS = Style(foreground=Color.parse("#e0a800"))  # the review's colour for ratings


def together_color(config: Config) -> Color:
    return Color.parse(next((c.color for c in config.categories if c.together), "#d9485f"))


class TogetherBox(Vertical):
    """The panel and the goals under it, with the line that sets them off from the grid.

    Textual paints a container whole under its children; what shows of the box is its
    left border and its background between and below them, the same on every line.  So
    one line is painted and repeated, rather than each line made through the styles
    again (most of them covered), unless the box has a line of its own: a border or an
    outline above or below, or lines drawn around what it holds (a keyline)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        if crop.height > 1 and self._every_line_alike():
            return super().render_lines(Region(crop.x, crop.y, crop.width, 1)) * crop.height
        return super().render_lines(crop)

    def _every_line_alike(self) -> bool:
        styles = self.styles
        unset = ("", "none", "hidden")
        return not (
            styles.border_top[0] not in unset
            or styles.border_bottom[0] not in unset
            or styles.outline_top[0] not in unset
            or styles.outline_bottom[0] not in unset
            or styles.keyline[0] not in unset
            or styles.hatch not in (None, "none")
            or self.show_vertical_scrollbar
            or self.show_horizontal_scrollbar
        )


class TogetherPanel(RowList):
    """Focusable list; enter opens the date, plans a date from the idea or sets the
    goals; s suggests, i shows every idea, a/e/x add, edit and delete, p ticks off a
    date's preparation."""

    BINDINGS = keymap.TOGETHER_PANEL

    def __init__(self, config: Config, goals_view: GoalsView, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config = config
        self.goals_view = goals_view
        self.privacy = False
        self.items: dict[str, Item | Idea | Goal] = {}
        self._cached: tuple[tuple[int, date, bool], list[Row], dict[str, Item | Idea | Goal]] | None = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # The goals sit under the list: it leaves them their lines and scrolls instead.
        # (A `max-height: 1fr` would be the box's whole height, goals not counted.)
        goals = self.goals_view
        room = container.height - len(goals.lines) - goals.styles.margin.top
        return max(1, min(super().get_content_height(container, viewport, width), room))

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
        earlier: list[History] | None = None,
    ) -> None:
        """Fill the panel.  `version` changes whenever the data may have changed; while it
        stays the same only the goals (which follow the shown week) are worked out again
        and the list is left as it is: switching weeks stays quick.  `earlier`: the idea
        history of the years before `dates` (together.idea_stats)."""
        self.privacy = privacy
        key = (version, today, privacy)
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, *self._dates_and_ideas(today, dates, ideas, privacy, earlier or []))
        _, rows, items = self._cached
        self.items = dict(items)
        if rows is not self.rows:
            self.set_rows(rows)
        self.goals_view.show(goal_lines(self.config, goals, week_activities, week_dates))

    def _dates_and_ideas(
        self, today: date, dates: list[SpecialDate], ideas: list[Idea], privacy: bool, earlier: list[History]
    ) -> tuple[list[Row], dict[str, Item | Idea | Goal]]:
        color = together_color(self.config)
        heading = Style(foreground=color, bold=True)
        rows: list[Row] = []
        items: dict[str, Item | Idea | Goal] = {}

        display = display_for(self.config)
        rows.append(Row("h:coming", Content.assemble(("Coming up", heading)), selectable=False))
        coming = upcoming_dates(dates, today)[:UPCOMING_LIMIT]
        for up in coming:
            special = up.special
            # The title, then when: each whole, so a date is never split over two lines.
            title = Content.assemble(("♥ ", Style(foreground=color)), PRIVATE if privacy else one_line(special.title))
            lines: list[list[Part]] = [
                [
                    (Content(""), title),
                    styled_part("  ", f"{display.weekday_day_month(special.date)} · {up.countdown}", DIM),
                ]
            ]
            if special.place and not privacy:
                lines.append([styled_part("  ", f"@ {one_line(special.place)}", DIM)])
            if up.prep is not None:
                prep_style = DIM if up.prep.done else ITALIC
                what = PRIVATE if privacy else one_line(up.prep.what)
                prep = [styled_part("  ", f"✓ {what}" if up.prep.done else what, prep_style)]
                prep.append(styled_part(" — ", up.prep.when, prep_style))
                taker = one_line(prep_taker(up.prep.by, my_name(self.config))) if my_name(self.config) else ""
                if taker:
                    prep.append(styled_part(" · ", taker.removeprefix(" · "), prep_style))
                lines.append(prep)
            rows.append(parts_row(f"date:{special.id}", lines))
            items[f"date:{special.id}"] = special
        if not coming:
            # The key that suggests one wherever the focus is: a key of the panel or the
            # grid alone would do something else, or nothing, with the other focused.
            none = f"  nothing planned yet — {key_of(self.app, keymap.PLANNER, 'app.suggest')} suggests one"
            rows.append(Row("i:nodates", Content.assemble((none, DIM)), False))
        rows[-1] = replace(rows[-1], rule_after=True)

        rows.append(Row("h:ideas", Content.assemble(("Ideas", heading)), selectable=False))
        backlog = suggestion_order(ideas, dates, today, earlier=earlier)
        for use in backlog[:IDEAS_LIMIT]:
            line: list[Part] = [(Content(""), Content(PRIVATE if privacy else one_line(use.idea.title)))]
            ratings: list[Part] = []
            if use.idea.loves and my_name(self.config):
                line.append(styled_part(" ", love_marks(use.idea), Style(foreground=color)))
            if use.next_planned is not None:
                line.append(styled_part("  ", f"planned {display.day_month(use.next_planned)}", DIM))
            elif use.never_tried:
                line.append(styled_part("  ", "new", heading))
            else:
                assert use.last_done is not None
                last = display.day_month_year(use.last_done)
                line.append(styled_part("  ", f"{use.times_done}×, last {last}", DIM))
                if use.last_ratings and my_name(self.config):  # how both found it, last time
                    ratings = [styled_part("  ", one_line(named_ratings(use.last_ratings)), STARS)]
            rows.append(parts_row(f"idea:{use.idea.id}", [line, ratings] if ratings else [line]))
            items[f"idea:{use.idea.id}"] = use.idea
        if len(backlog) > IDEAS_LIMIT:
            rows.append(Row("i:more", Content.assemble((f"  and {len(backlog) - IDEAS_LIMIT} more", DIM)), False))
        if not backlog:
            rows.append(Row("i:noideas", Content.assemble(("  no ideas yet", DIM)), selectable=False))
        return rows, items

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A preparation is taken by one of two: planning alone the key is not there.
        return not keymap.for_partner_only(self.BINDINGS, action) or bool(my_name(self.config))

    async def action_take_prep(self) -> None:
        await self.app.run_action("take_prep")

    @property
    def selected_item(self) -> Item | Idea | Goal | None:
        row = self.highlighted_row
        return None if row is None else self.items.get(row.id)


def goal_lines(
    config: Config, goals: list[Goal], week_activities: list[Activity], week_dates: list[SpecialDate]
) -> list[Content]:
    lines = [Content.assemble(("Goals this week", Style(foreground=together_color(config), bold=True)))]
    for progress in goal_progress(goals, week_activities, week_dates, config):
        category = config.category(progress.goal.category)
        mark = "✓ " if progress.met else "· "
        mark_style = Style(foreground=Color.parse(category.color)) if category else Style()
        # Progress counts what was done; what is still ahead this week is said apart.
        ahead = f" +{progress.planned:g} planned" if progress.planned and not progress.met else ""
        lines.append(Content.assemble((mark, mark_style), one_line(progress.label), (ahead, DIM)))
    if not goals:
        lines.append(Content.assemble(("  no goals set", DIM)))
    return lines


class GoalsView(Widget):
    """This week's goals under the list.  Apart from it, because the goals change with
    every week shown while the rest of the panel does not: only these few lines repaint.
    One goal a line; a line too long for the panel ends in an ellipsis."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Content] = []
        self._strips: dict[int, tuple[Style, int, Strip]] = {}

    @property
    def text(self) -> str:
        return "\n".join(line.plain for line in self.lines)

    async def on_click(self) -> None:
        await self.run_action("app.goals")  # a click on the goals sets them, as G does

    def show(self, lines: list[Content]) -> None:
        if len(lines) == len(self.lines) and all(map(same_look, lines, self.lines)):
            return
        grew = len(lines) != len(self.lines)
        self.lines = lines
        self._strips.clear()
        if grew:
            self.styles.height = len(lines)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.visual_style
        if not 0 <= y < len(self.lines):
            return Strip.blank(width, base.rich_style)
        cached = self._strips.get(y)
        if cached is not None and cached[0] is base and cached[1] == width:
            return cached[2]
        line = self.lines[y]
        if line.cell_length > width:
            line = line.truncate(width, ellipsis=True)
        strip = paint(line, base)
        self._strips[y] = (base, width, strip)
        return strip
