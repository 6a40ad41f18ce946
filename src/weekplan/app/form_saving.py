"""Forms that save while they are still open.

A form used to close first and save after, so a write error (a full disk, a file
made read-only, a read-only filesystem) lost what was typed.  Now a form's save runs
the opener's callback at once, with the form still open; a write error met on the
way is caught for the form instead of being shown as a toast, and the form stays
open with its text and the reason, to be saved again once the cause is gone.

An edit that must ask something first (which occurrences of a routine, a novelty
warning) opens a dialog of its own, so it is still saved after the form closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from weekplan.atomic_files import write_error_reason
from weekplan.tomlfile import TooLargeToWrite

T = TypeVar("T")


def write_error_text(exc: OSError) -> str:
    if isinstance(exc, TooLargeToWrite):  # saving again changes nothing: its text says what does
        return f"Not saved: {exc}. What you typed is kept."
    return f"Not saved: {write_error_reason(exc)}. What you typed is kept: save again once that is fixed."


def caught_by_open_form(app: Any, exc: Exception) -> bool:
    """Where an edit is refused: True when a form still open takes this write error
    (and shows it), so no toast is needed."""
    caught = getattr(app, "form_write_errors", None)
    if caught is None or not isinstance(exc, OSError):
        return False
    caught.append(exc)
    return True


def saving(
    app: Any, form: Any, callback: Callable[[Any], None], at_once: Callable[[Any], bool] = lambda value: True
) -> tuple[Any, Callable[[Any], None]]:
    """The form and the result callback to push it with: saving runs `callback` while
    the form is open (when `at_once` says the value can be saved without asking
    anything), keeping the form open on a write error."""
    done = False

    def save_now(value: Any) -> str | None:
        nonlocal done
        if not at_once(value):
            return None  # the callback runs once the form has closed
        app.form_write_errors = []
        try:
            callback(value)
        finally:
            caught, app.form_write_errors = app.form_write_errors, None
        if caught:
            return write_error_text(caught[0])
        done = True
        return None

    form.save_now = save_now
    return form, lambda result: None if done else callback(result)
