"""The header line: which week is shown, and a compact balance meter of the hours of
your own by category against the hours together."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from weekplan.balance import Balance
from weekplan.model import Config


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
    """Week label on the left, balance on the right; everything is plain Text, so no
    category name or label is ever read as markup."""

    COMPONENT_CLASSES = {"week-header--title", "week-header--label", "week-header--readonly", "week-header--dim"}

    def __init__(self, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config = config
        self.label = ""
        self.balance: Balance | None = None
        self.readonly = False

    def show(self, label: str, balance: Balance, *, readonly: bool) -> None:
        self.label, self.balance, self.readonly = label, balance, readonly
        self.refresh()

    def _meter(self, room: int) -> Text:
        balance = self.balance
        meter = Text()
        if balance is None or room < 12:
            return meter
        together = self.config.categories[-1]
        for category in self.config.categories:
            if category.together:
                together = category
                break
        own = f"own {hours(balance.own_total)} "
        with_partner = f" ♥ {hours(balance.together_minutes)}"
        bar_width = min(24, room - cell_len(own) - cell_len(with_partner) - 1)
        meter.append(own, self.get_component_rich_style("week-header--dim"))
        if bar_width >= 4:
            total = balance.own_total + balance.together_minutes
            parts = [(c.color, balance.own_minutes.get(c.id, 0)) for c in self.config.own_categories]
            parts += [(together.color, balance.together_minutes)]
            cells = 0
            for index, (color, minutes) in enumerate(parts):
                width = round(bar_width * minutes / total) if total else 0
                if index == len(parts) - 1 and total:
                    width = bar_width - cells
                width = max(0, min(width, bar_width - cells))
                meter.append("█" * width, Style(color=color))
                cells += width
            meter.append("·" * (bar_width - cells), self.get_component_rich_style("week-header--dim"))
        meter.append(with_partner, Style(color=together.color, bold=True))
        return meter

    def render(self) -> Text:
        width = self.size.width
        left = Text()
        left.append(" weekplan ", self.get_component_rich_style("week-header--title"))
        left.append(" ")
        left.append(self.label, self.get_component_rich_style("week-header--label"))
        if self.readonly:
            left.append("  read-only", self.get_component_rich_style("week-header--readonly"))
        if cell_len(left.plain) > width:
            # Narrow terminals: the week itself matters more than the app's name.
            left = Text(self.label, self.get_component_rich_style("week-header--label"))
        meter = self._meter(width - cell_len(left.plain) - 2)
        gap = max(1, width - cell_len(left.plain) - cell_len(meter.plain) - 1)
        line = Text.assemble(left, " " * gap, meter, " ", no_wrap=True, overflow="crop")
        line.truncate(width)
        return line
