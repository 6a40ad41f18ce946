"""Every key of the planner and its dialogs, in one table: each screen and widget
takes its list from here.

Every binding has an id, which config.toml's [keys] table remaps (dialog ids are
dotted: "form.save"); the help screen, the command palette and the key tables in
README.md and docs/keys.md are all written from these lists.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

# Keys that mean something only with a partner (config.toml's [partner] names this
# person): planning alone, they are left out of the footer and the help screen
# (`for_partner_only`, from each widget's check_action), and the key tables say so.
WITH_A_PARTNER = frozenset({"panel_take_prep", "ideas.love"})


def for_partner_only(bindings: list[BindingType], action: str) -> bool:
    """Whether `action` is answered, among `bindings`, by a key only for two."""
    return any(isinstance(b, Binding) and b.action == action and b.id in WITH_A_PARTNER for b in bindings)


# A row of buttons: the arrows move between them.
BUTTON_ROW: list[BindingType] = [
    Binding("left", "app.focus_previous", show=False),
    Binding("right", "app.focus_next", show=False),
]


# The main screen, wherever the focus is.  They are the screen's rather than the
# App's, so that they stay quiet while a form or dialog is open on top.
PLANNER: list[BindingType] = [
    Binding("left_square_bracket", "app.previous_week", "Prev week", id="previous_week"),
    Binding("right_square_bracket", "app.next_week", "Next week", id="next_week"),
    Binding("t", "app.go_today", "Today", show=False, id="go_today"),
    Binding("g", "app.go_to_date", "Go to", show=False, id="go_to_date"),
    # A tooltip is the longer name the command palette shows and finds (see
    # PlannerApp.palette_commands): "overview" finds these, where the footer says "Month".
    Binding("m", "app.overview('month')", "Month", tooltip="Month overview", id="overview_month"),
    Binding(
        "M",
        "app.overview('weeks')",
        "Several weeks",
        show=False,
        tooltip="Overview of several weeks",
        id="overview_weeks",
    ),
    Binding("E", "app.edit_routine", "Edit the whole routine", show=False, id="edit_routine"),
    Binding("u", "app.undo", "Undo", id="undo"),
    Binding("ctrl+r", "app.redo", "Redo", show=False, id="redo"),
    Binding("slash", "app.search", "Search", id="search"),
    Binding("n", "app.search_next", "Next match", show=False, id="search_next"),
    Binding("N", "app.search_previous", "Previous match", show=False, id="search_previous"),
    Binding("tab", "app.switch_focus", "Grid ⇄ Together", show=False, id="switch_focus"),
    Binding("T", "app.toggle_panel", "Together panel", show=False, id="toggle_panel"),
    Binding("r", "app.review", "Review", show=False, id="review"),
    Binding("S", "app.suggest", "Suggest a date", show=False, id="suggest"),
    Binding("I", "app.ideas", "Idea backlog", show=False, id="ideas"),
    Binding("G", "app.goals", "Weekly goals", show=False, id="goals"),
    Binding("P", "app.toggle_privacy", "Privacy", show=False, id="privacy"),
    Binding("B", "app.toggle_busy_band", "Partner's busy times", show=False, id="busy_band"),
    Binding("ctrl+s", "app.sync", "Sync with git", show=False, id="sync"),
    Binding("C", "app.toggle_calendars", "Show/hide calendars", show=False, id="toggle_calendars"),
    Binding("question_mark", "app.help", "Help", id="help"),
    Binding("ctrl+p", "app.command_palette", "Palette", id="command_palette"),
    Binding("q", "app.quit", "Quit", id="quit"),
]


# The week grid, while it has the focus.
WEEK_GRID: list[BindingType] = [
    Binding("left,h", "cursor_left", "Day ←", show=False, id="cursor_left"),
    Binding("right,l", "cursor_right", "Day →", show=False, id="cursor_right"),
    Binding("up,k", "cursor_up", "Earlier", show=False, id="cursor_up"),
    Binding("down,j", "cursor_down", "Later", show=False, id="cursor_down"),
    Binding("pageup", "page_up", "Page up", show=False, id="page_up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="page_down"),
    Binding("plus", "zoom(1)", "Taller rows", show=False, id="zoom_in"),
    Binding("minus", "zoom(-1)", "Shorter rows", show=False, id="zoom_out"),
    Binding("a", "app.add_activity", "Add", id="add_activity"),
    Binding("s", "app.add_date", "Date", id="add_date"),
    Binding("R", "app.add_routine", "New routine…", show=False, id="add_routine"),
    Binding("enter,e", "app.edit_entry", "Edit", id="edit_entry"),
    Binding("x,delete", "app.delete_entry", "Delete", id="delete_entry"),
    Binding("space", "app.toggle_done", "Done", id="toggle_done"),
    Binding("shift+up", "app.move_entry(0, -1)", "Move earlier", show=False, id="move_up"),
    Binding("shift+down", "app.move_entry(0, 1)", "Move later", show=False, id="move_down"),
    Binding("shift+left", "app.move_entry(-1, 0)", "Move a day back", show=False, id="move_left"),
    Binding("shift+right", "app.move_entry(1, 0)", "Move a day on", show=False, id="move_right"),
    Binding("less_than_sign", "app.resize_entry(-1)", "Shorten", show=False, id="shorten"),
    Binding("greater_than_sign", "app.resize_entry(1)", "Lengthen", show=False, id="lengthen"),
    Binding("y", "app.copy_entry", "Copy", show=False, id="copy"),
    Binding("p", "app.paste_entry", "Paste", show=False, id="paste"),
]


# The Together panel, while it has the focus: shown in the footer, most used first.
TOGETHER_PANEL: list[BindingType] = [
    Binding("enter", "select", "Open", id="panel_open"),
    Binding("a", "app.add_idea", "Add idea", id="panel_add_idea"),
    Binding("s", "app.suggest", "Suggest", id="panel_suggest"),
    Binding("e", "app.edit_panel_item", "Edit", id="panel_edit"),
    Binding("x,delete", "app.delete_panel_item", "Delete", id="panel_delete"),
    Binding("p", "app.toggle_prep_done", "Preparation done", id="panel_prep_done"),
    Binding("o", "take_prep", "Take prep", id="panel_take_prep"),
    Binding("i", "app.ideas", "All ideas", id="panel_ideas"),
    Binding("G", "app.goals", "Goals", id="panel_goals"),
]


# The month and several-weeks overview (m, M).
OVERVIEW: list[BindingType] = [
    Binding("escape,q", "close", "Back", id="overview.close"),
    Binding("enter", "choose", "Go to week", id="overview.choose"),
    Binding("left,h", "move(-1)", "Day ←", show=False, id="overview.left"),
    Binding("right,l", "move(1)", "Day →", show=False, id="overview.right"),
    Binding("up,k", "move(-7)", "Week ↑", show=False, id="overview.up"),
    Binding("down,j", "move(7)", "Week ↓", show=False, id="overview.down"),
    Binding("left_square_bracket", "page(-1)", "Earlier", id="overview.previous"),
    Binding("right_square_bracket", "page(1)", "Later", id="overview.next"),
    Binding("t", "today", "Today", id="overview.today"),
    Binding("m", "mode('month')", "Month", id="overview.month"),
    Binding("M", "mode('weeks')", "Weeks", id="overview.weeks"),
    Binding("r", "review", "Review the week", id="overview.review"),
]


# The weekly review (r).
REVIEW: list[BindingType] = [
    Binding("escape", "close", "Close", id="review.close"),
    Binding("d", "mark('done')", "Done", id="review.done"),
    Binding("s", "mark('skipped')", "Skipped", id="review.skip"),
    Binding("o", "mark('open')", "Open again", show=False, id="review.open"),
    *(Binding(str(n), f"rate({n})", f"Rate {n}", show=False, id=f"review.rate{n}") for n in range(1, 6)),
    Binding("m", "memory", "Memory", id="review.memory"),
    Binding("c", "carry", "Carry over", id="review.carry"),
    Binding("w", "note", "Week note", id="review.note"),
    Binding("left_square_bracket", "week(-1)", "Week before", id="review.previous_week"),
    Binding("right_square_bracket", "week(1)", "Week after", id="review.next_week"),
]


# The idea backlog (I).
IDEAS: list[BindingType] = [
    Binding("escape", "close", "Close", id="ideas.close"),
    Binding("a", "add", "Add", id="ideas.add"),
    Binding("e", "edit", "Edit", id="ideas.edit"),
    Binding("x,delete", "delete", "Delete", id="ideas.delete"),
    Binding("o", "sort", "Sort", id="ideas.sort"),
    Binding("l", "love", "Love", id="ideas.love"),
    Binding("slash,f", "filter", "Tags", id="ideas.filter"),
]


# Suggesting a date (S).
SUGGEST: list[BindingType] = [
    Binding("escape", "cancel", "Close", id="suggest.close"),
    Binding("enter", "accept", "Plan it", priority=False, id="suggest.accept"),
    Binding("left,comma", "evening(-1)", "Earlier evening", key_display="←", id="suggest.earlier"),
    Binding("right,full_stop", "evening(1)", "Later evening", key_display="→", id="suggest.later"),
    Binding("slash,f", "filter", "Tags", id="suggest.filter"),
]


# Every form.
FORM: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
    Binding("escape", "cancel", "Cancel", id="form.cancel"),
]


# Search (/).
SEARCH: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="search.cancel"),
    Binding("down", "to_results", "Results", show=False, id="search.results"),
]


# Going to a date (g).
GO_TO_DATE: list[BindingType] = [Binding("escape", "cancel", "Cancel", id="goto.cancel")]


# A yes-or-no question.
CONFIRM: list[BindingType] = [
    Binding("y", "answer(True)", "Yes", show=False, id="confirm.yes"),
    Binding("n", "answer(False)", "No", show=False, id="confirm.no"),
    Binding("escape", "answer(False)", "Cancel", id="confirm.cancel"),
    *BUTTON_ROW,
]


# This occurrence of a routine, or all from now on.
OCCURRENCE_SCOPE: list[BindingType] = [
    Binding("o", "answer('one')", "This one only", id="scope.one"),
    Binding("a", "answer('all')", "All from now on", id="scope.all"),
    Binding("escape", "answer('')", "Cancel", id="scope.cancel"),
    *BUTTON_ROW,
]


# Asking for a file's path.
PATH_PROMPT: list[BindingType] = [Binding("escape", "cancel", "Cancel", id="path.cancel")]


# A problem shown in full.
ERROR: list[BindingType] = [
    Binding("escape", "close", "Close", id="error.close"),
    Binding("q", "close", "Close", show=False, id="error.close_q"),
]


# The list of keys (?).
HELP: list[BindingType] = [
    Binding("escape", "close", "Close", id="help.close"),
    Binding("question_mark", "close", "Close", show=False, id="help.close_question"),
    Binding("q", "close", "Close", show=False, id="help.close_q"),
]
