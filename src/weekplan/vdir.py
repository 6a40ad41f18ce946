"""A two-way vdir: weekplan's week kept in step with a folder of .ics files, one per
item and named by its UID, as khal and vdirsyncer use them; vdirsyncer then carries
it to a CalDAV server and from there to a phone.

Each sync, in this order:
1. what changed in the folder since weekplan last wrote or read it (a file added,
   edited or deleted by khal, vdirsyncer or a person) comes into weekplan: the
   item is added, replaced or removed;
2. what weekplan holds goes out: a file is written for each item whose event is new
   or different, and removed for each item deleted in weekplan.
When an item changed on both sides since the last sync, weekplan's version is kept
and written out, and the summary says so.  A file written over keeps what it holds
that weekplan does not own, a phone's place, link or alarm (weekplan.ics_carry); one
whose lines cannot be read is not written over.

What weekplan last wrote or read is kept in `.weekplan-vdir.json` inside the folder
(a dotfile: khal and vdirsyncer look only at *.ics), as a hash of each file without
its DTSTAMP (see content_hash), so that an unchanged item is never written again; for
a file taken in or written with a phone's lines kept, also the hash of what its item
makes then, so that it is not written back in weekplan's words (and sent to the
server as a change) until it changes here.  It also names the calendar the folder is
synced as: a sync under another name is refused.  Items that came from another
subscribed calendar or an import of another file stay out of the folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from weekplan.atomic_files import atomic_write
from weekplan.calendar_files import CalendarFileError, inside_data_dir
from weekplan.ics import OWN_ALARM
from weekplan.ics_lines import content_lines, each_content_line, name_and_value, named
from weekplan.record import Record, replace
from weekplan.regular_files import NotRegularFile, read_regular_file

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from weekplan.ics_import import ImportPlan
    from weekplan.store import Store

STATE_FILE = ".weekplan-vdir.json"
# The key in the state file of the calendar (its tag) it was written for: no file of a
# folder can be named with a slash.
_CALENDAR_KEY = "/calendar"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9@._+-]{1,200}\Z")


def file_name(uid: str) -> str:
    """The file an item's UID names, as vdirsyncer names them: the UID when it is safe
    as a file name, else a hash of it."""
    if _SAFE_NAME.match(uid) and not uid.startswith("."):
        return f"{uid}.ics"
    return hashlib.sha1(uid.encode()).hexdigest() + ".ics"


def content_hash(data: bytes) -> str:
    """A hash of what a file says: its content lines, but for its DTSTAMP (the time it
    was written) and the mark on weekplan's own alarms (ics.OWN_ALARM), so that a file
    weekplan wrote before it marked them says the same as one it writes now, and a
    folder written then is neither written again nor taken for changed here."""
    text = data.decode("utf-8-sig", errors="replace")
    lines = [line for _, _, line in content_lines(text) if not (named(line, "DTSTAMP") or named(line, OWN_ALARM))]
    return hashlib.sha1("\n".join(lines).encode()).hexdigest()


def _uid_in(data: bytes) -> str | None:
    """The UID of the file's first event (or to-do): an alarm's own UID, which phones
    write, is not the event's.  Read up to there and no further; a file cut short says
    the UID it has so far."""
    inside: list[str] = []  # the components open at the line, outermost first
    for _, _, line in each_content_line(data.decode("utf-8-sig", errors="replace")):
        head = line[:3].upper()
        if head != "BEG" and head != "END" and head != "UID":
            continue  # (most lines: only these three are split into name and value)
        name, value = name_and_value(line)
        if name == "BEGIN":
            inside.append(value.strip().upper())
        elif name == "END" and inside:
            inside.pop()
        elif name == "UID" and len(inside) == 2 and inside[0] == "VCALENDAR":
            return value.strip()
    return None


def _folder_files(folder: Path) -> tuple[dict[str, bytes], dict[str, str], set[str]]:
    """The .ics files of the folder by name: those read, those that cannot be (a
    folder, a FIFO or a device by that name, a file it may not read) with why, and the
    names that are symbolic links (read, never written through: what they point to
    may be outside the folder).  One deleted between the listing and its reading is
    gone, as it would be a moment later."""
    from weekplan.calendar_files import CalendarFileError, read_sources

    present: dict[str, bytes] = {}
    unread: dict[str, str] = {}
    links = set()
    for path in sorted(folder.glob("*.ics")):
        if path.is_symlink():
            links.add(path.name)
        if path.is_dir():  # read_sources would read the .ics files inside it
            unread[path.name] = f"{path} is a folder, not a calendar file"
            continue
        try:
            ((_path, present[path.name], _calendar),) = read_sources([path])
        except CalendarFileError as exc:
            if os.path.lexists(path):
                unread[path.name] = str(exc)
    return present, unread, links


def _load_state(folder: Path) -> dict[str, dict[str, str]]:
    try:
        raw = json.loads((read_regular_file(folder / STATE_FILE) or b"{}").decode("utf-8"))
    except (OSError, NotRegularFile, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(v, dict) and isinstance(v.get("hash"), str)}


def _save_state(folder: Path, state: dict[str, dict[str, str]], tag: str) -> None:
    path = folder / STATE_FILE
    if path.is_symlink():  # weekplan's own file in the folder: never written through a link
        path.unlink()
    atomic_write(path, json.dumps({**state, _CALENDAR_KEY: tag}, indent=1, sort_keys=True).encode())


def _calendar_of_state(folder: Path) -> str | None:
    """The tag of the calendar the folder's state was written for (None: not known)."""
    try:
        raw = json.loads((read_regular_file(folder / STATE_FILE) or b"{}").decode("utf-8"))
    except (OSError, NotRegularFile, ValueError):
        return None
    written_for = raw.get(_CALENDAR_KEY) if isinstance(raw, dict) else None
    return written_for if isinstance(written_for, str) else None


def _outgoing(store: Store, tag: str, zone: ZoneInfo) -> dict[str, bytes]:
    """UID → the file weekplan's items make, one calendar per item."""
    from weekplan.ics_export import calendar_of, export_groups, occurrence_of_a_repeat

    stamp = datetime.now(UTC).replace(microsecond=0)
    files = {}
    for group in export_groups(store, None, None, zone, stamp):
        extras = [getattr(i, "extra", {}) for i in group.items]
        sources = {str(extra.get("source", "")) for extra in extras}
        if sources - {"", tag}:
            continue  # another calendar's, or another file's: not weekplan's to send
        if tag in sources and any(occurrence_of_a_repeat(extra) for extra in extras):
            continue  # the folder's file of the repeat holds it: sent apart, it would be there twice
        files[group.uid] = calendar_of([group], zone)
    return files


def sync_vdir(
    store: Store, folder: Path, tag: str, today: date, *, category: str | None = None, zone: ZoneInfo | None = None
) -> list[str]:
    """Bring weekplan and the vdir folder into step; what happened, for the summary.
    `tag` is what the items that came from the folder carry as their source (a
    subscription's), `category` the one for its events that name none of yours."""
    from weekplan.ics_changes import uid_of_item
    from weekplan.ics_import import apply_import, plan_import
    from weekplan.local_zone import local_zone
    from weekplan.store import data_dir_lock

    inside = inside_data_dir(store.root, folder)
    if inside:
        raise CalendarFileError(f"{inside}; give the calendar a folder of its own")
    zone = zone or local_zone()
    folder.mkdir(parents=True, exist_ok=True)
    written_for = _calendar_of_state(folder)
    if written_for is not None and written_for != tag:
        # Its items carry the other name: synced under this one, every file weekplan
        # wrote would count as deleted here and be deleted from the folder.
        raise CalendarFileError(f"{folder} is synced as [{written_for}]; give that name back to it in config.toml")

    def decide() -> _Decided:
        state = _load_state(folder)
        present, unread, links = _folder_files(folder)
        uids = {name: _uid_in(data) or "" for name, data in present.items()}
        _follow_renames(state, uids, unread)
        holders = _holders(uids, unread, state)
        outgoing = _outgoing(store, tag, zone)
        changed_here = {
            uid for uid in outgoing if _last_made(state, _name_for(uid, holders)) != content_hash(outgoing[uid])
        }
        notes: list[str] = []

        # 1. What changed in the folder comes in.
        incoming = [n for n in present if state.get(n, {}).get("hash") != content_hash(present[n])]
        gone = [n for n in state if n not in present and n not in unread]
        kept_here = [n for n in incoming if n in state and uids[n] in changed_here]
        incoming = [n for n in incoming if n not in kept_here]
        notes += [_both_sides(uids[n]) for n in kept_here]
        replacing = frozenset(uids[n] for n in incoming if uids[n]) | frozenset(
            state[n].get("uid", "") for n in gone if state[n].get("uid") not in changed_here
        )
        plan = plan_import(
            [(folder / n, present[n], tag) for n in incoming],
            store,
            zone=zone,
            category=category,
            all_day=True,
            today=today,
            replacing=replacing,
            leave_unreadable=True,
        )
        # A file that is not iCalendar (half written, say) is left alone, and so is its item.
        unread.update((path.name, "") for path in plan.unread_files)
        incoming = [n for n in incoming if n not in unread]
        replacing -= {uids[n] for n in unread if n in uids}
        stale = [i for i in _all_items(store) if uid_of_item(i) in replacing]
        plan.removed += stale
        _keep_ids(plan, stale)
        return _Decided(state, present, unread, links, uids, notes, incoming, gone, plan, stale)

    with data_dir_lock(folder):  # one sync of the folder at a time, by any weekplan
        # Decided without the data's lock (the planner's saves wait for it), and decided
        # again under it if anything changed in the data meanwhile.
        look = store.look_afresh()
        decided = decide()
        with store.exclusive_since(look) as unchanged:
            if not unchanged:
                decided = decide()
            if not decided.plan.empty:
                apply_import(decided.plan, store)
        return _send(store, folder, tag, zone, decided)


class _Decided(Record, frozen=False):
    """What a sync's first step read and decided: see sync_vdir."""

    state: dict[str, dict[str, str]]
    present: dict[str, bytes]
    unread: dict[str, str]
    links: set[str]
    uids: dict[str, str]
    notes: list[str]
    incoming: list[str]
    gone: list[str]
    plan: ImportPlan
    stale: list[object]


def _send(store: Store, folder: Path, tag: str, zone: ZoneInfo, decided: _Decided) -> list[str]:
    """The sync's second step: what weekplan holds goes out (see sync_vdir)."""
    from weekplan.ics_carry import carried_over
    from weekplan.ics_read import IcsError
    from weekplan.ics_zones import save_answers

    state, present, unread, links, uids = decided.state, decided.present, decided.unread, decided.links, decided.uids
    notes, incoming, gone, plan, stale = decided.notes, decided.incoming, decided.gone, decided.plan, decided.stale
    for name in incoming:
        state[name] = {"uid": uids[name], "hash": content_hash(present[name])}
    for name in gone:
        state.pop(name, None)
    added = len(plan.activities) + len(plan.routines) + len(plan.dates)
    came_in = f"{len(incoming)} changed in the folder ({added} items in, {len(stale)} replaced or removed)"

    # 2. What weekplan holds goes out.
    holders = _holders(uids, unread, state)
    outgoing = _outgoing(store, tag, zone)
    taken_in = set(incoming)
    written = 0
    refused: set[str] = set()  # items whose file could not be read, and so not written over
    for uid, data in outgoing.items():
        name = _name_for(uid, holders)
        if name in unread:
            continue  # written over, what it holds would be lost; sent once it can be read
        made = content_hash(data)
        entry = state.get(name, {})
        if name in taken_in:
            # Taken in as it is: the folder's file stays (written again in weekplan's words,
            # it would go back to the server and the phone as a change), and what the item
            # makes now is what a change here is told by.
            state[name] = {"uid": uid, "hash": entry["hash"], "made": made, "sent": "yes"}
            continue
        if entry.get("made") == made and name in present and entry.get("hash") == content_hash(present[name]):
            continue  # taken in earlier, and changed on neither side since
        if name in links and made != content_hash(present.get(name, b"")):
            notes.append(f"{name}: a link, left alone: weekplan writes only the folder's own files")
            continue
        if name not in present:
            atomic_write(folder / name, data)
            written += 1
        elif made != content_hash(present[name]):
            # What the file holds that weekplan does not own (a phone's place, link or
            # alarm) stays; a file whose lines cannot be read is not written over.
            try:
                data = carried_over(folder / name, present[name], data, store.config.day_start)
            except IcsError as exc:
                refused.add(uid)
                notes.append(f"{name}: left alone: {exc.problems[0]}; weekplan's change goes out once it can be read")
                continue
            atomic_write(folder / name, data)
            written += 1
            state[name] = {"uid": uid, "hash": content_hash(data), "made": made, "sent": "yes"}
            continue
        state[name] = {"uid": uid, "hash": made, "sent": "yes"}
    sent = {_name_for(uid, holders) for uid in outgoing}
    removed = 0
    for name in sorted(set(state) - sent):
        # Only a file weekplan sent is deleted with its item; one it could not read stays.
        if state[name].get("sent") and name in present and name not in incoming and name not in unread:
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
            removed += 1
            state.pop(name, None)
    _save_state(folder, state, tag)
    save_answers()  # what the zones' VTIMEZONEs for every item's days were, kept at once
    notes += [f"{name}: left alone: {problem}" for name, problem in sorted(unread.items()) if problem]
    # Changed on both sides, but not written over after all: weekplan's version is not kept there yet.
    notes = [note for note in notes if note not in {_both_sides(uid) for uid in refused}]
    return [f"{came_in}; {written} written, {removed} deleted", *notes, *plan.skipped]


def _both_sides(uid: str) -> str:
    return f"{uid}: changed on both sides; weekplan's version kept"


def _follow_renames(state: dict[str, dict[str, str]], uids: dict[str, str], unread: dict[str, str]) -> None:
    """A file under a name weekplan does not know, holding the UID of a known file that
    is gone or now holds another UID, is that file renamed (by vdirsyncer or a person):
    its record moves to the new name, so that the rename alone is no change on either
    side, and a change here or there is told against what both last agreed on.  A file
    then made under the old name, with another UID, is a new file."""
    for name, uid in uids.items():
        if not uid or name in state:
            continue
        gone = [n for n, entry in state.items() if entry.get("uid") == uid and _moved_away(n, uid, uids, unread)]
        if gone:
            state[name] = state.pop(gone[0])


def _moved_away(name: str, uid: str, uids: dict[str, str], unread: dict[str, str]) -> bool:
    """Whether the file that held `uid` under `name` no longer does: it is gone, or the
    name now holds another UID (a file that could not be read, or that says no UID,
    may still be it)."""
    if name in unread:
        return False
    held = uids.get(name)
    return held is None or (held != "" and held != uid)


def _last_made(state: dict[str, dict[str, str]], name: str) -> str | None:
    """The hash of what weekplan's item made when the folder and weekplan last agreed on
    it: the file weekplan wrote, or, for a file taken in as it was, what the item made."""
    entry = state.get(name, {})
    return entry.get("made", entry.get("hash"))


def _holders(uids: dict[str, str], unread: dict[str, str], state: dict[str, dict[str, str]]) -> dict[str, str]:
    """The UID each file holds: the one it says, or, for a file that cannot be read or
    says none (cut short before its UID line, a folder in its place), the one it held
    when weekplan last read or wrote it, so that its item is never written to a second
    file under another name."""
    holders = dict(uids)
    for name in [*unread, *(n for n, uid in uids.items() if not uid)]:
        recorded = state.get(name, {}).get("uid")
        if isinstance(recorded, str) and recorded:
            holders[name] = recorded
    return holders


def _name_for(uid: str, names_by_file: dict[str, str]) -> str:
    """The file that holds the UID now (a phone may name it otherwise), else its own."""
    return next((name for name, each in names_by_file.items() if each == uid), file_name(uid))


def _keep_ids(plan: ImportPlan, stale: list[Any]) -> None:
    """An item coming back from the folder keeps the id of the one it replaces (same
    kind, UID and recurrence), so that one moved to another week or year is written
    as a move (weekplan.many_edits), which a kill cannot lose."""
    from weekplan.ics_changes import uid_of_item
    from weekplan.occurrence_ids import parse_occurrence_id

    def key(item: Any) -> tuple[type, str, str]:
        extra = getattr(item, "extra", {})
        return type(item), uid_of_item(item), str(extra.get("recurrence_id", ""))

    old_by_key: dict[tuple[type, str, str], list[Any]] = {}
    for item in stale:
        if parse_occurrence_id(item.id) is None:  # a routine's occurrence is removed otherwise
            old_by_key.setdefault(key(item), []).append(item)
    for items in (plan.activities, plan.dates, plan.routines):
        for index, item in enumerate(items):
            olds = old_by_key.get(key(item))
            if olds:
                items[index] = replace(item, id=olds.pop(0).id)


def _all_items(store: Store) -> list[object]:
    return [*store.all_activities(), *store.dates().items.values(), *store.routines().items.values()]
