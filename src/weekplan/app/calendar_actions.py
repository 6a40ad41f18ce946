"""The planner's calendar commands (command palette): export everything to an iCalendar
file, and import one: a dry run first, its summary to confirm, then the import.  And
the subscribed calendars of config.toml (weekplan.subscriptions): refreshed on start
and after a sync, shown or hidden with a key, and their items guarded from edits when
the calendar is read-only.

A mixin of PlannerApp.  Files are read and written in a thread so the screen stays
live; every failure (a missing file, a malformed calendar, a data file that cannot be
read) is a message, never a traceback.  An import is one step of the undo history: `u`
takes all it added back.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from weekplan.model import Activity, SpecialDate

if TYPE_CHECKING:
    from weekplan.ics_import import ImportPlan
    from weekplan.store import Look, Store
    from weekplan.subscriptions import Refreshed

    Sources = list[tuple[Path, bytes, str]]  # what weekplan.calendar_files.read_sources read

SUMMARY_LINES = 8  # the question still fits 80×24
EXPORT_HINT = "Everything: activities, special dates and routines (as repeating events). enter writes, esc leaves."
IMPORT_HINT = "An .ics file, or a folder of them (khal, vdir). Nothing is added before you confirm. enter reads it."
DEFAULT_EXPORT = "~/weekplan.ics"


def _short(lines: list[str]) -> list[str]:
    if len(lines) <= SUMMARY_LINES:
        return lines
    return [*lines[: SUMMARY_LINES - 1], f"… and {len(lines) - SUMMARY_LINES + 1} more lines"]


class CalendarActions:
    """Mixed into PlannerApp."""

    store: Store
    today: date
    data_version: int
    history: Any
    calendars_hidden: bool = False

    if TYPE_CHECKING:  # provided by PlannerApp and App

        def _screen_class(self, module: str, name: str) -> Any: ...
        def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def call_from_thread(self, callback: Any, *args: Any, **kwargs: Any) -> Any: ...
        def refresh_view(self) -> None: ...

    # -- subscribed calendars ---------------------------------------------------------------

    def refresh_calendars(self) -> None:
        """Bring the subscribed calendars up to date in the background (nothing to do,
        and nothing loaded, when config.toml subscribes to none)."""
        if "calendars" in self.store.config.extra:
            self._refresh_in_background()

    @work(thread=True, exclusive=True, group="calendar", exit_on_error=False)
    def _refresh_in_background(self) -> None:
        from weekplan.subscriptions import Refreshed, refresh

        try:
            refreshed = refresh(self.store, self.today)
        except Exception as exc:  # any failure is a message, never a crashed planner
            refreshed = Refreshed([f"calendars not refreshed: {exc}"], incomplete=True)
        self.call_from_thread(self._calendars_refreshed, refreshed)

    def _calendars_refreshed(self, refreshed: Refreshed) -> None:
        self.data_version += 1
        self.refresh_view()
        lines, failed = refreshed.lines, refreshed.incomplete
        unchanged = (
            ": 0 added, 0 updated, 0 removed",
            "0 changed in the folder (0 items in, 0 replaced or removed); 0 written, 0 deleted",
        )
        quiet = all(line.endswith(unchanged) for line in lines)
        if lines and not quiet:
            self.notify(
                "\n".join(_short(lines)),
                title="Calendars",
                severity="warning" if failed else "information",
                markup=False,
                timeout=10 if failed else 5,
            )

    def action_toggle_calendars(self) -> None:
        from weekplan.subscriptions import subscriptions

        subs, _ = subscriptions(self.store.config)
        if not subs:
            self.notify("No calendars subscribed: see [calendars] in docs/calendars.md", markup=False)
            return
        self.calendars_hidden = not self.calendars_hidden
        names = ", ".join(s.name for s in subs)
        self.notify(f"{'Hidden' if self.calendars_hidden else 'Shown'}: {names}", title="Calendars", markup=False)
        self.refresh_view()

    def visible_activities(self, activities: list[Activity]) -> list[Activity]:
        """The week's activities, without the subscribed calendars' while they are hidden."""
        if not self.calendars_hidden:
            return activities
        from weekplan.subscriptions import SOURCE_PREFIX

        return [a for a in activities if not self._source_of(a).startswith(SOURCE_PREFIX)]

    def _source_of(self, item: object) -> str:
        """The calendar an item came from; an occurrence's is its routine's."""
        from weekplan.occurrence_ids import is_occurrence

        if isinstance(item, Activity) and is_occurrence(item):
            item = self.store.routine_of(item)
        extra = getattr(item, "extra", None)
        return str(extra.get("source", "")) if isinstance(extra, dict) else ""

    def calendar_allows(self, before: object, after: object = None) -> bool:
        """False (and said why) for a change to an item of a read-only calendar, other
        than weekplan's own marks (done, skipped)."""
        if "calendars" not in self.store.config.extra:
            return True
        from weekplan.ics_changes import fingerprint
        from weekplan.subscriptions import subscriptions

        subs, _ = subscriptions(self.store.config)
        touched = [i for side in (before, after) for i in (side if isinstance(side, tuple | list) else [side])]
        sources = {self._source_of(i) for i in touched if i is not None}
        sub = next((s for s in subs if s.tag in sources and not s.editable), None)
        if sub is None:
            return True
        only_marks = before is not None and after is not None and type(before) is type(after)
        if only_marks and isinstance(before, Activity | SpecialDate) and fingerprint(before) == fingerprint(after):  # type: ignore[arg-type]
            return True  # done and skipped are weekplan's own, whatever the calendar says
        self.notify(
            f"This comes from the read-only calendar {sub.name!r} ({sub.source}); change it there, "
            f"or set editable = true under [calendars.{sub.name}] in config.toml",
            title="Not changed",
            severity="warning",
            markup=False,
            timeout=8,
        )
        return False

    def _failed(self, title: str, message: str) -> None:
        self.notify(message, title=title, severity="error", markup=False, timeout=12)

    # -- export ---------------------------------------------------------------------------

    def action_export_calendar(self) -> None:
        cls = self._screen_class("path_prompt", "PathPrompt")
        if cls is not None:
            self.push_screen(cls("Export to iCalendar", EXPORT_HINT, DEFAULT_EXPORT), self._export_to)

    def _export_to(self, path: str | None) -> None:
        if not path:
            return
        from weekplan.calendar_files import CalendarFileError, check_export_target

        try:
            target = check_export_target(self.store, Path(path))
        except CalendarFileError as exc:
            self._failed("Not exported", str(exc))
            return
        confirm = self._screen_class("confirm", "ConfirmScreen") if target.exists() else None
        if confirm is None:
            self._start_export(target)
            return

        def answered(replace_it: bool | None) -> None:
            if replace_it:
                self._start_export(target)

        question = f"{target} is already there. Replace it with this export?"
        self.push_screen(confirm(question, "Replace", "Keep"), answered)

    def _start_export(self, target: Path) -> None:
        self.notify(f"Exporting to {target}…", markup=False, timeout=3)
        self._export_in_background(target)

    @work(thread=True, exclusive=True, group="calendar", exit_on_error=False)
    def _export_in_background(self, path: Path) -> None:
        from weekplan.calendar_files import export_problem, left_out_of_export, write_export

        try:
            problems: list[Any] = []  # what is wrong: week and date files while exporting, then the rest
            count = write_export(self.store, path, problems=problems)
            problems += left_out_of_export(self.store)
        except OSError as exc:
            self.call_from_thread(self._failed, "Not exported", f"Cannot write {path}: {exc.strerror or exc}")
        except Exception as exc:  # any failure is a message, never a crashed planner
            self.call_from_thread(self._failed, "Not exported", f"Export failed: {exc}")
        else:
            in_part = not all(e.misfiled for e in problems)
            self.call_from_thread(self._exported, path, count, [export_problem(e) for e in problems], in_part)

    def _exported(self, path: Path, count: int, problems: list[str], in_part: bool) -> None:
        message = f"Wrote {count} event{'' if count == 1 else 's'} to {path}"
        if problems:
            lines = "\n".join(problems[:3])
            title = "Exported, in part" if in_part else "Exported, with problems"
            self.notify(f"{message}\n{lines}", title=title, severity="warning", markup=False, timeout=12)
        else:
            self.notify(message, title="Exported", markup=False, timeout=6)

    # -- import ---------------------------------------------------------------------------

    def action_import_calendar(self) -> None:
        cls = self._screen_class("path_prompt", "PathPrompt")
        if cls is not None:
            self.push_screen(cls("Import iCalendar", IMPORT_HINT), self._import_from)

    def _import_from(self, path: str | None) -> None:
        if path:
            self.notify(f"Reading {path}…", markup=False, timeout=3)
            self._plan_in_background(path)

    @work(thread=True, exclusive=True, group="calendar", exit_on_error=False)
    def _plan_in_background(self, path: str) -> None:
        from weekplan.calendar_files import CalendarFileError, read_sources
        from weekplan.ics_import import IcsError, plan_import

        try:
            look = self.store.look_afresh()
            sources = read_sources([path])
            plan = plan_import(sources, self.store, today=self.today, remove_gone=True)
        except CalendarFileError as exc:
            self.call_from_thread(self._failed, "Nothing imported", str(exc))
        except IcsError as exc:
            problems = "\n".join(exc.problems[:5])
            self.call_from_thread(self._failed, "Nothing imported: not a calendar file I can read", problems)
        except Exception as exc:  # any failure is a message, never a crashed planner
            self.call_from_thread(self._failed, "Nothing imported", f"Import failed: {exc}")
        else:
            self.call_from_thread(self._confirm_import, path, plan, look, sources)

    def _confirm_import(self, path: str, plan: ImportPlan, look: Look, sources: Sources) -> None:
        summary = "\n".join(_short(plan.summary()))
        if plan.empty:
            self.notify(f"{path}\n{summary}", title="Nothing to import", markup=False, timeout=10)
            return
        cls = self._screen_class("confirm", "ConfirmScreen")
        if cls is None:
            return
        question = (
            f"Import from {path}?\n\n{summary}\n\n"
            "u takes the whole import back. Importing the same file again adds nothing."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._import_in_background(plan, look, sources)
            else:
                self.notify("Nothing imported", markup=False)

        self.push_screen(cls(question, "Import", "Cancel"), answered)

    @work(thread=True, exclusive=True, group="calendar", exit_on_error=False)
    def _import_in_background(self, plan: ImportPlan, look: Look, sources: Sources) -> None:
        from weekplan.ics_import import apply_fresh, plan_import
        from weekplan.store import ReadOnlyError

        def plan_again() -> ImportPlan:
            return plan_import(sources, self.store, today=self.today, remove_gone=True)

        try:
            # A refresh or `weekplan import` while the question was open may have brought
            # the same events in: planned again then, under the lock, they come in once.
            plan = apply_fresh(self.store, look, plan, plan_again)
        except ReadOnlyError as exc:
            self.call_from_thread(self._failed, "Nothing imported", str(exc))
        except Exception as exc:  # any failure is a message, never a crashed planner
            self.call_from_thread(self._failed, "Import stopped", f"{exc}; what was written so far stays")
        else:
            self.call_from_thread(self._imported, plan)

    def _imported(self, plan: ImportPlan) -> None:
        from weekplan.history import ImportChange

        if plan.empty:  # brought in meanwhile, by a refresh or `weekplan import`
            self.notify("It came in meanwhile; nothing was added", title="Nothing to import", markup=False)
            return

        # Written already (in the thread): the history keeps it so one u takes it back.
        added = (*plan.activities, *plan.routines, *plan.dates, *(i for _, new in plan.updated for i in new))
        removed = (*plan.removed, *(i for old, _ in plan.updated for i in old))
        label = "import from a calendar"
        self.history.record(ImportChange(label, added, removed))  # type: ignore[arg-type]
        self.data_version += 1
        self.refresh_view()
        added = len(plan.activities) + len(plan.routines) + len(plan.dates)
        message = f"Imported {added} item{'' if added == 1 else 's'}"
        if plan.updated or plan.removed:
            message += f", updated {len(plan.updated)}, removed {len(plan.removed)}"
        self.notify(f"{message}; u takes the import back", title="Imported", markup=False, timeout=8)
