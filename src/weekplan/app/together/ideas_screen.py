"""The idea backlog: every idea with how often and how long ago it was done (derived
from the dates, never stored), never-tried ones standing out, filtered by tags and
sorted as asked.  Ideas are added, edited and deleted here, each edit handed to
`save`; enter closes with the idea to plan a date from."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import RowDoesNotExist

from weekplan.app import keymap
from weekplan.app.form_saving import saving
from weekplan.app.kept_dialogs import show_text
from weekplan.app.key_bar import KeyBar
from weekplan.app.keys_now import key_of
from weekplan.app.screens.confirm import ConfirmScreen
from weekplan.display_text import one_line, quoted
from weekplan.earlier_years import dates_and_history
from weekplan.history import Change, Step
from weekplan.model import Config, Idea
from weekplan.people import added_by_me, love_marks, my_name, toggled_love
from weekplan.privacy import veil
from weekplan.store import Store
from weekplan.together import IDEA_SORTS, IdeaStats, idea_stats, matches_tags, sort_ideas, time_ago

from .dialog import IdeaListDialog, tags_placeholder
from .idea_form import IdeaForm

DIM = Style(dim=True)
SORT_NAMES = {
    "suggested": "never tried first",
    "title": "title",
    "times_done": "most often done",
    "last_done": "most recently done",
}


# The columns that give up width when the table is wider than the dialog, in the order
# they give it up, each down to the width it keeps.  A long title gives up its tail
# first, then the kind, and when it was last done down to "10 weeks ago", before the
# tags, which the filter is picked from; the title, what the backlog is for, is cut
# further late; the mark and the counts never.
SHRINKING = (
    ("added", 5),
    ("title", 30),
    ("kind", 5),
    ("last", 12),
    ("title", 20),
    ("tags", 10),
    ("title", 12),
    ("last", 6),
    ("tags", 4),
    ("title", 8),
)
# Left out, in this order, when even the narrowest widths do not fit (a 60-column screen).
DROPPED = ("added", "kind")


def column_widths(natural: dict[str, int], room: int, padding: int = 0) -> dict[str, int]:
    """Each column's width: what it needs, less what the columns in SHRINKING give up
    for the whole to fit `room` cells, each column taking `padding` cells besides.  A
    column missing from the result is left out (see DROPPED)."""
    widths = dict(natural)

    def excess() -> int:
        return sum(widths.values()) + padding * len(widths) - room

    for key, keeps in SHRINKING:
        if excess() <= 0:
            return widths
        if key in widths:
            widths[key] -= min(excess(), max(0, widths[key] - keeps))
    dropped = next((key for key in DROPPED if key in natural), None)
    if excess() > 0 and dropped is not None:
        return column_widths({k: v for k, v in natural.items() if k != dropped}, room, padding)
    return widths


def cell(text: str, style: Style | None = None) -> Text:
    """A table cell on one line, cut with "…" when its column is narrower."""
    return Text(text, style or "", no_wrap=True, overflow="ellipsis")


class IdeasScreen(IdeaListDialog[Idea | None]):
    """Returns the idea to plan a date from (enter), or None when closed."""

    BINDINGS = keymap.IDEAS
    TAGS_ID = "ideas-tags"

    def __init__(
        self,
        store: Store,
        config: Config,
        today: date,
        *,
        save: Callable[[Step], bool],
        privacy: bool = False,
        sort: str = "suggested",
    ) -> None:
        super().__init__(store, config, today, privacy=privacy)
        self.save = save
        self.sort = sort if sort in IDEA_SORTS else "suggested"
        self.shown: list[IdeaStats] = []
        self.columns: tuple[tuple[str, str], ...] = ()  # (heading, key) of each
        self.cells: list[tuple[str, list[Text]]] = []  # each shown idea's id and cells

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="ideas-dialog") as dialog:
            dialog.border_title = "Ideas to do together"
            yield Static(id="ideas-status", markup=False)
            yield self.tags_row(placeholder=tags_placeholder(self.store.ideas().items.values()))
            table: DataTable[Text] = DataTable(id="ideas-table", cursor_type="row", zebra_stripes=True)
            yield table
            yield Static(id="ideas-hint", markup=False)
        yield KeyBar()  # whole keys only: a Footer cuts its last key mid-word when narrow

    def on_mount(self) -> None:
        # What matters for novelty first, so a narrow terminal still shows it.
        columns: tuple[tuple[str, str], ...] = (("", "mark"), ("Idea", "title"))
        if my_name(self.config):
            columns += (("Loved", "loves"),)
        columns += (("Done", "done"), ("Last done", "last"), ("Kind", "kind"))
        if my_name(self.config):
            columns += (("Added by", "added"),)
        self.columns = (*columns, ("Tags", "tags"))
        self._show()
        self.query_one("#ideas-table", DataTable).focus()

    def on_resize(self) -> None:
        self._fill()  # the columns shrink or grow to the new width

    def show_ideas(self) -> None:
        self._show()

    def idea_list(self) -> DataTable[Text]:
        return self.query_one("#ideas-table", DataTable)

    def _show(self, keep: str | None = None) -> None:
        ideas = list(self.store.ideas().items.values())
        held, earlier = dates_and_history(self.store, self.today, self.today.year)
        stats = idea_stats(ideas, held, self.today, earlier)
        tags = self.wanted_tags()
        self.shown = sort_ideas((s for s in stats.values() if matches_tags(s.idea, tags)), self.sort)
        accent = self.together_color()
        sharing = bool(my_name(self.config))
        self.cells = []
        for use in self.shown:
            idea = use.idea
            if use.next_planned is not None:
                mark = cell("planned", DIM)
            elif use.never_tried:
                mark = cell("✦ new", Style(bold=True, color=accent))
            else:
                mark = cell("")
            title = cell(veil(one_line(idea.title), self.privacy), Style(bold=True) if use.never_tried else Style())
            last = "—" if use.last_done is None else time_ago(use.last_done, self.today)
            row = [
                mark,
                title,
                *([cell(love_marks(idea), Style(color=accent))] if sharing else []),
                cell(f"{use.times_done}×" if use.times_done else "never"),
                cell(last, DIM),
                cell(idea.kind, DIM),
                *([cell(one_line(idea.added_by), DIM)] if sharing else []),
                cell(one_line(" ".join(idea.tags)), DIM),
            ]
            self.cells.append((idea.id, row))
        self._fill(keep)
        new = sum(1 for s in stats.values() if s.never_tried)
        filtered = f" · {len(self.shown)} with {' '.join(tags)}" if tags else ""
        sorted_by = f"sorted by {SORT_NAMES[self.sort]} ({self._key('sort')})"
        self.query_one("#ideas-status", Static).update(
            f"{len(stats)} ideas · {new} never tried{filtered} · {sorted_by}"
        )
        self._show_hint()

    def _show_hint(self) -> None:
        """The keys that do something now, named as the footer names them (config.toml's
        [keys] included): those for the highlighted idea only while one is listed, and
        love only for two."""
        key = self._key
        love = f"{key('love')} love · " if my_name(self.config) else ""
        for_one = f"enter plans a date · {key('edit')} edit · {key('delete')} delete · {love}" if self.shown else ""
        hint = f"{for_one}{key('add')} add · {key('sort')} sort · {key('filter')} tags · {key('close')} close"
        show_text(self.query_one("#ideas-hint", Static), hint)

    def _key(self, action: str) -> str:
        return key_of(self.app, self.BINDINGS, action)

    def _fill(self, keep: str | None = None) -> None:
        """Put the rows worked out last in the table, each column as wide as it needs or,
        when they do not all fit the dialog, the wide ones narrower, their text cut with "…"."""
        table = self.query_one("#ideas-table", DataTable)
        if keep is None and table.row_count:
            keep = self._current_id()
        # A column with nothing in it (no idea has tags yet) is left out, once there are rows.
        natural = {
            key: max([cell_len(name), *(cell_len(row[index].plain) for _, row in self.cells)])
            for index, (name, key) in enumerate(self.columns)
            if not self.cells or any(row[index].plain for _, row in self.cells)
        }
        room = table.size.width
        if len(self.cells) > table.size.height - 1:  # under the heading: a scroll bar takes its width
            room -= table.styles.scrollbar_size_vertical
        widths = column_widths(natural, room, 2 * table.cell_padding) if room > 0 else natural
        shown = [(index, name, key) for index, (name, key) in enumerate(self.columns) if key in widths]
        table.clear(columns=True)
        for _, name, key in shown:
            table.add_column(cell(name), key=key, width=widths[key])
        for key, row in self.cells:
            table.add_row(*(row[index] for index, _, _ in shown), key=key)
        if keep is not None:
            with suppress(RowDoesNotExist):  # it no longer fits the filter
                table.move_cursor(row=table.get_row_index(keep))

    def _current_id(self) -> str | None:
        table = self.query_one("#ideas-table", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _current(self) -> Idea | None:
        return self.store.ideas().items.get(self._current_id() or "")

    # -- keys ---------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#ideas-table")
    def _plan(self, event: DataTable.RowSelected) -> None:
        event.stop()
        idea = self.store.ideas().items.get(event.row_key.value or "")
        if idea is not None:
            self.dismiss(idea)

    def action_sort(self) -> None:
        self.sort = IDEA_SORTS[(IDEA_SORTS.index(self.sort) + 1) % len(IDEA_SORTS)]
        self._show()

    def action_add(self) -> None:
        self.app.push_screen(*saving(self.app, IdeaForm(privacy=self.privacy), self._added))

    def _added(self, idea: Idea | None) -> None:
        if idea is not None:
            idea = added_by_me(idea, self.config)
        if idea is not None and self.save(Change(f"add idea {quoted(idea.title)}", None, idea)):
            self.query_one("#ideas-tags", Input).value = ""  # so the new idea is in view
            self._show(keep=idea.id)
        self.query_one("#ideas-table", DataTable).focus()

    def how_to_add(self) -> str:
        # The add key as the footer shows it, config.toml's keys included.
        add = next((shown.binding for shown in self.active_bindings.values() if shown.binding.action == "add"), None)
        return super().how_to_add() if add is None else f"{self.app.get_key_display(add)} adds one"

    def _none_highlighted(self) -> None:
        """Say why a key for the highlighted idea did nothing: there is none."""
        self.app.bell()
        self.notify(self.why_none_listed(), markup=False)

    def action_edit(self) -> None:
        idea = self._current()
        if idea is None:
            self._none_highlighted()
            return
        form = IdeaForm(idea, privacy=self.privacy)
        self.app.push_screen(*saving(self.app, form, lambda new: self._edited(idea, new)))

    def _edited(self, old: Idea, new: Idea | None) -> None:
        if new is not None and new != old:
            self.save(Change(f"edit idea {quoted(new.title)}", old, new))
            self._show(keep=new.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Love marks are for two: planning alone, the key is not there at all.
        return not keymap.for_partner_only(self.BINDINGS, action) or bool(my_name(self.config))

    def action_love(self) -> None:
        """Mark the idea as one this person would love to do, or no longer."""
        idea = self._current()
        me = my_name(self.config)
        if idea is None:
            self._none_highlighted()
        elif not me:
            self.app.bell()
        else:
            loved = toggled_love(idea, me)
            verb = "love" if me in loved.loves else "no longer love"
            if self.save(Change(f"{verb} idea {quoted(idea.title)}", idea, loved)):
                self._show(keep=idea.id)

    def action_delete(self) -> None:
        idea = self._current()
        if idea is None:
            self._none_highlighted()
            return
        name = quoted(veil(idea.title, self.privacy))
        question = f"Delete the idea {name}?\nDates planned from it keep their own title and stay."
        self.app.push_screen(ConfirmScreen(question, "Delete", "Keep"), lambda yes: self._deleted(idea, yes))

    def _deleted(self, idea: Idea, yes: bool | None) -> None:
        if yes and self.save(Change(f"delete idea {quoted(idea.title)}", idea, None)):
            self._show()
            self.notify(
                f"Deleted the idea {quoted(veil(idea.title, self.privacy))}; u on the planner brings it back",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)
