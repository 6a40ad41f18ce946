"""Forms that save while they are still open.

A form used to close first and save after, so a write error (a full disk, a file
made read-only, a read-only filesystem) lost what was typed.  Now the planner saves
from inside the form: on a write error the form stays open with its text and the
reason, and the same save works once the cause is gone.  An edit that must ask
something first (which occurrences of a routine, a novelty warning) is still saved
after the form closes, through the planner's usual path.
"""

from __future__ import annotations

from typing import Any

from weekplan.history import Change, Item
from weekplan.model import Activity, SpecialDate
from weekplan.routines import is_occurrence
from weekplan.store import ReadOnlyError


def _asks_first(app: Any, before: Item | None, after: Item) -> bool:
    if isinstance(before, Activity) and is_occurrence(before):
        return True
    if isinstance(after, SpecialDate):
        from weekplan.app.together.novelty_screen import warning_for

        dates = app.store.dates().items.values()
        return warning_for(before, after, dates, app.config, app.today) is not None
    return False


def write_error_text(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename and str(exc.filename) not in str(exc.strerror) else ""
    return f"Not saved: {exc.strerror or exc}{where}. What you typed is kept: save again once that is fixed."


def open_saving_form(app: Any, form: Any, before: Item | None, verb: str) -> None:
    """Push `form`; its save writes at once, keeping the form open on a write error."""
    saved = False

    def save_now(after: Item) -> str | None:
        nonlocal saved
        if after == before or _asks_first(app, before, after):
            return None
        change = Change(f"{verb} “{after.title}”", before, after)
        try:
            app.history.do(app.store, change)
        except OSError as exc:
            app.data_version += 1
            app.refresh_view()
            return write_error_text(exc)
        except (ReadOnlyError, LookupError) as exc:
            app._refuse(exc)  # as before: the file cannot be written until it is fixed
            app.data_version += 1
            app.refresh_view()
        else:
            app._after(change.after, change.before)
        saved = True
        return None

    form.save_now = save_now
    app.push_screen(form, lambda result: None if saved else app._saved(before, result, verb))
