"""A focusable list of rows painted line by line: the Together panel's body.

Textual's OptionList turns every option into a Visual and measures and renders it
again for each style it is shown in; on the planner's first screen that was the most
expensive widget.  A RowList is given its rows as Content (built once per data
change), wraps them once per width and paints each screen line from a Strip kept
until the rows, the width or the line's style change.  A row the cursor skips (a
heading, an empty state) is a row that is not selectable.

A row wraps at words, or, when it is made of parts (`parts_row`), between its parts
only: a date or "1×, last 17 Oct" is never split over two lines.  A part that does not
fit after the one before starts a line of its own, indented past its line's start and
still led by its separator ("— due in 4 days"), so it reads as the same entry; one too
wide for any line is cut with "…".

It answers to the keys and the mouse the way OptionList does: up/down (wrapping
around), home/end, page up/down, enter or a click selects; the wheel scrolls.  One
difference: page down onto a last row the cursor skips keeps the highlight on the
row above it (OptionList lost it).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from weekplan.app import keymap
from weekplan.record import Record

ROW = "row-list--row"
DISABLED = "row-list--disabled"
HIGHLIGHT = "row-list--highlight"
HOVER = "row-list--hover"
RULE = "row-list--rule"


# A part of a row kept whole on screen, with what joins it to the part before it on the
# same line (for the first part of a line: the line's indent).  The joiner is Content so
# that it carries the style of the words around it: a dim " — " between dim words.
Part = tuple[Content, Content]
INDENT = "  "  # further in than its line's start: a part that did not fit after the one before


def styled_part(joiner: str, text: str, style: Style) -> Part:
    """A part and its joiner in one style, when the joiner shows a mark (" — ").  Mere
    spaces stay unstyled: a run of text that starts with spaces loses them in the
    screenshots' SVG, drawn apart from the words before it."""
    return Content.styled(joiner, style) if joiner.strip() else Content(joiner), Content.styled(text, style)


class Row(Record):
    """One entry: its text (one or more lines), whether the cursor stops on it, and
    whether a rule follows it.  `parts`, when given, are its lines as parts kept whole
    (`content` is then their text, joined)."""

    id: str
    content: Content
    selectable: bool = True
    rule_after: bool = False
    parts: tuple[tuple[Part, ...], ...] = ()


def parts_row(id: str, lines: list[list[Part]], selectable: bool = True) -> Row:
    """A row whose lines break between their parts only (see lay_out)."""
    joined = [Content("").join(joiner + part for joiner, part in line) for line in lines]
    return Row(id, Content("\n").join(joined), selectable, parts=tuple(tuple(line) for line in lines))


class Line(Record):
    """One screen line of the list at some width: the row it belongs to and what it shows
    (None: the rule under that row)."""

    row: int
    content: Content | None


def paint(content: Content, base: Style) -> Strip:
    """One line of content on `base`, styled as Textual styles Content."""
    segments = [Segment(text, (base + style).rich_style) for text, style in content.render(base, end="")]
    return Strip(segments, content.cell_length)


def same_look(a: Content, b: Content) -> bool:
    """Content compares its text only; this compares the styles too."""
    return a.plain == b.plain and a.spans == b.spans


def same_rows(a: list[Row], b: list[Row]) -> bool:
    def shape(row: Row) -> tuple[str, bool, bool, tuple[tuple[str, ...], ...]]:
        return row.id, row.selectable, row.rule_after, tuple(tuple(p.plain for _, p in line) for line in row.parts)

    if len(a) != len(b):
        return False
    return all(shape(x) == shape(y) and same_look(x.content, y.content) for x, y in zip(a, b, strict=True))


def wrap(content: Content, width: int) -> list[Content]:
    """The lines of `content` at `width` cells, wrapped at words as Textual wraps them."""
    if content.cell_length <= width and "\n" not in content.plain:
        return [content]  # the common case, without the wrapping machinery
    return content.wrap(max(1, width))


def cut(content: Content, width: int) -> Content:
    """`content` cut to at most `width` cells with "…" right after the last glyph that
    fits: a wide character that does not fit leaves a cell after the "…", and a space
    where the cut falls is left out, so the "…" never stands apart."""
    text = content.plain
    end = 0
    # Measured as a whole each time: a joined emoji is narrower than its characters.
    while end < len(text) and cell_len(text[: end + 1]) <= width - 1:
        end += 1
    while end > 1 and text[end - 1].isspace():
        end -= 1
    return content[:end] + "…"


def lay_out(parts: tuple[tuple[Part, ...], ...], width: int) -> list[Content]:
    """The screen lines of a row made of parts, at `width` cells: each part whole after
    the one before when it fits there, else on a line of its own, indented past its
    line's start and led by its separator without the separator's leading spaces; cut
    with "…" only when it is wider than a whole line."""
    width = max(1, width)
    lines: list[Content] = []
    for parts_of_line in parts:
        line: Content | None = None
        continuation = Content(INDENT)
        for joiner, part in parts_of_line:
            if line is None:
                line = joiner + part
                continuation = Content(joiner.plain[: len(joiner.plain) - len(joiner.plain.lstrip())] + INDENT)
            elif line.cell_length + joiner.cell_length + part.cell_length <= width:
                line = line + joiner + part
            else:
                lines.append(line.simplify())
                separator = joiner[len(joiner.plain) - len(joiner.plain.lstrip()) :]
                line = continuation + separator + part
            if line.cell_length > width:
                line = cut(line, width)
        if line is not None:
            # One span for words and separator alike: painted as one run, not three.
            lines.append(line.simplify())
    return lines


def screen_lines(row: Row, width: int) -> list[Content]:
    """The screen lines of `row` at `width` cells."""
    return lay_out(row.parts, width) if row.parts else wrap(row.content, width)


class RowList(ScrollView, can_focus=True):
    """Rows with a highlight on one of them; enter or a click posts Selected."""

    COMPONENT_CLASSES = {ROW, DISABLED, HIGHLIGHT, HOVER, RULE}

    BINDINGS = keymap.ROW_LIST

    class Selected(Message):
        """Enter or a click on a selectable row."""

        def __init__(self, row_list: RowList, row: Row) -> None:
            super().__init__()
            self.row_list = row_list
            self.row = row

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self._highlighted: int | None = None
        self._hover: int | None = None
        self._lines: tuple[int, list[Line], list[int]] = (-1, [], [])  # width, lines, first line of each row
        self._strips: dict[tuple[int, str], tuple[Style, Strip]] = {}

    # -- the rows ----------------------------------------------------------------------

    def set_rows(self, rows: list[Row]) -> None:
        """Show these rows, the highlight kept on the row with the same id (or, when it
        is gone, put on the first row it can be on).  Rows that look the same as those
        shown are taken as they are: nothing is measured or painted again."""
        if same_rows(rows, self.rows):
            self.rows = rows
            return
        keep = self.highlighted_row.id if self.highlighted_row is not None else None
        old_height = len(self._lines[1])
        self.rows = rows
        self._lines = (-1, [], [])
        self._strips.clear()
        self._hover = None
        self._highlighted = next((i for i, row in enumerate(rows) if row.id == keep and row.selectable), None)
        if self._highlighted is None:
            self._highlighted = self._first_selectable(range(len(rows)))
        width = self.scrollable_content_region.width
        if not width:  # not laid out yet: the layout measures the rows
            self.refresh(layout=True)
            return
        resized = len(self._lines_at(width)) != old_height
        # Only a list as tall as its rows changes the layout (a list of a set height
        # that shows rows a letter at a time would relayout the screen on each).
        self.refresh(layout=resized and self._sized_by_rows())
        self._update_virtual_size()
        if resized:
            # The list's own height follows its rows: scroll once it has its new height,
            # or the scroll worked out for the old one stays, with the heading out of view.
            self.call_after_refresh(self.scroll_to_highlight)
        else:
            self.scroll_to_highlight()

    @property
    def text(self) -> str:
        """The rows' text, as a screen reader would have it."""
        return "\n".join(row.content.plain for row in self.rows)

    @property
    def highlighted(self) -> int | None:
        """The index of the highlighted row (highlight() moves it)."""
        return self._highlighted

    @property
    def highlighted_row(self) -> Row | None:
        return None if self._highlighted is None else self.rows[self._highlighted]

    def row_index(self, row_id: str) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.id == row_id), None)

    def highlight(self, index: int | None) -> None:
        """Put the highlight on row `index` (rows the cursor skips are refused) and scroll to it."""
        if index is not None and not (0 <= index < len(self.rows) and self.rows[index].selectable):
            return
        old, self._highlighted = self._highlighted, index
        if old != index:
            self._refresh_rows(old, index)
        self.scroll_to_highlight()

    # -- lines -------------------------------------------------------------------------

    def _lines_at(self, width: int) -> list[Line]:
        if self._lines[0] != width:
            lines: list[Line] = []
            starts: list[int] = []
            for index, row in enumerate(self.rows):
                starts.append(len(lines))
                lines.extend(Line(index, line) for line in screen_lines(row, width))
                if row.rule_after and index < len(self.rows) - 1:
                    lines.append(Line(index, None))
            self._lines = (width, lines, starts)
            self._strips.clear()
        return self._lines[1]

    def row_lines(self, index: int) -> tuple[int, int]:
        """First line and number of lines of row `index` (its rule included), at the current width."""
        self._lines_at(self.scrollable_content_region.width)
        _, lines, starts = self._lines
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        return starts[index], end - starts[index]

    def _update_virtual_size(self) -> None:
        width = self.scrollable_content_region.width
        if not width:
            return
        size = Size(width, len(self._lines_at(width)))
        if size != self.virtual_size:
            if self._sized_by_rows():
                self.virtual_size = size
            else:
                # A list of a set height: more or fewer lines change how far it scrolls,
                # not the screen's layout (a scroll bar coming or going still does, below).
                self.set_reactive(RowList.virtual_size, size)
                self.refresh()
            self._scroll_update(size)

    def _sized_by_rows(self) -> bool:
        return self.styles.height is None or self.styles.height.is_auto

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines_at(width))  # kept: the first paint is at the same width

    # -- painting ----------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._update_virtual_size()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        lines = self._lines_at(width)
        number = self.scroll_offset.y + y
        if not 0 <= number < len(lines):
            return Strip.blank(width, self.get_visual_style(ROW).rich_style)
        line = lines[number]
        if line.content is None:
            kind = RULE
        elif not self.rows[line.row].selectable:
            kind = DISABLED
        elif line.row == self.highlighted:
            kind = HIGHLIGHT
        elif line.row == self._hover:
            kind = HOVER
        else:
            kind = ROW
        base = self.get_visual_style(kind) if kind in (ROW, RULE) else self.get_visual_style(ROW, kind)
        cached = self._strips.get((number, kind))
        if cached is not None and cached[0] is base:
            return cached[1]
        if line.content is None:
            strip = Strip([Segment("─" * width, base.rich_style)], width)
        else:
            strip = paint(line.content, base).extend_cell_length(width, base.rich_style)
        self._strips[number, kind] = (base, strip)
        return strip

    def _refresh_rows(self, *indexes: int | None) -> None:
        for index in {i for i in indexes if i is not None and i < len(self.rows)}:
            first, count = self.row_lines(index)
            self.refresh_lines(first, count)

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self.call_after_refresh(self.scroll_to_highlight)

    def on_show(self) -> None:
        self.scroll_to_highlight()

    def scroll_to_highlight(self) -> None:
        if not self.is_mounted or not self.scrollable_content_region.width:
            return
        self._update_virtual_size()
        lines = len(self._lines_at(self.scrollable_content_region.width))
        if self.scroll_offset.y and self.scroll_offset.y > max(0, lines - self.scrollable_content_region.height):
            # Scrolled further than the rows reach (they became fewer, or the list
            # taller): never leave empty lines below while the top is out of view.
            self.scroll_to(y=max(0, lines - self.scrollable_content_region.height), animate=False, immediate=True)
        if self.highlighted is None:
            return
        first, count = self.row_lines(self.highlighted)
        self.scroll_to_region(
            Region(0, first, self.scrollable_content_region.width, count),
            force=True,
            animate=False,
            immediate=True,
        )

    # -- keys --------------------------------------------------------------------------

    def _first_selectable(self, indexes: range) -> int | None:
        return next((i for i in indexes if self.rows[i].selectable), None)

    def _step(self, direction: int) -> None:
        count = len(self.rows)
        if self.highlighted is None:
            self.highlight(self._first_selectable(range(count) if direction > 0 else range(count - 1, -1, -1)))
            return
        # Round the ends, as OptionList does.
        ahead = (self.highlighted + direction * step for step in range(1, count + 1))
        self.highlight(next((i % count for i in ahead if self.rows[i % count].selectable), self.highlighted))

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_first(self) -> None:
        self.highlight(self._first_selectable(range(len(self.rows))))

    def action_last(self) -> None:
        self.highlight(self._first_selectable(range(len(self.rows) - 1, -1, -1)))

    def _page(self, direction: int) -> None:
        """About a screen up or down, onto the nearest row the cursor stops on that way
        (or, at the end of the list, back the other way)."""
        if self.highlighted is None:
            self.action_first() if direction < 0 else self.action_last()
            return
        lines = self._lines_at(self.scrollable_content_region.width)
        first, _ = self.row_lines(self.highlighted)
        target = lines[max(0, min(first + direction * self.scrollable_content_region.height, len(lines) - 1))].row
        forward = range(target, len(self.rows)) if direction > 0 else range(target, -1, -1)
        backward = range(target, -1, -1) if direction > 0 else range(target, len(self.rows))
        found = self._first_selectable(forward)
        self.highlight(found if found is not None else self._first_selectable(backward))

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_select(self) -> None:
        row = self.highlighted_row
        if row is not None and row.selectable:
            self.post_message(self.Selected(self, row))

    # -- mouse -------------------------------------------------------------------------

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        lines = self._lines_at(self.scrollable_content_region.width)
        number = self.scroll_offset.y + offset.y
        return lines[number].row if 0 <= number < len(lines) else None

    def on_click(self, event: events.Click) -> None:
        index = self._row_at(event)
        if index is not None and self.rows[index].selectable:
            self.highlight(index)
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._row_at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            old, self._hover = self._hover, index
            self._refresh_rows(old, index)
