"""The baseline for the planner's first paint: an empty Textual app (Header, Static,
Footer), started the same way and measured in the same terminal."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class EmptyApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("empty app ready")
        yield Footer()


if __name__ == "__main__":
    EmptyApp().run()
