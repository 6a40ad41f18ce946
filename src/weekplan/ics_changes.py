"""What earlier imports brought, and whether a calendar event changed since.

Each imported item remembers, beside its UID, where it came from (`source`: the file
or vdir folder), the event's version (`sequence`, `last_modified`) and a fingerprint
of what it looked like when it came in (`imported`).  Importing again compares:
the same fingerprint is the same event; an older version is ignored; a changed event
replaces what came in before, unless the person edited that item in weekplan since
(its fingerprint no longer matches), in which case their edit is kept and named.
Done and skipped are weekplan's own marks and never count as an edit.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Literal

from weekplan.ics import (
    IMPORTED_FIELD,
    MODIFIED_FIELD,
    RECURRENCE_FIELD,
    SEQUENCE_FIELD,
    SOURCE_FIELD,
    UID_FIELD,
    own_id,
    own_uid,
)
from weekplan.ics_events import prop
from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
from weekplan.routines import Routine

if TYPE_CHECKING:
    from icalendar import Event

    from weekplan.store import Store

Item = Activity | SpecialDate | Routine
Key = tuple[str, str]  # (UID, recurrence id or "")
Change = Literal["same", "older", "edited", "changed", "untracked"]


def fingerprint(item: Item) -> str:
    """A short hash of what the person sees of the item, weekplan's own marks aside."""
    if isinstance(item, Activity):
        seen: tuple[Any, ...] = (item.date, item.start, item.end, item.title, item.category, item.notes)
    elif isinstance(item, SpecialDate):
        seen = (item.date, item.title, item.start, item.end, item.place, item.notes)
    else:
        changes = sorted((day, repr(change)) for day, change in item.exceptions.items())
        seen = (item.title, item.category, item.days, item.start, item.end, item.first, item.last, item.interval)
        seen += (item.notes, tuple(changes))
    return hashlib.sha1(repr(seen).encode()).hexdigest()[:12]


def version_of(event: Event) -> tuple[int, str]:
    """An event's version: SEQUENCE, then LAST-MODIFIED (as UTC text, which sorts)."""
    try:
        sequence = int(str(prop(event, "SEQUENCE", 0)))
    except ValueError:
        sequence = 0
    modified = prop(event, "LAST-MODIFIED")
    return sequence, modified.to_ical().decode() if hasattr(modified, "to_ical") else ""


def stored_version(items: list[Item]) -> tuple[int, str]:
    """The version of the event the items came from, as it was when they came in."""
    return max(_stored_version(item) for item in items)


def _stored_version(item: Item) -> tuple[int, str]:
    sequence = item.extra.get(SEQUENCE_FIELD, 0)
    modified = item.extra.get(MODIFIED_FIELD, "")
    return (sequence if isinstance(sequence, int) else 0), (modified if isinstance(modified, str) else "")


def stamped(item: Item, event: Event, source: str) -> Item:
    """The item with where it came from, the event's version and its fingerprint."""
    sequence, modified = version_of(event)
    extra = dict(item.extra) | {SOURCE_FIELD: source, IMPORTED_FIELD: fingerprint(item)}
    if sequence:
        extra[SEQUENCE_FIELD] = sequence
    if modified:
        extra[MODIFIED_FIELD] = modified
    return replace(item, extra=extra)


def edited_here(item: Item) -> bool:
    imported = item.extra.get(IMPORTED_FIELD)
    return isinstance(imported, str) and imported != fingerprint(item)


def change_of(old: list[Item], new: list[Item], incoming: tuple[int, str]) -> Change:
    """How the event behind `old` (stored) and `new` (from the file now) differs."""
    stored = [o.extra.get(IMPORTED_FIELD) for o in old]
    if not old or not all(isinstance(s, str) for s in stored):
        return "untracked"  # weekplan's own items, or ones imported before it kept track
    if sorted(zip(map(str, stored), map(_week_start, old), strict=True)) == sorted(
        (_fingerprint_as_stamped(n), _week_start(n)) for n in new
    ):
        return "same"
    if incoming < stored_version(old):
        return "older"
    if any(edited_here(o) for o in old):
        return "edited"
    return "changed"


def _week_start(item: Item) -> int:
    """The weekday a routine's weeks start on, which decides the weeks "every other"
    takes.  It is not in the fingerprint: fingerprints stored before it counted would
    all read as edited here; it comes from the calendar's WKST, never from an edit."""
    return item.week_start if isinstance(item, Routine) else 0


def _fingerprint_as_stamped(item: Item) -> str:
    """A new item's fingerprint: the one `stamped` gave it just now, or (weekplan's own
    items, which are not stamped) worked out."""
    imported = item.extra.get(IMPORTED_FIELD)
    return imported if isinstance(imported, str) else fingerprint(item)


def carried(old: list[Item], new: list[Item]) -> list[Item]:
    """The new version keeping the old items' ids and weekplan's own marks."""
    old_sorted = sorted(old, key=_order)
    result = []
    for index, item in enumerate(sorted(new, key=_order)):
        if index >= len(old_sorted):
            result.append(item)
            continue
        before = old_sorted[index]
        if isinstance(item, Activity) and isinstance(before, Activity):
            item = replace(item, id=before.id, done=before.done, skipped=before.skipped)
        elif isinstance(item, SpecialDate) and isinstance(before, SpecialDate):
            kept = {"status": before.status, "rating": before.rating, "memory": before.memory}
            kept |= {"ratings": before.ratings, "memories": before.memories, "added_by": before.added_by}
            kept |= {"prep_by": before.prep_by}
            item = replace(item, id=before.id, prep_done=before.prep_done, **kept)
        else:
            item = replace(item, id=before.id)
        result.append(item)
    return result


def _order(item: Item) -> tuple[Any, ...]:
    if isinstance(item, Routine):
        return (item.first, item.start)
    return (item.date, item.start or 0)


def uid_of_item(item: Item) -> str:
    """The UID an item goes out with: the one it came in with, or one made from its id."""
    key = _key_of(item)
    return key[0] if key is not None else own_uid(item.id)


def _key_of(item: Item) -> Key | None:
    uid = item.uid if isinstance(item, Routine) else item.extra.get(UID_FIELD)
    if not isinstance(uid, str) or not uid:
        return None
    return uid, "" if isinstance(item, Routine) else str(item.extra.get(RECURRENCE_FIELD, ""))


class Known:
    """The items already in the data by UID, plus the UIDs this import adds."""

    def __init__(self, store: Store, forget: frozenset[str] = frozenset()) -> None:
        """`forget`: UIDs whose items are being replaced, so counted as not here."""
        self.ids: set[str] = set()
        self.stored: dict[Key, list[Item]] = {}
        self.added: set[Key] = set()
        self._by_uid: dict[str, list[str]] | None = None  # made when first asked
        items: list[Item] = [*store.all_activities(), *store.dates().items.values()]
        items += store.routines().items.values()
        for item in items:
            if uid_of_item(item) in forget:
                continue
            self.ids.add(item.id)
            key = _key_of(item)
            if key is not None:
                self.stored.setdefault(key, []).append(item)

    def has(self, uid: str, recurrence: str = "") -> bool:
        key = (uid, recurrence)
        own = own_id(uid)
        return key in self.stored or key in self.added or (not recurrence and own is not None and own in self.ids)

    def recurrences(self, uid: str) -> list[str]:
        """The recurrence keys of the UID's stored occurrences (not its master's "")."""
        if self._by_uid is None:
            self._by_uid = {}
            for each, recurrence in self.stored:
                if recurrence:
                    self._by_uid.setdefault(each, []).append(recurrence)
        return [r for r in self._by_uid.get(uid, []) if (uid, r) in self.stored]

    def earlier(self, uid: str, recurrence: str = "") -> list[Item]:
        return self.stored.get((uid, recurrence), [])

    def add(self, uid: str, recurrence: str = "") -> None:
        self.added.add((uid, recurrence))

    def from_source(self, source: str) -> dict[Key, list[Item]]:
        return {k: v for k, v in self.stored.items() if any(i.extra.get(SOURCE_FIELD) == source for i in v)}
