"""Every key of the planner and its dialogs, as plain rows: where each applies, its
keys, action, description and id.  The one table of keys: weekplan.app.keymap makes
Textual's bindings of these rows, and weekplan.key_bindings reads them to tell an id
that binds nothing and a key given to two actions at once (for `weekplan check`).

Every remappable row has an id, which config.toml's [keys] table remaps (dialog ids
are dotted: "form.save"); the help screen, the command palette and the key tables in
README.md and docs/keys.md are all written from these rows.  A row without an id is a
fixed key: the App's own (ctrl+q, ctrl+c), every screen's (tab, shift+tab) and the row
list's are here too, so that no override can take them unseen.

Plain Python, no Textual.
"""

from __future__ import annotations

from typing import NamedTuple


class Row(NamedTuple):
    """One binding, in the words of textual.binding.Binding, and whether the footer
    keeps it however narrow (weekplan.app.key_bar): the way to every other key, and
    the way out."""

    key: str
    action: str
    description: str = ""
    show: bool = True
    key_display: str | None = None
    priority: bool = False
    tooltip: str = ""
    id: str | None = None
    always_shown: bool = False


# Keys that mean something only with a partner (config.toml's [partner] names this
# person): planning alone, they are left out of the footer and the help screen, and
# the key tables say so.
WITH_A_PARTNER = frozenset({"panel_take_prep", "ideas.love"})


# Textual's own keys of every app, live over every screen: ctrl+q quits before any
# other binding sees it.
APP: tuple[Row, ...] = (
    Row("ctrl+q", "quit", "Quit", show=False, priority=True),
    Row("ctrl+c", "help_quit", show=False),
)


# Textual's own keys of every screen: tab and shift+tab move between a dialog's fields
# and buttons (the main screen gives tab to switch_focus instead).
SCREEN: tuple[Row, ...] = (
    Row("tab", "app.focus_next", show=False),
    Row("shift+tab", "app.focus_previous", show=False),
)


# A list of rows (the Together panel, search results): the keys that move in it.
ROW_LIST: tuple[Row, ...] = (
    Row("down", "cursor_down", "Down", show=False),
    Row("end", "last", "Last", show=False),
    Row("enter", "select", "Select", show=False),
    Row("home", "first", "First", show=False),
    Row("pagedown", "page_down", "Page Down", show=False),
    Row("pageup", "page_up", "Page Up", show=False),
    Row("up", "cursor_up", "Up", show=False),
)


# A row of buttons: the arrows move between them.
BUTTON_ROW: tuple[Row, ...] = (
    Row("left", "app.focus_previous", show=False),
    Row("right", "app.focus_next", show=False),
)


# The main screen, wherever the focus is.  They are the screen's rather than the
# App's, so that they stay quiet while a form or dialog is open on top.
PLANNER: tuple[Row, ...] = (
    Row("left_square_bracket", "app.previous_week", "Prev week", id="previous_week"),
    Row("right_square_bracket", "app.next_week", "Next week", id="next_week"),
    Row("t", "app.go_today", "Today", show=False, id="go_today"),
    Row("g", "app.go_to_date", "Go to", show=False, id="go_to_date"),
    # A tooltip is the longer name the command palette shows and finds (see
    # PlannerApp.palette_commands): "overview" finds these, where the footer says "Month".
    Row("m", "app.overview('month')", "Month", tooltip="Month overview", id="overview_month"),
    Row(
        "M",
        "app.overview('weeks')",
        "Several weeks",
        show=False,
        tooltip="Overview of several weeks",
        id="overview_weeks",
    ),
    Row("E", "app.edit_routine", "Edit the whole routine", show=False, id="edit_routine"),
    Row("u", "app.undo", "Undo", id="undo"),
    Row("ctrl+r", "app.redo", "Redo", show=False, id="redo"),
    Row("slash", "app.search", "Search", id="search"),
    Row("n", "app.search_next", "Next match", show=False, id="search_next"),
    Row("N", "app.search_previous", "Previous match", show=False, id="search_previous"),
    Row("tab", "app.switch_focus", "Grid ⇄ Together", show=False, id="switch_focus"),
    Row("T", "app.toggle_panel", "Together panel", show=False, id="toggle_panel"),
    Row("r", "app.review", "Review", show=False, id="review"),
    Row("S", "app.suggest", "Suggest a date", show=False, id="suggest"),
    Row("I", "app.ideas", "Idea backlog", show=False, id="ideas"),
    Row("G", "app.goals", "Weekly goals", show=False, id="goals"),
    Row("P", "app.toggle_privacy", "Privacy", show=False, id="privacy"),
    Row("B", "app.toggle_busy_band", "Partner's busy times", show=False, id="busy_band"),
    Row("ctrl+s", "app.sync", "Sync with git", show=False, id="sync"),
    Row("C", "app.toggle_calendars", "Show/hide calendars", show=False, id="toggle_calendars"),
    Row("question_mark", "app.help", "Help", id="help", always_shown=True),
    Row("ctrl+p", "app.command_palette", "Palette", id="command_palette"),
    Row("q", "app.quit", "Quit", id="quit", always_shown=True),
)


# The week grid, while it has the focus.
WEEK_GRID: tuple[Row, ...] = (
    Row("left,h", "cursor_left", "Day ←", show=False, id="cursor_left"),
    Row("right,l", "cursor_right", "Day →", show=False, id="cursor_right"),
    Row("up,k", "cursor_up", "Earlier", show=False, id="cursor_up"),
    Row("down,j", "cursor_down", "Later", show=False, id="cursor_down"),
    Row("pageup", "page_up", "Page up", show=False, id="page_up"),
    Row("pagedown", "page_down", "Page down", show=False, id="page_down"),
    Row("plus", "zoom(1)", "Taller rows", show=False, id="zoom_in"),
    Row("minus", "zoom(-1)", "Shorter rows", show=False, id="zoom_out"),
    Row("a", "app.add_activity", "Add", id="add_activity"),
    Row("s", "app.add_date", "Date", id="add_date"),
    Row("R", "app.add_routine", "New routine…", show=False, id="add_routine"),
    Row("enter,e", "app.edit_entry", "Edit", id="edit_entry"),
    Row("x,delete", "app.delete_entry", "Delete", id="delete_entry"),
    Row("space", "app.toggle_done", "Done", id="toggle_done"),
    Row("shift+up", "app.move_entry(0, -1)", "Move earlier", show=False, id="move_up"),
    Row("shift+down", "app.move_entry(0, 1)", "Move later", show=False, id="move_down"),
    Row("shift+left", "app.move_entry(-1, 0)", "Move a day back", show=False, id="move_left"),
    Row("shift+right", "app.move_entry(1, 0)", "Move a day on", show=False, id="move_right"),
    Row("less_than_sign", "app.resize_entry(-1)", "Shorten", show=False, id="shorten"),
    Row("greater_than_sign", "app.resize_entry(1)", "Lengthen", show=False, id="lengthen"),
    Row("y", "app.copy_entry", "Copy", show=False, id="copy"),
    Row("p", "app.paste_entry", "Paste", show=False, id="paste"),
)


# The Together panel, while it has the focus: shown in the footer, most used first.
TOGETHER_PANEL: tuple[Row, ...] = (
    # The way back, always in view: on a narrow screen the panel stands in the grid's place.
    Row("escape", "app.switch_focus", "Week grid", id="panel_back", always_shown=True),
    Row("enter", "select", "Open", id="panel_open"),
    Row("a", "app.add_idea", "Add idea", id="panel_add_idea"),
    Row("s", "app.suggest", "Suggest", id="panel_suggest"),
    Row("e", "app.edit_panel_item", "Edit", id="panel_edit"),
    Row("x,delete", "app.delete_panel_item", "Delete", id="panel_delete"),
    Row("p", "app.toggle_prep_done", "Preparation done", id="panel_prep_done"),
    Row("o", "take_prep", "Take prep", id="panel_take_prep"),
    Row("i", "app.ideas", "All ideas", id="panel_ideas"),
    Row("G", "app.goals", "Goals", id="panel_goals"),
)


# The month and several-weeks overview (m, M).
OVERVIEW: tuple[Row, ...] = (
    Row("escape,q", "close", "Back", id="overview.close"),
    Row("enter", "choose", "Go to week", id="overview.choose"),
    Row("left,h", "move(-1)", "Day ←", show=False, id="overview.left"),
    Row("right,l", "move(1)", "Day →", show=False, id="overview.right"),
    Row("up,k", "move(-7)", "Week ↑", show=False, id="overview.up"),
    Row("down,j", "move(7)", "Week ↓", show=False, id="overview.down"),
    Row("left_square_bracket", "page(-1)", "Earlier", id="overview.previous"),
    Row("right_square_bracket", "page(1)", "Later", id="overview.next"),
    Row("t", "today", "Today", id="overview.today"),
    Row("m", "mode('month')", "Month", id="overview.month"),
    Row("M", "mode('weeks')", "Weeks", id="overview.weeks"),
    Row("r", "review", "Review the week", id="overview.review"),
    Row("question_mark", "help", "Help", id="overview.help", always_shown=True),
)


# The weekly review (r).
REVIEW: tuple[Row, ...] = (
    Row("escape", "close", "Close", id="review.close"),
    Row("d", "mark('done')", "Done", id="review.done"),
    Row("s", "mark('skipped')", "Skipped", id="review.skip"),
    Row("o", "mark('open')", "Open again", show=False, id="review.open"),
    *(Row(str(n), f"rate({n})", f"Rate {n}", show=False, id=f"review.rate{n}") for n in range(1, 6)),
    Row("m", "memory", "Memory", id="review.memory"),
    Row("c", "carry", "Carry over", id="review.carry"),
    Row("w", "note", "Week note", id="review.note"),
    Row("left_square_bracket", "week(-1)", "Week before", id="review.previous_week"),
    Row("right_square_bracket", "week(1)", "Week after", id="review.next_week"),
)


# The idea backlog (I).
IDEAS: tuple[Row, ...] = (
    Row("escape", "close", "Close", id="ideas.close"),
    Row("a", "add", "Add", id="ideas.add"),
    Row("e", "edit", "Edit", id="ideas.edit"),
    Row("x,delete", "delete", "Delete", id="ideas.delete"),
    Row("o", "sort", "Sort", id="ideas.sort"),
    Row("l", "love", "Love", id="ideas.love"),
    Row("slash,f", "filter", "Tags", id="ideas.filter"),
)


# Suggesting a date (S).
SUGGEST: tuple[Row, ...] = (
    Row("escape", "cancel", "Close", id="suggest.close"),
    Row("enter", "accept", "Plan it", priority=False, id="suggest.accept"),
    Row("left,comma", "evening(-1)", "Earlier evening", key_display="←", id="suggest.earlier"),
    Row("right,full_stop", "evening(1)", "Later evening", key_display="→", id="suggest.later"),
    Row("slash,f", "filter", "Tags", id="suggest.filter"),
)


# Every form.
FORM: tuple[Row, ...] = (
    Row("ctrl+s", "save", "Save", priority=True, id="form.save"),
    Row("escape", "cancel", "Cancel", id="form.cancel"),
)


# Search (/).
SEARCH: tuple[Row, ...] = (
    Row("escape", "cancel", "Cancel", id="search.cancel"),
    Row("down", "to_results", "Results", show=False, id="search.results"),
)


# Going to a date (g).
GO_TO_DATE: tuple[Row, ...] = (Row("escape", "cancel", "Cancel", id="goto.cancel"),)


# A yes-or-no question.
CONFIRM: tuple[Row, ...] = (
    Row("y", "answer(True)", "Yes", show=False, id="confirm.yes"),
    Row("n", "answer(False)", "No", show=False, id="confirm.no"),
    Row("escape", "answer(False)", "Cancel", id="confirm.cancel"),
    *BUTTON_ROW,
)


# This occurrence of a routine, or all from now on.
OCCURRENCE_SCOPE: tuple[Row, ...] = (
    Row("o", "answer('one')", "This one only", id="scope.one"),
    Row("a", "answer('all')", "All from now on", id="scope.all"),
    Row("escape", "answer('')", "Cancel", id="scope.cancel"),
    *BUTTON_ROW,
)


# Asking for a file's path.
PATH_PROMPT: tuple[Row, ...] = (Row("escape", "cancel", "Cancel", id="path.cancel"),)


# A problem shown in full.
ERROR: tuple[Row, ...] = (
    Row("escape", "close", "Close", id="error.close"),
    Row("q", "close", "Close", show=False, id="error.close_q"),
)


# The list of keys (?).
HELP: tuple[Row, ...] = (
    Row("escape", "close", "Close", id="help.close"),
    Row("question_mark", "close", "Close", show=False, id="help.close_question"),
    Row("q", "close", "Close", show=False, id="help.close_q"),
)


# The rows that are live at once, each named as a warning says where.  The main
# screen's keys meet the week grid's or the Together panel's (a list of rows), only one
# of which has the focus; each dialog's keys meet only each other's and every screen's
# own; the App's meet all.
DIALOGS = (
    OVERVIEW,
    REVIEW,
    IDEAS,
    SUGGEST,
    FORM,
    SEARCH,
    GO_TO_DATE,
    CONFIRM,
    OCCURRENCE_SCOPE,
    PATH_PROMPT,
    ERROR,
    HELP,
)
LIVE_TOGETHER: tuple[tuple[tuple[str, tuple[Row, ...]], ...], ...] = (
    (("the whole planner", APP), ("the main screen", PLANNER), ("the week grid", WEEK_GRID)),
    (
        ("the whole planner", APP),
        ("the main screen", PLANNER),
        ("the Together panel", TOGETHER_PANEL),
        ("the Together panel", ROW_LIST),
    ),
    *((("the whole planner", APP), ("every dialog", SCREEN), ("its dialog", rows)) for rows in DIALOGS),
)

# The ids of the keys the footer never folds away (Row.always_shown).
ALWAYS_SHOWN = frozenset(
    row.id for live in LIVE_TOGETHER for _where, rows in live for row in rows if row.always_shown and row.id
)
