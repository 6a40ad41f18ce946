"""Every key, what it does, and where it applies."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer


class HelpScreen(ModalScreen[None]):
    """Rows are (keys, what it does, where it applies); returns nothing."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("question_mark", "close", "Close", show=False, id="help.close_question"),
        Binding("q", "close", "Close", show=False, id="help.close_q"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Keys"
            table: DataTable[Text] = DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            # rich Text cells: key names like "[" and "]" are shown, not read as markup.
            table.add_column(Text("Keys"), key="keys")
            table.add_column(Text("What it does"), key="what")
            table.add_column(Text("Where"), key="where")
            for keys, what, where in self.rows:
                table.add_row(Text(keys, style="bold"), Text(what), Text(where, style="dim"))
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-table", DataTable).focus()

    def action_close(self) -> None:
        self.dismiss(None)
