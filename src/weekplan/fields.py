"""Reading typed values out of a TOML table, every problem collected at once: how each
kind of item (weekplan.model, weekplan.routines) reads its fields, and keeps the fields
this version does not know so that saving never drops them.

No Textual here, and nothing of the items themselves: the model builds on this.
"""

from __future__ import annotations

from datetime import date

from weekplan.weeks import MINUTES_PER_DAY, YEARS_HELP, parse_time, plannable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    # Where a problem of an item is: a field, None for the item itself, or in a table of
    # the item (a routine's exception) the path to that table and the field in it (None:
    # the table itself).
    FieldPlace: TypeAlias = str | tuple[str | None, ...] | None


class ItemError(Exception):
    """Problems with one item, each tied to the field they are in (see FieldPlace)."""

    def __init__(self, problems: list[tuple[FieldPlace, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


_TIMES: dict[str, int] = {}  # valid time texts read so far, with their minutes (24:00 too)
_TIMES_KEPT = 4096  # every time of day, written as the store writes it, and then some


class Fields:
    """Takes typed values out of a TOML table, collecting every problem at once.

    Every item of every file the planner shows is read through here before its first
    screen, so the usual case (a field present, of the right type) takes few steps."""

    __slots__ = ("problems", "raw", "used")

    def __init__(self, raw: Any) -> None:
        self.raw: dict[str, Any] = raw if isinstance(raw, dict) else {}
        self.problems: list[tuple[FieldPlace, str]] = []
        if not isinstance(raw, dict):
            self.problems.append((None, f"expected a table of fields, found {type_name(raw)}"))
        self.used: set[str] = set()

    def _get(self, name: str, required: bool) -> Any:
        self.used.add(name)
        value = self.raw.get(name)  # TOML has no null: None is a field left out
        if value is None and required:
            self._missing(name)
        return value

    def _missing(self, name: str) -> None:
        if not self.problems:
            self.problems.append((None, f"'{name}' is missing"))

    def _wrong(self, name: str, expected: str, value: Any) -> None:
        self.problems.append((name, f"'{name}' must be {expected}, not {type_name(value)}"))

    def text(self, name: str, *, required: bool = False, non_empty: bool = False) -> str:
        self.used.add(name)  # _get's steps, written out: every field of every item comes here
        value = self.raw.get(name)
        if value is None:
            if required:
                self._missing(name)
            return ""
        if not isinstance(value, str):
            self._wrong(name, "text", value)
            return ""
        if non_empty and not value.strip():
            self.problems.append((name, f"'{name}' must not be empty"))
        return value

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(name) or default
        if value not in choices:
            self.problems.append((name, f"'{name}' must be one of {', '.join(choices)}, not {value!r}"))
            return default
        return value

    def day(self, name: str, *, required: bool = True) -> date | None:
        self.used.add(name)  # _get's steps, written out: every field of every item comes here
        value = self.raw.get(name)
        if value is None:
            if required:
                self._missing(name)
            return None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                self.problems.append((name, f"'{name}' = {value!r} is not a date like 2026-11-27"))
                return None
        if isinstance(value, date) and type(value) is date:
            if not plannable(value):
                self.problems.append((name, f"'{name}' = {value} is not in {YEARS_HELP}"))
                return None
            return value
        self._wrong(name, "a date like 2026-11-27", value)
        return None

    def time(self, name: str, *, required: bool = True, allow_24: bool = False) -> int | None:
        self.used.add(name)  # _get's steps, written out: every field of every item comes here
        value = self.raw.get(name)
        if value is None:
            if required:
                self._missing(name)
            return None
        if not isinstance(value, str):
            self._wrong(name, 'a time like "19:30"', value)
            return None
        minutes = _TIMES.get(value)
        if minutes is None:
            try:
                minutes = parse_time(value, allow_24=True)
            except ValueError as exc:
                self.problems.append((name, str(exc)))
                return None
            if len(_TIMES) < _TIMES_KEPT:
                _TIMES[value] = minutes
        if minutes == MINUTES_PER_DAY and not allow_24:
            try:
                parse_time(value, allow_24=False)  # for its words about 24:00
            except ValueError as exc:
                self.problems.append((name, str(exc)))
            return None
        return minutes

    def flag(self, name: str, *, default: bool = False) -> bool:
        """true or false; `default` when absent or of another type (which is said)."""
        self.used.add(name)
        value = self.raw.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._wrong(name, "true or false", value)
            return default
        return value

    def number(self, name: str, low: float, high: float, *, integer: bool = True) -> float | None:
        value = self._get(name, False)
        if value is None:
            return None
        allowed = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, allowed):
            self._wrong(name, "a whole number" if integer else "a number", value)
            return None
        if not low <= value <= high:
            self.problems.append((name, f"'{name}' must be between {low:g} and {high:g}, not {value}"))
            return None
        return value

    def text_list(self, name: str) -> list[str]:
        value = self._get(name, False)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._wrong(name, "a list of text", value)
            return []
        return list(value)

    def by_person(self, name: str, valid: Any, expected: str) -> tuple[tuple[str, Any], ...]:
        """A table of one value per person, keyed by their name (ratings, memories, love
        marks): kept apart per person so that two people's edits merge key by key."""
        value = self._get(name, False)
        if value is None:
            return ()
        if not isinstance(value, dict):
            self._wrong(name, "a table of names", value)
            return ()
        for person, one in value.items():
            if not valid(one):
                self.problems.append((name, f"'{name}.{person}' must be {expected}, not {one!r}"))
        return tuple(sorted((person, one) for person, one in value.items() if valid(one)))

    def extra(self) -> dict[str, Any]:
        """Fields this version does not know, kept so that saving never drops them."""
        if self.used.issuperset(self.raw):
            return {}
        return {k: v for k, v in self.raw.items() if k not in self.used}

    def done(self) -> None:
        if self.problems:
            raise ItemError(self.problems)


def type_name(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def with_extra(data: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for key in sorted(extra):
        data.setdefault(key, extra[key])
    return data
