"""A second floor for bench/load_keys.py: the empty Textual app (bench/empty_textual_app.py)
showing the last key pressed, so that a press makes Textual read the key, update one
widget and write the frame, as every key of the planner does, with nothing else."""

from empty_textual_app import EmptyApp
from textual import events
from textual.widgets import Static


class KeyEchoApp(EmptyApp):
    def on_key(self, event: events.Key) -> None:
        self.query_one(Static).update(f"key {event.key}")


if __name__ == "__main__":
    KeyEchoApp().run()
