"""The week grid: seven day columns by time slots, painted line by line.

One widget draws the whole grid through the Line API (render_line returns a Strip
per screen line) instead of hundreds of child widgets: a cursor move repaints a
handful of lines, which keeps every keystroke well inside a frame.  Where things go
is decided by weekplan.grid_layout; this module only paints and moves the cursor.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from weekplan.app import keymap
from weekplan.display import Display, display_for
from weekplan.display_text import one_line
from weekplan.grid_layout import DAYS, GUTTER_WIDTH, MORE, Item, WeekLayout, column_spans, lane_spots
from weekplan.model import Activity, Config, SpecialDate
from weekplan.occurrence_ids import is_occurrence
from weekplan.privacy import PRIVATE

from .grid_mouse import GridMouse
from .grid_text import day_labels, fit, fit_cut, mark_cursor, readable_on, struck, time_text, wrap_cells

UNKNOWN_COLOR = "#888888"
MAX_LINES_PER_ROW = 4


def gutter_time(display: Display, minute: int) -> str:
    """A time as the time column shows it, in its few cells: "19:00" or "7pm" on the
    hour, else the short form ("7:30p")."""
    return display.hour(minute) if minute % 60 == 0 else display.short_time(minute)


class WeekGrid(Widget, can_focus=True):
    """The shown week.  The app gives it a WeekLayout; it keeps the cursor."""

    COMPONENT_CLASSES = {
        "week-grid--header",
        "week-grid--today-header",
        "week-grid--gutter",
        "week-grid--gutter-hour",
        "week-grid--offhours",
        "week-grid--day-end",
        "week-grid--today",
        "week-grid--now",
        "week-grid--cursor",
        "week-grid--separator",
        "week-grid--more",
        "week-grid--partner-busy",
    }

    BINDINGS = keymap.WEEK_GRID

    class Activated(Message):
        """A double click on a cell: edit what is there (or add, when it is empty)."""

    def __init__(self, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config = config
        self.week: WeekLayout | None = None
        self.today: date | None = None
        self.now_minute: int | None = None
        self.privacy = False
        # The partner's busy times as a faint band: per day, the rows it covers and the
        # label where one starts (grid_layout.band_rows); None while the band is off.
        self.band: list[dict[int, str]] | None = None
        self.cursor_day = 0
        self.cursor_row = 0
        self.lane = 0
        self.top = 0  # the first row shown (a row is a time slot, lines_per_row lines high)
        self.zoom: int | None = None  # lines per row the user chose; None: fill the height
        self._block_styles: dict[tuple[str, bool], tuple[Style, Style]] = {}
        self._block_styles_config: Config | None = None
        self._sized = False
        self._styles: dict[str, Style] = {}
        self._row_style_set: tuple[Segment, Style, Style, Style, Style, Style] | None = None
        self._column_cache: tuple[tuple[int, int | None, int], list[tuple[bool, int]]] = ((-1, None, 0), [])
        # What a paint asks again and again, worked out once (see _block_text, _item_styles):
        # keyed by the objects of the shown layout, so show_layout empties them.
        self._block_lines: dict[tuple[int, bool, int, int], list[str]] = {}
        self._item_styles: dict[int, tuple[Style, Style]] = {}
        self.mouse = GridMouse(self)  # dragging entries: see grid_mouse

    # -- state the app sets ----------------------------------------------------------

    def show_layout(self, layout: WeekLayout, *, today: date, now_minute: int | None) -> None:
        """Show a (new or rebuilt) week, keeping the cursor on the same day and time."""
        minute = self.cursor_minute
        had_layout = self.week is not None
        self.week = layout
        self.today = today
        self.now_minute = now_minute
        self._block_lines.clear()
        self._item_styles.clear()
        if had_layout:
            self.cursor_row = layout.row_of(minute) if minute is not None else 0
        self.cursor_row = min(self.cursor_row, len(layout.rows) - 1)
        self._clamp_lane()
        self._scroll_to_cursor()
        self.refresh()

    def show_band(self, band: list[dict[int, str]] | None) -> None:
        """Show the partner's busy times (None: no band)."""
        if band != self.band:
            self.band = band
            self.refresh()

    def set_privacy(self, private: bool) -> None:
        self.privacy = private
        self.refresh()

    def set_now(self, now_minute: int | None) -> None:
        if now_minute != self.now_minute:
            self.now_minute = now_minute
            self.refresh()

    # -- the cursor ------------------------------------------------------------------

    @property
    def cursor_date(self) -> date:
        assert self.week is not None
        return self.week.days[self.cursor_day]

    @property
    def cursor_minute(self) -> int | None:
        """The cursor row's time; None on the all-day row."""
        if self.week is None or not self.week.rows:
            return None
        return self.week.rows[self.cursor_row].minute

    def _cell_items(self, day_index: int, row: int) -> list[Item]:
        if self.week is None or not 0 <= row < len(self.week.rows):
            return []
        if self.week.rows[row].all_day:
            return list(self.week.all_day[day_index])
        return [p.entry.item for p in self.week.entries_at(day_index, row)]

    @property
    def selected(self) -> Item | None:
        """The entry under the cursor (one of several when they overlap: `lane` picks)."""
        items = self._cell_items(self.cursor_day, self.cursor_row)
        return items[min(self.lane, len(items) - 1)] if items else None

    def _clamp_lane(self) -> None:
        count = len(self._cell_items(self.cursor_day, self.cursor_row))
        self.lane = max(0, min(self.lane, count - 1))

    def move_cursor(self, day_index: int | None = None, row: int | None = None, *, lane: int | None = None) -> None:
        if self.week is None:
            return
        old_row = self.cursor_row
        old_selected = self.selected
        old_columns = self._column_key(self.size.width)
        if day_index is not None:
            self.cursor_day = max(0, min(DAYS - 1, day_index))
        if row is not None:
            self.cursor_row = max(0, min(len(self.week.rows) - 1, row))
        if lane is not None:
            self.lane = lane
        self._clamp_lane()
        scrolled = self._scroll_to_cursor()
        if scrolled or self._column_key(self.size.width) != old_columns:
            self.refresh()  # scrolled, or another day is the wide one
        else:
            # Only the lines that change: both cursor rows and the rows of the blocks
            # highlighted before and after (a block spans several rows).
            self._refresh_rows(old_row, self.cursor_row, *self._rows_of(old_selected), *self._rows_of(self.selected))

    def _rows_of(self, item: Item | None) -> range:
        if item is None or self.week is None:
            return range(0)
        if isinstance(item, SpecialDate) and item.start is None:
            return range(0, 1)
        found = self.week.find("activity" if isinstance(item, Activity) else "date", item.id)
        return range(0) if found is None else range(found[1].first_row, found[1].last_row + 1)

    def select(self, kind: str, item_id: str) -> bool:
        """Put the cursor on an entry of the shown week, on the cursor's day when it is
        there (see WeekLayout.find); False when it is not here."""
        if self.week is None:
            return False
        for day_index in (self.cursor_day, *range(len(self.week.all_day))):
            for lane, special in enumerate(self.week.all_day[day_index]):
                if kind == "date" and special.id == item_id:
                    self.move_cursor(day_index, 0, lane=lane)
                    return True
        found = self.week.find(kind, item_id, self.cursor_day)
        if found is None:
            return False
        day_index, placed = found
        self.cursor_day, self.cursor_row = day_index, placed.first_row
        items = self._cell_items(day_index, placed.first_row)
        self.move_cursor(lane=next(i for i, item in enumerate(items) if item.id == item_id))
        return True

    def move_to(self, day: date, minute: int | None, *, center: bool = False) -> None:
        if self.week is None:
            return
        day_index = self.week.day_index(day)
        row = self.week.row_of(minute) if minute is not None else self.cursor_row
        self.move_cursor(self.cursor_day if day_index is None else day_index, row, lane=0)
        if center and self._scroll_to_cursor(center=True):
            self.refresh()

    @property
    def lines_per_row(self) -> int:
        """Screen lines a time slot takes: as many as fill the height (the day a little
        taller than the screen rather than a third of it empty), or what + and - chose."""
        if self.zoom is not None:
            return self.zoom
        if self.week is None or not self.week.rows:
            return 1
        fill = round(max(1, self.size.height - 1) / len(self.week.rows))
        return max(1, min(MAX_LINES_PER_ROW, fill))

    def _visible_rows(self) -> int:
        return max(1, (self.size.height - 1) // self.lines_per_row)

    def _scroll_to_cursor(self, *, center: bool = False) -> bool:
        if self.week is None or self.size.height == 0:
            return False  # not laid out yet: the first resize places the view
        top = self.top
        visible = self._visible_rows()
        if center:
            # Some of the morning above the cursor, most of the day below it.
            self.top = self.cursor_row - visible // 3
        elif self.cursor_row < self.top:
            self.top = self.cursor_row
        elif self.cursor_row >= self.top + visible:
            self.top = self.cursor_row - visible + 1
        self.top = max(0, min(self.top, max(0, len(self.week.rows) - visible)))
        return top != self.top

    def _refresh_rows(self, *rows: int) -> None:
        lines = self.lines_per_row
        for row in set(rows):
            y = (row - self.top) * lines + 1
            if 1 <= y < self.size.height:
                self.refresh(Region(0, y, self.size.width, lines))

    def action_cursor_left(self) -> None:
        if self.lane > 0:
            self.move_cursor(lane=self.lane - 1)
        elif self.cursor_day > 0:
            self.move_cursor(self.cursor_day - 1, lane=0)

    def action_cursor_right(self) -> None:
        if self.lane < len(self._cell_items(self.cursor_day, self.cursor_row)) - 1:
            self.move_cursor(lane=self.lane + 1)
        elif self.cursor_day < DAYS - 1:
            self.move_cursor(self.cursor_day + 1, lane=0)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - self._visible_rows())

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + self._visible_rows())

    def action_zoom(self, step: int) -> None:
        """Taller or shorter time slots; the cursor's hour stays in view."""
        lines = max(1, min(MAX_LINES_PER_ROW, self.lines_per_row + step))
        if lines == self.lines_per_row:
            self.app.bell()
            return
        self.zoom = lines
        self._block_lines.clear()
        self._scroll_to_cursor()
        self.refresh()

    # -- mouse -----------------------------------------------------------------------

    def column_spans(self) -> list[tuple[int, int]]:
        """(x, width) of each day column as painted now: the cursor's day may be wider."""
        _, wide_day, wide_lanes = self._column_key(self.size.width)
        return column_spans(self.size.width, wide_day=wide_day, wide_lanes=wide_lanes)

    def _cell_at(self, x: int, y: int) -> tuple[int | None, int | None]:
        day_index = next((i for i, (cx, w) in enumerate(self.column_spans()) if cx <= x < cx + w), None)
        row = None if y < 1 else self.top + (y - 1) // self.lines_per_row
        return day_index, row

    def on_click(self, event: events.Click) -> None:
        if self.week is None or self.mouse.click_was_a_drop():
            return
        day_index, row = self._cell_at(event.x, event.y)
        if row is not None and row >= len(self.week.rows):
            return
        self.move_cursor(day_index, row, lane=self._lane_at(day_index, row, event.x))
        if event.chain == 2 and row is not None and day_index is not None:
            self.post_message(self.Activated())

    def _lane_at(self, day_index: int | None, row: int | None, x: int) -> int:
        if day_index is None or row is None:
            return self.lane
        items = self._cell_items(day_index, row)
        if len(items) < 2 or self.week is None:
            return 0
        cx, w = self.column_spans()[day_index]
        content_x, content_w = self._content(cx, w)
        lanes = self.week.lanes_at(day_index, row) if not self.week.rows[row].all_day else tuple(items)
        for lane, lane_x, lane_w in lane_spots(content_w, len(lanes)):
            if lane != MORE and content_x + lane_x <= x < content_x + lane_x + lane_w and lanes[lane] is not None:
                # The lane of the cell counts free lanes; the cursor's lane counts entries.
                return sum(1 for p in lanes[:lane] if p is not None)
        return self.lane

    # Dragging an entry: weekplan.app.grid_mouse does it all.
    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.mouse.down(event)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.mouse.move(event)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self.mouse.up(event)

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.mouse.cancel():
            event.stop()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll_by(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll_by(-3)

    def _scroll_by(self, rows: int) -> None:
        """Scroll through the day; the cursor stays on screen, as in a pager."""
        if self.week is None:
            return
        visible = self._visible_rows()
        self.top = max(0, min(self.top + rows, max(0, len(self.week.rows) - visible)))
        row = min(max(self.cursor_row, self.top), self.top + visible - 1)
        self.cursor_row = row
        self._clamp_lane()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        # In a real terminal the new height is not settled while this event is handled;
        # follow the cursor once it is, so a shrinking window never hides it.
        self.call_after_refresh(self._follow_cursor_after_resize)

    def _follow_cursor_after_resize(self) -> None:
        if self.week is None or self.size.height == 0:
            return
        if self._scroll_to_cursor(center=not self._sized):
            self.refresh()
        self._sized = True

    # -- painting --------------------------------------------------------------------

    @staticmethod
    def _content(x: int, width: int) -> tuple[int, int]:
        """A day column is a separator cell and the content; very narrow ones drop the separator."""
        return (x + 1, width - 1) if width >= 3 else (x, width)

    def _style(self, name: str) -> Style:
        # Looking styles up walks the DOM; a repaint asks hundreds of times, so keep them
        # until Textual says the styles changed (theme, focus, CSS).
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.rich_style if name == "base" else self.get_component_rich_style(name)
        return style

    def _forget_styles(self) -> None:
        self._styles.clear()
        self._row_style_set = None

    def _row_styles(self) -> tuple[Segment, Style, Style, Style, Style, Style]:
        """What every row is painted with: the separator, and the styles of an empty
        cell (plain, off hours, today, on the now-line, under the cursor)."""
        if self._row_style_set is None:
            style = self._style
            self._row_style_set = (
                Segment("│", style("week-grid--separator")),
                style("base"),
                style("week-grid--offhours"),
                style("week-grid--today"),
                style("week-grid--now"),
                style("week-grid--cursor"),
            )
        return self._row_style_set

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_styles()
        self._block_styles.clear()
        self._item_styles.clear()

    def on_focus(self, event: events.Focus) -> None:
        self._forget_styles()  # the cursor's colour depends on focus

    def on_blur(self, event: events.Blur) -> None:
        self._forget_styles()

    def _column_key(self, width: int) -> tuple[int, int | None, int]:
        """What the columns depend on: the width, and the cursor's day when it has
        overlapping entries (it widens to show them side by side)."""
        lanes = self.week.lanes_needed(self.cursor_day) if self.week is not None else 0
        return (width, self.cursor_day, lanes) if lanes > 1 else (width, None, 0)

    def _columns(self, width: int) -> list[tuple[bool, int]]:
        """Per day column: whether it starts with a separator, and its content width."""
        key = self._column_key(width)
        if self._column_cache[0] != key:
            columns = []
            for x, w in column_spans(width, wide_day=key[1], wide_lanes=key[2]):
                content_x, content_w = self._content(x, w)
                columns.append((content_x > x, content_w))
            self._column_cache = (key, columns)
        return self._column_cache[1]

    def _block_style(self, category: str, together: bool) -> tuple[Style, Style]:
        """(normal, highlighted) style of a block of this category."""
        if self._block_styles_config is not self.config:  # the category colours come from it
            self._block_styles.clear()
            self._block_styles_config = self.config
        key = (category, together)
        if key not in self._block_styles:
            found = self.config.category(category)
            if together:
                found = next((c for c in self.config.categories if c.together), found)
            color = found.color if found else UNKNOWN_COLOR
            base = Style(color=readable_on(color), bgcolor=color)
            lighter = Color.parse(color).get_truecolor()
            blend = tuple(int(c + (255 - c) * 0.3) for c in lighter)
            hex_light = "#{:02x}{:02x}{:02x}".format(*blend)
            highlight = Style(color=readable_on(hex_light), bgcolor=hex_light, bold=True)
            self._block_styles[key] = (base, highlight)
        return self._block_styles[key]

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        layout = self.week
        if layout is None or width <= 0:
            return Strip.blank(width, self._style("base"))
        if y == 0:
            return self._render_header(layout, width)
        lines = self.lines_per_row
        row, line = divmod(y - 1, lines)
        row += self.top
        if row >= len(layout.rows):
            # The day is over before the screen is: its end is drawn, and the lines
            # under it are off hours, not a grid whose rows went missing.
            if row == len(layout.rows) and not line:
                return self._render_day_end(layout, width)
            return Strip.blank(width, self._style("week-grid--offhours"))
        # More rows below than the last line shows: that line's gutter says so.
        more_below = y == height - 1 and (len(layout.rows) - self.top) * lines > height - 1
        return self._render_row(layout, row, width, more_below, line, lines)

    def _strip(self, segments: list[Segment], width: int) -> Strip:
        """The gutter and the columns add up to the width exactly, so the strip is given
        its length instead of counting it again; only a window narrower than the gutter
        needs cutting."""
        if width >= GUTTER_WIDTH:
            return Strip(segments, width)
        return Strip(segments).adjust_cell_length(width, self._style("base"))

    def _render_header(self, layout: WeekLayout, width: int) -> Strip:
        header = self._style("week-grid--header")
        # Rows scrolled out of view above: a sign, so nothing is hidden silently.
        above = self.top > 0
        segments = [
            Segment(fit("  ▲" if above else "", GUTTER_WIDTH), self._style("week-grid--more") if above else header)
        ]
        columns = self._columns(width)
        labels = day_labels(list(layout.days), [content_w for _, content_w in columns], display_for(self.config))
        for day_index, (separated, content_w) in enumerate(columns):
            day = layout.days[day_index]
            if separated:
                segments.append(Segment("│", self._style("week-grid--separator")))
            label = labels[day_index]
            if (layout.all_day[day_index] or any(p.entry.kind == "date" for p in layout.placed[day_index])) and (
                cell_len(label) + 2 <= content_w
            ):
                label += " ♥"
            style = self._style("week-grid--today-header") if day == self.today else header
            segments.append(Segment(fit(label, content_w), style))
        return self._strip(segments, width)

    def _render_day_end(self, layout: WeekLayout, width: int) -> Strip:
        """The line under the last row: the time the day ends, and a rule closing the columns."""
        end = gutter_time(display_for(self.config), layout.range_end)
        separator = self._style("week-grid--day-end")
        segments = [Segment(fit(end, GUTTER_WIDTH), self._style("week-grid--offhours"))]
        for separated, content_w in self._columns(width):
            segments.append(Segment(("┴" if separated else "") + "─" * max(0, content_w), separator))
        return self._strip(segments, width)

    def _gutter(self, layout: WeekLayout, row: int, is_now: bool, more_below: bool, line: int) -> Segment:
        info = layout.rows[row]
        if line:
            # A row's further lines: blank, but the now-line says what time it is.
            now = self.now_minute
            text = display_for(self.config).short_time(now) if is_now and now is not None else ""
            style = self._style("week-grid--offhours" if info.offhours else "week-grid--gutter")
        elif info.all_day:
            text, style = "all d", self._style("week-grid--gutter")
        else:
            assert info.minute is not None
            on_hour = info.minute % 60 == 0 or layout.config.slot_minutes >= 60
            shown = gutter_time(display_for(self.config), info.minute)
            text = shown if on_hour or row == self.top else f"  :{info.minute % 60:02d}"
            style = self._style("week-grid--gutter-hour" if on_hour else "week-grid--gutter")
            if info.offhours:
                style = self._style("week-grid--offhours")
        if is_now:
            style = self._style("week-grid--now")
        mark = "▸" if is_now else " "
        if more_below:
            mark, style = "▼", self._style("week-grid--more")
        return Segment(fit(text, GUTTER_WIDTH - 1) + mark, style)

    def _now_line(self, layout: WeekLayout, lines: int) -> tuple[int, int] | None:
        """(row, line within the row) where the current time is, when today is shown."""
        if self.now_minute is None or self.today is None or layout.day_index(self.today) is None:
            return None
        if not layout.range_start <= self.now_minute < layout.range_end:
            return None
        row = layout.row_of(self.now_minute)
        minute = layout.rows[row].minute
        offset = 0 if minute is None else (self.now_minute - minute) * lines // layout.config.slot_minutes
        return row, offset

    def _render_row(
        self, layout: WeekLayout, row: int, width: int, more_below: bool, line: int = 0, lines: int = 1
    ) -> Strip:
        """Line `line` of the `lines` a row takes on screen."""
        is_now = self._now_line(layout, lines) == (row, line)
        segments = [self._gutter(layout, row, is_now, more_below, line)]
        append = segments.append
        info = layout.rows[row]
        separator, base, offhours, today_style, now_style, cursor_style = self._row_styles()
        # The empty-cell style of a day that is neither today nor under the cursor.
        other = offhours if info.offhours else base
        today_index = layout.day_index(self.today) if self.today is not None else None
        cursor_day = self.cursor_day if self.cursor_row == row else -1
        lane_cells = None if info.all_day else layout.cells
        top = self.top
        band = self.band
        for day_index, (separated, content_w) in enumerate(self._columns(width)):
            if separated:
                append(separator)
            if content_w <= 0:
                continue
            fill = " "
            if day_index == today_index:
                empty = today_style
                if is_now:
                    empty, fill = now_style, "─"
            else:
                empty = other
            cursor_here = cursor_day == day_index
            label = None
            if band is not None and row in band[day_index]:
                # Only what is empty takes the band: your own entries are painted over it.
                label = band[day_index][row] if not line else ""
                empty = self._band_style(empty)
                if fill != " ":
                    empty += now_style
            if cursor_here:
                empty = cursor_style
            if lane_cells is None:
                lanes = [(special, line, lines) for special in layout.all_day[day_index]]
            else:
                lanes = [
                    (None, 0, 0)
                    if p is None
                    else (
                        p.entry.item,
                        (row - max(p.first_row, top)) * lines + line,
                        (p.last_row - max(p.first_row, top) + 1) * lines,
                    )
                    for p in lane_cells[day_index][row]
                ]
            if not lanes:
                if label:
                    text = fit_cut(" " + label, content_w)
                    append(Segment("›" + text[1:] if cursor_here else text, empty))
                elif cursor_here and content_w >= 2 and not line:
                    append(Segment("›" + fill * (content_w - 1), empty))
                else:
                    append(Segment(fill * content_w, empty))
                continue
            selected_id = None
            if self.cursor_day == day_index:
                selected = self.selected
                selected_id = selected.id if selected is not None else None
            segments.extend(self._cell(lanes, content_w, empty, fill, cursor_here, selected_id, mark=not line))
        return self._strip(segments, width)

    def _cell(
        self,
        lanes: list[tuple[Item | None, int, int]],
        width: int,
        empty: Style,
        fill: str,
        cursor_here: bool,
        selected_id: str | None,
        *,
        mark: bool = True,
    ) -> list[Segment]:
        """The segments of a cell with blocks in it: (item or None for a free lane, line
        of the block, rows of the block) per lane.  Lanes with no room are summed up
        as "+n"; the cursor's "›" goes in the lead cell of the lane it is on, which a
        block keeps free for it, so it never covers a title."""
        selected_lane = None
        if selected_id is not None:
            selected_lane = next((i for i, entry in enumerate(lanes) if entry[0] and entry[0].id == selected_id), None)
        spots = lane_spots(width, len(lanes), selected_lane)
        segments: list[Segment] = []
        for lane, _x, lane_w in spots:
            if lane == MORE:
                shown = {spot[0] for spot in spots}
                hidden = [entry for i, entry in enumerate(lanes) if entry[0] is not None and i not in shown]
                # The count where a hidden entry starts; a dotted rule while they go on.
                if any(offset == 0 for _, offset, _ in hidden):
                    text = fit(f"+{len(hidden)}", lane_w)
                else:
                    text = fit(" ┊" if hidden else "", lane_w)
                if cursor_here and mark and selected_lane is None:
                    text = "›" + text[1:]
                segments.append(Segment(text, empty + self._more_style()))
                continue
            item, offset, rows = lanes[lane]
            if item is None:
                segments.append(Segment(fill * lane_w, empty))
                continue
            base, highlight = self._item_style(item)
            is_selected = lane == selected_lane
            style = highlight if is_selected else base
            text = self._block_text(item, offset, rows, lane_w)
            if fill != " ":
                # The now-line crosses the blocks of today too, over their blank cells.
                written = text.rstrip(" ")
                text = written + fill * (len(text) - len(written))
            if cursor_here and is_selected:
                # The cursor cell keeps its own colour, so it stays visible on any block.
                style = self._style("week-grid--cursor") + Style(bold=True)
                if struck(item):
                    style = style + Style(strike=True)
                if mark:
                    text = mark_cursor(text)
            segments.append(Segment(text, style))
        return segments

    def _band_style(self, empty: Style) -> Style:
        """An empty cell's style with the band over it (its colour, and the now-line's
        when it crosses)."""
        return empty + self._style("week-grid--partner-busy")

    def _more_style(self) -> Style:
        more = self._style("week-grid--more")
        return Style(color=more.color, bold=True)

    def _item_style(self, item: Item) -> tuple[Style, Style]:
        """(normal, highlighted) style of one entry's block, struck through when skipped or cancelled."""
        styles = self._item_styles.get(id(item))
        if styles is None:
            together = isinstance(item, SpecialDate)
            category = item.category if isinstance(item, Activity) else "together"
            styles = self._block_style(category, together)
            if struck(item):
                strike = Style(strike=True)
                styles = (styles[0] + strike, styles[1] + strike)
            self._item_styles[id(item)] = styles
        return styles

    def _block_text(self, item: Item, offset: int, rows: int, width: int) -> str:
        """Line `offset` of a block `rows` high, exactly `width` cells: the title, wrapped
        over as many rows as the block has (the last row kept for the time when there is
        room), then the time."""
        key = (id(item), self.privacy, rows, width)
        lines = self._block_lines.get(key)
        if lines is None:
            laid_out = self._lay_out_block(item, rows, width) if width else []
            lines = self._block_lines[key] = [fit(line, width) for line in laid_out]
        return lines[offset] if offset < len(lines) else fit("", width)

    def _lay_out_block(self, item: Item, rows: int, width: int) -> list[str]:
        # The lead cell holds the cursor's "›" when the block is under the cursor.
        lead = " " if width >= 3 else ""
        room = width - len(lead)
        if isinstance(item, SpecialDate):
            title = "♥\u00a0" + (PRIVATE if self.privacy else one_line(item.title))
        else:
            # ↻: one occurrence of a routine (E edits the whole routine).
            repeats = "↻\u00a0" if is_occurrence(item) else ""
            title = ("✓\u00a0" if item.done else "") + repeats + one_line(item.title)
        time = time_text(item, room, display_for(self.config))
        title_rows = max(1, rows - 1) if time else rows
        # The no-break space keeps a mark on the line of the word it belongs to.
        wrapped = [line.replace("\u00a0", " ") for line in wrap_cells(title, room, max_lines=title_rows)]
        lines = [lead + line for line in wrapped]
        if time and rows > len(lines):
            lines.append(lead + time)
        return lines
