"""The vocabulary weekplan's iCalendar export and import share: how a UID names a
weekplan item, and the X-WEEKPLAN properties that carry weekplan's own fields.

Export is weekplan.ics_export, reading files weekplan.ics_read, import
weekplan.ics_import; the system zone is weekplan.local_zone.
"""

from __future__ import annotations

from weekplan.display_text import one_line
from weekplan.model import ID_RE

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)

if TYPE_CHECKING:
    from typing import Any

UID_SUFFIX = "@weekplan"
# What ties an item to the event it came from in another calendar, kept in its `extra`:
# the event's UID and which occurrence of a repeat it is, the calendar, and the version
# and fingerprint brought in (weekplan.ics_changes).  A copy made in weekplan carries
# none of them.
UID_FIELD = "uid"
RECURRENCE_FIELD = "recurrence_id"
SOURCE_FIELD = "source"
SEQUENCE_FIELD = "sequence"
MODIFIED_FIELD = "last_modified"
IMPORTED_FIELD = "imported"
EVENT_KEY = (UID_FIELD, RECURRENCE_FIELD)
CALENDAR_LINK = (*EVENT_KEY, SOURCE_FIELD, SEQUENCE_FIELD, MODIFIED_FIELD, IMPORTED_FIELD)
# The event's lines kept as they came (`extra["ics"]`) that make it someone's meeting:
# a copy sent out under a UID of its own with them would be an invitation from the
# organizer that the organizer never sent.  Its place, links and alarms stay with it.
MEETING_LINES = ("ORGANIZER", "ATTENDEE")
PRODID = "-//weekplan//weekplan//EN"
KIND = "X-WEEKPLAN-KIND"
DEFAULT_CATEGORY = "hobby"
EXPAND_DAYS_AHEAD = 366  # repeats that are not weekly are expanded up to a year from today
MAX_EXPANDED = 5000  # occurrences one repeat may bring; a repeat with more is reported and left out
MAX_SPAN_DAYS = 31  # days one event may cover before the rest is left out
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ROUTINE_RULE_PARTS = {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "COUNT", "WKST"}

DATE_FIELDS = {
    "idea": "X-WEEKPLAN-IDEA",
    "prep": "X-WEEKPLAN-PREP",
    "memory": "X-WEEKPLAN-MEMORY",
    "added_by": "X-WEEKPLAN-ADDED-BY",
    "prep_by": "X-WEEKPLAN-PREP-BY",
}
DATE_NUMBERS = {"prep_days": "X-WEEKPLAN-PREP-DAYS", "rating": "X-WEEKPLAN-RATING"}
# Each partner's own rating and memory of a date (weekplan.people): a line per person,
# the name and the value as a TEXT list ("X-WEEKPLAN-RATING-BY:Kim,4"), so a name or a
# memory with a comma in it reads back whole.
DATE_BY_PERSON = {"ratings": "X-WEEKPLAN-RATING-BY", "memories": "X-WEEKPLAN-MEMORY-BY"}
PREP_DONE = "X-WEEKPLAN-PREP-DONE"
# An item's own reminder (its `remind`, minutes before it), beside the alarm it makes:
# the alarm alone cannot say whether it was the item's own or a date's usual one.
REMIND = "X-WEEKPLAN-REMIND"
# The mark on an alarm weekplan made from an item (a date's usual one, an activity's
# `remind`, a preparation's): made again from the item each time it is written, never
# kept from a file, and so told apart from an alarm a phone or a person added.
OWN_ALARM = "X-WEEKPLAN-ALARM"
# How much of an activity or routine a partner sees (model.SHARE_CHOICES), written only
# when it is not the default "busy".
SHARE = "X-WEEKPLAN-SHARE"


def own_uid(item_id: str) -> str:
    return f"{item_id}{UID_SUFFIX}"


def own_id(uid: str) -> str | None:
    """The weekplan id inside a UID this program wrote; None for anyone else's."""
    if uid.endswith(UID_SUFFIX) and ID_RE.match(uid[: -len(UID_SUFFIX)]):
        return uid[: -len(UID_SUFFIX)]
    return None


def printable(text: str) -> str:
    """Text from a calendar or a person made safe for a terminal or a notification: on
    one line, every control character in the visible form weekplan.display_text gives
    it (an escape sequence in a title must not drive the terminal)."""
    return one_line(text, limit=None)


def unlinked(extra: dict[str, Any]) -> dict[str, Any]:
    """An item's other fields without those that tie it to a calendar's event, for a
    copy of one's own: the calendar's refresh, import and export then leave it be, and
    its export is no meeting of someone else's (MEETING_LINES)."""
    own = {key: value for key, value in extra.items() if key not in CALENDAR_LINK}
    lines = own.get("ics")
    if isinstance(lines, list):
        kept = _without_meeting(lines)
        if kept:
            own["ics"] = kept
        else:
            del own["ics"]
    return own


def _without_meeting(lines: list[Any]) -> list[Any]:
    """The event's kept lines without its own ORGANIZER and ATTENDEE (those inside an
    alarm, who it mails, stay with the alarm)."""
    kept: list[Any] = []
    depth = 0
    for line in lines:
        name = line.split(":", 1)[0].split(";", 1)[0].strip().upper() if isinstance(line, str) else ""
        if name == "END":
            depth -= 1
        elif depth == 0 and name in MEETING_LINES:
            continue
        elif name == "BEGIN":
            depth += 1
        kept.append(line)
    return kept
