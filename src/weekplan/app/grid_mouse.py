"""Dragging entries on the week grid with the mouse.

Press on an entry and drag: it moves with the pointer, by days and time slots.  Press
on the last line of an entry taller than one line (its bottom edge) and drag: it
gets longer or shorter.  A date without a time moves along the all-day row, by days.
While the button is held the grid shows the entry where it
would land (the app lays the week out with it there, saving nothing); letting go saves
the whole drag as one edit, so one `u` takes it back.  Escape while dragging, or
letting go where it started, changes nothing.

The week grid keeps only small hooks that hand its mouse events to `GridMouse` (which
reads the grid's cell geometry, its friend); `DragActions` is the app's side; the
arithmetic is weekplan.entry_moves, shared with shift+arrows and `<` `>`.
"""

from __future__ import annotations

from typing import Any, Protocol

from textual import events
from textual.message import Message

from weekplan.grid_layout import Item, WeekLayout, build_layout
from weekplan.model import Activity, Config, SpecialDate


class _Grid(Protocol):
    """What a drag needs of the week grid (week_grid.WeekGrid, which imports this module)."""

    week: WeekLayout | None
    config: Config

    def _cell_at(self, x: int, y: int) -> tuple[int | None, int | None]: ...
    def _lane_at(self, day_index: int | None, row: int | None, x: int) -> int: ...
    def _cell_items(self, day_index: int, row: int) -> list[Item]: ...
    def capture_mouse(self, capture: bool = True) -> None: ...
    def release_mouse(self) -> None: ...
    def post_message(self, message: Message) -> bool: ...


MOVE, RESIZE = "move", "resize"


class EntryDragged(Message):
    """An entry dragged to a new place or length.  `done` is False while the button is
    still held (show it there, save nothing) and True on letting go (save it); `after`
    is None when the drag was called off (show the week as it is)."""

    def __init__(self, before: Item, after: Item | None, verb: str, *, done: bool) -> None:
        super().__init__()
        self.before = before
        self.after = after
        self.verb = verb
        self.done = done


class _Drag:
    def __init__(self, item: Item, mode: str, day_index: int, minute: int | None) -> None:
        self.item = item
        self.mode = mode
        self.day_index = day_index
        self.minute = minute  # the start of the row pressed on; None: an all-day date, by days only
        self.after: Item | None = None  # where it would land now; None: where it was


class GridMouse:
    """The grid's drag state: one drag at a time, from mouse down to mouse up."""

    def __init__(self, grid: _Grid) -> None:
        self.grid = grid
        self.drag: _Drag | None = None
        self._dropped = False  # a drag just ended: the click that follows is not a click

    @property
    def dragging(self) -> bool:
        return self.drag is not None and self.drag.after is not None

    def down(self, event: events.MouseDown) -> None:
        grid = self.grid
        if event.button != 1 or grid.week is None:
            return
        day_index, row = grid._cell_at(event.x, event.y)
        if day_index is None or row is None or row >= len(grid.week.rows):
            return
        minute = grid.week.rows[row].minute
        lane = grid._lane_at(day_index, row, event.x)
        items = grid._cell_items(day_index, row)
        if not items:
            return
        item = items[min(lane, len(items) - 1)]
        mode = MOVE if minute is None else RESIZE if self._on_bottom_edge(item, row) else MOVE
        self.drag = _Drag(item, mode, day_index, minute)
        grid.capture_mouse()

    def _on_bottom_edge(self, item: Item, row: int) -> bool:
        week = self.grid.week
        assert week is not None
        found = week.find("activity" if isinstance(item, Activity) else "date", item.id)
        if found is None:
            return False
        placed = found[1]
        return placed.last_row > placed.first_row and row == placed.last_row

    def move(self, event: events.MouseMove) -> None:
        drag, grid = self.drag, self.grid
        if drag is None or grid.week is None:
            return
        day_index, row = grid._cell_at(event.x, event.y)
        if day_index is None:
            day_index = drag.day_index if event.x < 0 else 0
        rows = grid.week.rows
        row = max(0, min(len(rows) - 1, row if row is not None else 0))
        minute = rows[row].minute
        if minute is None:  # over the all-day row: keep to the first timed row
            minute = rows[min(row + 1, len(rows) - 1)].minute or 0
        config = grid.config
        from weekplan.entry_moves import CannotMove, ending_at, moved  # loaded with the first drag, not at start-up

        try:
            if drag.minute is None:  # an all-day date: to another day, whatever the row
                after = moved(drag.item, day_index - drag.day_index, 0)
            elif drag.mode == MOVE:
                after = moved(drag.item, day_index - drag.day_index, minute - drag.minute)
            else:
                after = ending_at(drag.item, minute + config.slot_minutes, config.slot_minutes)
        except CannotMove:
            return  # past an edge: it stays where it last could be
        after = None if after == drag.item else after
        if after != drag.after:
            drag.after = after
            grid.post_message(EntryDragged(drag.item, after, drag.mode, done=False))

    def up(self, event: events.MouseUp) -> None:
        drag = self.drag
        if drag is None:
            return
        self.drag = None
        self.grid.release_mouse()
        self._dropped = drag.after is not None
        if drag.after is not None:
            self.grid.post_message(EntryDragged(drag.item, drag.after, drag.mode, done=True))

    def click_was_a_drop(self) -> bool:
        """True once after a drag ended: the Click that Textual sends then is not one."""
        dropped, self._dropped = self._dropped, False
        return dropped

    def cancel(self) -> bool:
        """Call the drag off (escape); False when there was none."""
        drag = self.drag
        if drag is None:
            return False
        self.drag = None
        self.grid.release_mouse()
        if drag.after is not None:
            self.grid.post_message(EntryDragged(drag.item, None, drag.mode, done=True))
        return True


class DragActions:
    """The planner app's side of a drag: show the entry where it would land, then save
    the drop as one edit.  Mixed into PlannerApp."""

    def on_entry_dragged(self, event: EntryDragged) -> None:
        app: Any = self
        if not event.done:
            if event.after is None:
                app.refresh_view()
            else:
                self._preview(event.before, event.after)
            return
        if event.after is None or not app.save_entry_change(event.before, event.verb, lambda: event.after):
            app.refresh_view()  # called off, or refused: the week as it is

    def _preview(self, before: Item, after: Item) -> None:
        app: Any = self
        kind = type(before)
        activities = [after if kind is Activity and a.id == before.id else a for a in app.week_activities]
        dates = [after if kind is SpecialDate and d.id == before.id else d for d in app.week_dates]
        layout = build_layout(app.first_day, app.config, activities, dates)
        app.grid.show_layout(layout, today=app.today, now_minute=app.now_minute())
        app.grid.select("activity" if kind is Activity else "date", after.id)
