"""Every key, what it does, and where it applies."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable

from weekplan.app import keymap
from weekplan.app.dimmed_backdrop import DimmedBackdrop
from weekplan.app.help_rows import HelpRow
from weekplan.app.kept_dialogs import RestyledWhenNeeded
from weekplan.app.steady_footer import SteadyFooter

# Around the table: the dialog's border and padding (2 + 2) and the scrollbar (2); each
# column adds a cell's padding on both sides.
FRAME = 6
COLUMN_PADDING = 2
KEYS_MAX = 18  # longer key lists wrap onto a second line
KEYS_TITLE = cell_len("Keys")  # the column is never narrower than its title
WHAT_MIN = 16
WHAT_NARROW = 8  # what the descriptions keep at least when a place's name takes room


def shows_where(rows: list[HelpRow]) -> bool:
    """Whether the Where column says anything: not when every key applies in one place."""
    return len({where for _, _, where in rows}) > 1


def longest_word(texts: Iterable[str]) -> int:
    return max((cell_len(word) for text in texts for word in text.split()), default=0)


def column_widths(width: int, rows: list[HelpRow]) -> tuple[int, int, int]:
    """(keys, what it does, where) widths that add up to what a dialog `width` cells
    wide holds: keys and places keep their longest entry where they can, the
    descriptions take the rest and wrap, and no column is ever cut off at the side.
    Where is 0 wide when it is not shown: when every key applies in one place
    (shows_where), and when a column of places would break a word of theirs
    ("every/where") to leave the descriptions WHAT_NARROW: the places are then
    headings above their keys (places_as_headings).  The keys column is never
    narrower than its longest single key name, so no key is ever cut."""
    with_where = shows_where(rows)
    room = max(3, width - FRAME - COLUMN_PADDING * (3 if with_where else 2))
    longest_key = max(KEYS_TITLE, longest_word(k.replace(",", " ") for k, _, _ in rows))
    keys = max(longest_key, min(KEYS_MAX, max([KEYS_TITLE, *(cell_len(k) for k, _, _ in rows)]), room // 3))
    if with_where:
        places = [w for _, _, w in rows]
        wanted = max(longest_word(places), room - keys - WHAT_MIN)
        where = min(max(cell_len(w) for w in places), min(wanted, room - keys - WHAT_NARROW))
        if where >= longest_word(places):
            return keys, max(1, room - keys - where), where
        room += COLUMN_PADDING  # no Where column: its padding goes to the descriptions
    return keys, max(1, room - keys), 0


def places_as_headings(width: int, rows: list[HelpRow]) -> bool:
    """Whether the places are headings above their keys, too narrow for a column of them."""
    return shows_where(rows) and column_widths(width, rows)[2] == 0


def by_place(rows: list[HelpRow]) -> list[tuple[str, list[HelpRow]]]:
    """The rows of each place together, the places in the order they first come."""
    places: dict[str, list[HelpRow]] = {}
    for row in rows:
        places.setdefault(row[2], []).append(row)
    return list(places.items())


def cell_text(text: str, style: str = "") -> Text:
    """A cell's text, wrapped between words; only a word longer than its whole column
    is folded onto the next line, so that on a narrow terminal nothing is cut away.
    rich Text, so that key names like "[" and "]" are shown, not read as markup."""
    return Text(text, style=style, overflow="fold")


class HelpScreen(RestyledWhenNeeded, DimmedBackdrop, ModalScreen[None]):
    """Rows are (keys, what it does, where it applies); returns nothing."""

    BINDINGS = keymap.HELP

    def __init__(self, rows: list[HelpRow]) -> None:
        super().__init__()
        self.rows = rows
        self._filled_for = -1

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Keys"
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#help-table", DataTable)
        self._fill(table)
        table.focus()

    def reopen(self, rows: list[HelpRow]) -> bool:
        """Shown again (see weekplan.app.kept_dialogs): the rows as they are now, from the top."""
        table = self.query_one("#help-table", DataTable)
        if rows != self.rows:
            self.rows = rows
            self._filled_for = -1
            self._fill(table)
        table.move_cursor(row=0, animate=False)
        table.scroll_home(animate=False)
        return True

    def on_resize(self, event: events.Resize) -> None:
        self._fill(self.query_one("#help-table", DataTable))

    def _fill(self, table: DataTable[Text]) -> None:
        """The columns sized for the dialog as wide as it is now; rows as tall as their
        wrapped text."""
        dialog = self.query_one(".dialog")
        width = dialog.outer_size.width or min(100, self.app.size.width)
        if width == self._filled_for:
            return
        self._filled_for = width
        keys_w, what_w, where_w = column_widths(width, self.rows)
        headings = places_as_headings(width, self.rows)
        # Keys that all apply in one place say it once, above them.
        one_place = not where_w and not headings and self.rows
        dialog.border_title = f"Keys · {self.rows[0][2]}" if one_place else "Keys"
        table.clear(columns=True)
        table.add_column(cell_text("Keys"), key="keys", width=keys_w)
        what_title = "What it does" if what_w >= cell_len("What it does") else "What"  # a title has one line
        table.add_column(cell_text(what_title), key="what", width=what_w)
        if where_w:
            table.add_column(cell_text("Where"), key="where", width=where_w)
            for keys, what, where in self.rows:
                table.add_row(cell_text(keys, "bold"), cell_text(what), cell_text(where, "dim"), height=None)
            return
        for place, rows in by_place(self.rows) if headings else [("", self.rows)]:
            if place:
                table.add_row(Text(""), cell_text(place, "bold italic"), height=None)
            for keys, what, _where in rows:
                table.add_row(cell_text(keys, "bold"), cell_text(what), height=None)

    def action_close(self) -> None:
        self.dismiss(None)
