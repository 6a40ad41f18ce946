"""What every planner form shares: labelled one-line fields with a message beside
each, checking on every keystroke, saving only when every field is fine, and
keeping whatever was typed when it is not."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from weekplan.app import keymap
from weekplan.app.kept_dialogs import show_text, show_title
from weekplan.app.steady_footer import SteadyFooter
from weekplan.display_text import one_line
from weekplan.form_rules import Checked

T = TypeVar("T")
W = TypeVar("W", bound=Widget)

REFUSED = "Not saved yet: fix the marked fields (esc leaves without saving)."


def literal(text: str) -> Content:
    """User text (titles, places, messages quoting them) shown as typed: never read as
    markup, its control characters made visible, on one line."""
    return Content(one_line(text))


class FormScreen(ModalScreen[T | None], Generic[T]):
    """A modal form.  Subclasses compose their rows with `text_field` and `row`, and
    read the whole form in `check`."""

    BINDINGS = keymap.FORM

    TITLE_TEXT = "Form"
    QUIET_UNTIL_TOUCHED: tuple[str, ...] = ("title", "category")

    # Set by whoever opens the form to save while it is still open: returns None once
    # saved (or when saving waits for the form to close), else why it could not save,
    # and the form then stays open with what was typed, to be saved again.
    save_now: Callable[[T], str | None] | None = None

    def __init__(self) -> None:
        super().__init__()
        self._initial: dict[str, str] = {}
        # The stored text of fields that start with a control character or a line break
        # (shown made visible, see text_field): kept while the field is left as it is.
        self._stored: dict[str, str] = {}
        self._touched: set[str] = set()
        self._show_all = False
        self._shown: dict[str, tuple[str, bool]] = {}
        # Each field's control and message, as `row` made them, top to bottom: a form's
        # rows are made once, so they are found here rather than looked up in the DOM on
        # every opening and keystroke.
        self._fields: dict[str, tuple[Widget, Static]] = {}

    # -- building ------------------------------------------------------------------

    def _starts_with(self, name: str, value: str) -> str:
        """What field `name` shows when it starts with `value`."""
        # A field is one line on the terminal: what it starts with is shown with its
        # control characters visible and its line breaks as ↵.
        shown = one_line(value, limit=None)
        if shown != value:
            self._stored[name] = value
        self._initial[name] = shown
        return shown

    def text_field(self, name: str, value: str, *, placeholder: str = "", classes: str = "") -> Input:
        shown = self._starts_with(name, value)
        # Focus leaves the text as it is: selecting all of it let one key press wipe a title.
        # The form checks every field itself and marks the wrong ones -invalid: the
        # Input's own validation, which finds nothing wrong, would unmark one whenever it
        # changed, lost focus or was submitted while its message still said what is wrong.
        return Input(
            shown,
            placeholder=placeholder,
            classes=f"field {classes}".strip(),
            compact=True,
            select_on_focus=False,
            validate_on=(),
        )

    def row(self, label: str, name: str, control: Widget) -> Horizontal:
        """Label, control, and the message for field `name` beside it.  The control is
        named `field-{name}` here and nowhere else, so that the name it is kept under
        and the name read back from its id (see _field_changed) are the same; Textual
        refuses a second id, so a control made with one of its own is refused too."""
        control.id = f"field-{name}"
        message = Static(
            "",
            id=f"message-{name}",
            classes="field-message -narrow" if control.has_class("wide") else "field-message",
        )
        self._fields[name] = (control, message)
        return Horizontal(
            Label(literal(label), classes="field-label"),  # a label can be a category's name
            control,
            message,
            classes="field-row",
        )

    def text_row(self, label: str, name: str, value: str, *, placeholder: str = "", classes: str = "") -> Horizontal:
        return self.row(label, name, self.text_field(name, value, placeholder=placeholder, classes=classes))

    def fields(self) -> ComposeResult:
        """The rows of the form, top to bottom."""
        yield from ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-dialog") as dialog:
            dialog.border_title = self.TITLE_TEXT
            with Vertical(classes="form-fields"):
                yield from self.fields()
            # Docked at the bottom: Save stays in view while the fields scroll.
            with Horizontal(classes="form-actions"):
                yield Static("", id="form-status")
                yield Button("Save", id="form-save", variant="primary", compact=True)
                yield Button("Cancel", id="form-cancel", compact=True)
        yield SteadyFooter()

    def first_field(self) -> Widget:
        """Where the cursor starts: the first field."""
        return next(iter(self._fields.values()))[0]

    def has_field(self, name: str) -> bool:
        """Whether the form has field `name` (some show only with a partner)."""
        return name in self._fields

    def field_control(self, name: str, kind: type[W]) -> W:
        """The control of field `name`, which must be a `kind`."""
        control = self._fields[name][0]
        assert isinstance(control, kind), f"field {name} is a {type(control).__name__}"
        return control

    def text_input(self, name: str) -> Input:
        """The one-line field `name`."""
        return self.field_control(name, Input)

    def on_mount(self) -> None:
        self.refresh_messages()
        self.first_field().focus()

    def refill(self, values: Mapping[str, str]) -> None:
        """Start again with these texts in the fields, as a form just built with them
        would (for a form kept between openings, see weekplan.app.kept_dialogs)."""
        # What the messages show (_shown) stays: it is what they still show.
        self._initial, self._stored, self._touched = {}, {}, set()
        self._show_all = False
        # Filled in, not typed: no Changed for each field, which would check the whole
        # form again once per field; the form is checked once, as it mounts (below).
        with self.prevent(Input.Changed):
            for name, value in values.items():
                field = self.text_input(name)
                field.value = self._starts_with(name, value)
                field.cursor_position = len(field.value)  # where a new field's cursor starts
        self.refilled()
        show_title(self.query_one(".form-dialog"), self.TITLE_TEXT)
        show_text(self.query_one("#form-status", Static), "")
        self.query_one(".form-fields").scroll_home(animate=False)
        self.on_mount()

    def refilled(self) -> None:
        """What a form shows of its fields beyond their messages, brought to the texts
        `refill` just put in them (which post no Changed)."""

    # -- reading -------------------------------------------------------------------

    def check(self) -> Checked[T]:
        raise NotImplementedError

    def values(self) -> dict[str, str]:
        """The text of every text field, exactly as typed (as stored, where it is left as it was)."""
        found = {}
        for name, shown in self._initial.items():
            typed = self.text_input(name).value
            found[name] = self._stored.get(name, typed) if typed == shown else typed
        return found

    def _hide_error(self, name: str) -> bool:
        """A required field that starts empty is not scolded before it is touched or
        saving is tried: an empty title in a new form is a start, not a mistake."""
        return (
            name in self.QUIET_UNTIL_TOUCHED
            and not self._show_all
            and name not in self._touched
            and not self._initial.get(name, "").strip()
        )

    def refresh_messages(self) -> Checked[T]:
        checked = self.check()
        for name, (control, message) in self._fields.items():
            error = checked.errors.get(name)
            shown_error = error is not None and not self._hide_error(name)
            text = error if shown_error and error else checked.notes.get(name, "")
            if self._shown.get(name) == (text, shown_error):
                continue  # unchanged: spare the layout work on every keystroke
            self._shown[name] = (text, shown_error)
            message.update(literal(text))
            message.set_class(shown_error, "-error")
            control.set_class(shown_error, "-invalid")
        self.query_one("#form-save", Button).disabled = not checked.ok
        if checked.ok:
            show_text(self.query_one("#form-status", Static), "")
        return checked

    # -- reacting ------------------------------------------------------------------

    @on(Input.Changed, ".field")
    def _field_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        if event.value != self._initial.get(name):
            self._touched.add(name)
        self.refresh_messages()

    @on(Input.Submitted, ".field")
    def _field_submitted(self, event: Input.Submitted) -> None:
        # Enter in a one-line field submits the form, as in Textual's own inputs: saved
        # when every field is fine, or told at once what is not (tab moves on).
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        self._show_all = True
        checked = self.refresh_messages()
        if checked.ok:
            reason = None if self.save_now is None else self.save_now(checked.value)
            if reason is None:
                self.dismiss(checked.value)
                return
            self.query_one("#form-status", Static).update(literal(reason))
            self.app.bell()
            return
        self.query_one("#form-status", Static).update(REFUSED)
        self.app.bell()
        for name, (control, _message) in self._fields.items():
            if name in checked.errors:
                control.focus()
                break

    def action_cancel(self) -> None:
        self.dismiss(None)
