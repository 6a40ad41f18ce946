"""The header line: which week is shown, and a compact balance meter of the hours of
your own by category against the hours together."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from weekplan.balance import Balance
from weekplan.model import NEUTRAL_COLOR, Config


def hours(minutes: int) -> str:
    """12h, 1½h, 45m: short enough for a header."""
    if 0 < minutes < 60:
        return f"{minutes}m"
    whole, rest = divmod(minutes, 60)
    if rest == 0:
        return f"{whole}h"
    if rest == 30:
        return f"{whole}½h"
    return f"{minutes / 60:.1f}h"


class WeekHeader(Widget):
    """Week label on the left, balance on the right, painted as segments of plain text:
    no category name or label is ever read as markup."""

    COMPONENT_CLASSES = {"week-header--title", "week-header--label", "week-header--readonly", "week-header--dim"}

    def __init__(self, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config = config
        self.labels: tuple[str, ...] = ("",)
        self.balance: Balance | None = None
        self.readonly = False

    @property
    def label(self) -> str:
        """The week's label in the form preferred, as shown where there is room."""
        return self.labels[0]

    def show(self, labels: tuple[str, ...], balance: Balance, *, readonly: bool) -> None:
        """Show the week: `labels` is its label in every form (see Display.week_labels),
        of which the first that fits the header is shown."""
        self.labels, self.balance, self.readonly = labels or ("",), balance, readonly
        self.refresh()

    def label_for(self, width: int) -> str:
        """The first form of the week's label that fits `width` cells (the shortest,
        to be cut, where none does)."""
        fits = (label for label in self.labels if cell_len(label) <= width)
        return next(fits, min(self.labels, key=cell_len))

    def _style(self, component: str) -> Style:
        return self.rich_style + self.get_component_rich_style(component)

    def _meter(self, room: int) -> list[Segment]:
        balance = self.balance
        if balance is None or room < 12:
            return []
        together = self.config.categories[-1]
        for category in self.config.categories:
            if category.together:
                together = category
                break
        base = self.rich_style
        dim = self._style("week-header--dim")
        own = f"own {hours(balance.own_total)} "
        with_partner = f" ♥ {hours(balance.together_minutes)}"
        bar_width = min(24, room - cell_len(own) - cell_len(with_partner) - 1)
        meter = [Segment(own, dim)]
        if bar_width >= 4:
            total = balance.own_total + balance.together_minutes
            parts = [(c.color, balance.own_minutes.get(c.id, 0)) for c in self.config.own_categories]
            # Activities without a category (or with one config.toml no longer has) are
            # your own time too: a neutral part of the bar, not the partner's.
            parts += [(NEUTRAL_COLOR, balance.own_total - sum(minutes for _color, minutes in parts))]
            parts += [(together.color, balance.together_minutes)]
            cells = 0
            for index, (color, minutes) in enumerate(parts):
                width = round(bar_width * minutes / total) if total else 0
                if index == len(parts) - 1 and total:
                    width = bar_width - cells
                width = max(0, min(width, bar_width - cells))
                if width:
                    meter.append(Segment("█" * width, base + Style(color=color)))
                cells += width
            if bar_width > cells:
                meter.append(Segment("·" * (bar_width - cells), dim))
        meter.append(Segment(with_partner, base + Style(color=together.color, bold=True)))
        return meter

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y > 0:
            return Strip.blank(width, base)
        label_style = self._style("week-header--label")
        # The week itself matters more than the app's name: its label takes a shorter form
        # only where it would not fit alone, and the name is shown only where both fit.
        label = self.label_for(width)
        left = [
            Segment(" weekplan ", self._style("week-header--title")),
            Segment(" ", base),
            Segment(label, label_style),
        ]
        if self.readonly:
            left.append(Segment("  read-only", self._style("week-header--readonly")))
        left_width = Segment.get_line_length(left)
        if left_width > width:
            left, left_width = [Segment(label, label_style)], cell_len(label)
        meter = self._meter(width - left_width - 2)
        gap = max(1, width - left_width - Segment.get_line_length(meter) - 1)
        return Strip([*left, Segment(" " * gap, base), *meter, Segment(" ", base)]).crop_extend(0, width, base)
