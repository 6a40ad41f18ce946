"""The partner's busy times on the week grid: a faint band under your own entries,
with a title where the partner chose to show one; `B` hides or shows it.

A mixin of PlannerApp.  The band is on from the start when there is a partner (that
is what sharing busy times is for) unless `B` hid it in an earlier run (config.toml
keeps the choice, `show_busy` under `[partner]`), and never without one.  The busy
times come from the partner's file in the shared Together repository
(weekplan.partner_busy), read only while the band is on, so a week without it costs
nothing.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from weekplan.grid_layout import BandSpan, band_rows
from weekplan.privacy import veil
from weekplan.record import replace
from weekplan.store import Store

if TYPE_CHECKING:
    from collections.abc import Callable

    from weekplan.grid_layout import WeekLayout
    from weekplan.model import Config
    from weekplan.partner_busy import PartnerBusy

    from .week_grid import WeekGrid


class BusyBand:
    """Mixed into PlannerApp."""

    store: Store
    privacy: bool
    first_day: date
    busy_band = False  # whether the band is shown (PlannerApp starts it with a partner)
    _busy_read: tuple[tuple[tuple[str, int, int], ...], PartnerBusy] | None = None

    if TYPE_CHECKING:  # provided by PlannerApp and App

        @property
        def grid(self) -> WeekGrid: ...
        @property
        def last_day(self) -> date: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def remember_view(self, what: str, change: Callable[[Config], Config]) -> None: ...

    def action_toggle_busy_band(self) -> None:
        if not self.busy_band and not self.store.config.partner.shared:
            self.notify(
                "No partner to show busy times of: `weekplan partner --init URL` shares Together with one",
                severity="warning",
            )
            return
        self.busy_band = shown = not self.busy_band
        self.remember_view("The band's setting", lambda c: replace(c, partner=replace(c.partner, show_busy=shown)))
        if self.grid.week is not None:
            self.show_busy_band(self.grid.week)
        if not self.busy_band:
            self.notify("Partner's busy times hidden")
            return
        from weekplan.partner_busy import read_partner_busy

        found = read_partner_busy(self.store, self.first_day, self.last_day)
        if not found.people:
            self.notify("Your partner has shared no busy times (yet); they show here once a sync brings them")
        elif not found.times:
            self.notify(f"{', '.join(found.people)}: not busy this week, as far as shared")
        else:
            self.notify(f"{', '.join(found.people)}'s busy times shown as a band; B hides them")

    def partner_busy(self) -> PartnerBusy:
        """The partner's busy times and their files' problems, read once while the files
        stay as they are: changing weeks should not parse them again."""
        from weekplan.partner_busy import busy_files_signature, read_partner_busy

        signature = busy_files_signature(self.store)
        if self._busy_read is None or self._busy_read[0] != signature:
            self._busy_read = (signature, read_partner_busy(self.store, date.min, date.max))
        return self._busy_read[1]

    def show_busy_band(self, layout: WeekLayout) -> None:
        """Lay the band over a (new) week, or take it away when it is off."""
        if not self.busy_band:
            self.grid.show_band(None)
            return
        first, last = layout.first_day, layout.last_day
        times = [b for b in self.partner_busy().times if first <= b.day <= last]
        spans = [BandSpan(b.day, b.start, b.end, veil(b.title, self.privacy) or b.person) for b in times]
        self.grid.show_band(band_rows(layout, spans))
