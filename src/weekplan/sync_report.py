"""What `weekplan sync` says: the commit messages it writes, what arrived from the other
machine, and the report a person reads afterwards.  Plain text from parsed files; the
git work is in weekplan.sync and weekplan.sync_git."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from weekplan.data_places import is_busy_file
from weekplan.record import Record, field
from weekplan.tomlfile import DataError, toml_or_none

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from weekplan.merge import ConflictNote


class SyncResult(Record, frozen=False):
    root: Path
    actions: list[str] = field(default_factory=list)  # what was put right first: set-up, locks, a merge
    committed: str | None = None  # the local commit's message, when there was something to commit
    received: list[str] = field(default_factory=list)  # what the other machine's changes did
    remote: str | None = None
    pushed: bool = False
    conflicts: list[ConflictNote] = field(default_factory=list)  # new ones, left in the files to settle
    problems: list[DataError] = field(default_factory=list)  # files that cannot be read after the pull
    changed_paths: list[Path] = field(default_factory=list)  # files the pull changed: reload them
    notes: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)  # what the merge decided that a person should know
    unsynced: list[str] = field(default_factory=list)  # weekplan files git could not take
    # With a partner (weekplan.partner_sync): the shared Together repository's sync, and
    # whether the data directory itself has no repository (only Together is synced then).
    together: SyncResult | None = None
    own_repository: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unsynced and (self.together is None or self.together.ok)

    @property
    def summary(self) -> str:
        if not self.own_repository:
            lines = [
                "your own data stays on this machine: the data directory is no git repository ('weekplan sync --init')"
            ]
        else:
            lines = self._summary_lines()
        if self.together is not None:
            lines.append("Together, shared with your partner:")
            lines.extend(f"  {line}" for line in self.together._summary_lines())
        return "\n".join(lines)

    def _summary_lines(self) -> list[str]:
        lines = list(self.actions)
        lines.append(f"committed: {self.committed}" if self.committed else "nothing new to commit here")
        if self.remote is None:
            lines.append(
                "no remote: the commit stays on this machine; add one with "
                "'weekplan sync --init URL' to sync with other machines"
            )
        else:
            # One line, whatever arrived: a year imported elsewhere changes fifty weeks.
            lines.append(f"received: {briefly(self.received, 5)}" if self.received else "nothing new from the remote")
            lines.append(f"pushed to {self.remote}" if self.pushed else f"{self.remote} is up to date")
        lines.extend(self.notes)
        lines.extend(f"merged: {decision}" for decision in self.decisions)
        if self.conflicts:
            count = len(self.conflicts)
            lines.append(f"{count} conflict{'s' if count != 1 else ''} kept both values; please choose:")
            lines.extend(f"  {note}" for note in self.conflicts)
        if self.unsynced:
            lines.append("these weekplan files could not be synced:")
            lines.extend(f"  {entry}" for entry in self.unsynced)
        if self.problems:
            lines.append("these files cannot be read and will not be written until they are fixed:")
            lines.extend(f"  {problem}" for problem in self.problems)
        return lines


def _noun(table: str, count: int) -> str:
    from weekplan.merge import singular

    return table if count != 1 else singular(table)


def _item_verb(table: str, old: dict[str, object], new: dict[str, object]) -> str:
    changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    if table == "activities":
        if changed == {"done"}:
            return "marked done" if new.get("done") else "marked not done"
        if changed == {"skipped"}:
            return "skipped" if new.get("skipped") else "unskipped"
        if changed <= {"date", "start", "end"}:
            return "moved"
    if table == "dates":
        said = {"rating", "memory", "ratings", "memories"}  # one's own, or each partner's
        if changed & said and changed <= said | {"status"} and changed & {"rating", "ratings"}:
            return "rated"
        if changed == {"status"}:
            return str(new.get("status", "edited"))
    return "edited"


def describe_changes(
    paths: list[str], old: Callable[[str], bytes | None], new: Callable[[str], bytes | None]
) -> list[str]:
    """Phrases like "2 activities added in 2026-W48" for the files that changed."""
    # The merge's kinds of file say what changed: loaded only when something did, so a
    # sync with nothing new loads no merging code (weekplan.merge and what it reads).
    from weekplan.merge import kind_for

    counts: Counter[tuple[str, str, str]] = Counter()
    added_activities: dict[str, str] = {}
    removed_activities: dict[str, str] = {}
    loose: list[str] = []
    for path in sorted(paths):
        before, after = old(path), new(path)
        kind = kind_for(path)
        name = path.rsplit("/", 1)[-1]
        where = f" in {name.removesuffix('.toml')}" if path.startswith("weeks/") else ""
        old_doc, new_doc = toml_or_none(before), toml_or_none(after)
        if kind is None or (old_doc is None and before is not None) or (new_doc is None and after is not None):
            how = "added" if before is None else "removed" if after is None else "changed"
            if path == "config.toml":
                loose.append(f"settings {how}")
            elif path == ".gitattributes":
                loose.append(f"merge set-up {how}")
            elif is_busy_file(path):  # a partner's busy times (weekplan.partner_busy names the file)
                loose.append(f"busy times of {unquote(name.removesuffix('.toml'))} {how}")
            elif path != ".gitignore":
                loose.append(f"{path} {how}")
            continue
        table = kind.table
        old_items = _items(old_doc, table)
        new_items = _items(new_doc, table)
        for item_id in new_items.keys() - old_items.keys():
            if table == "activities":
                added_activities[item_id] = where
            else:
                counts[(table, "added", where)] += 1
        for item_id in old_items.keys() - new_items.keys():
            if table == "activities":
                removed_activities[item_id] = where
            else:
                counts[(table, "removed", where)] += 1
        for item_id in old_items.keys() & new_items.keys():
            before_item, after_item = old_items[item_id], new_items[item_id]
            if before_item != after_item:
                verb = _item_verb(table, table_of(before_item), table_of(after_item))
                counts[(table, verb, where)] += 1
        old_rest = {k: v for k, v in (old_doc or {}).items() if k != table}
        new_rest = {k: v for k, v in (new_doc or {}).items() if k != table}
        if table_of(old_rest.get("review")).get("note") != table_of(new_rest.get("review")).get("note"):
            loose.append(
                f"review note{where} {'written' if table_of(new_rest.get('review')).get('note') else 'cleared'}"
            )
        for key in sorted((old_rest.keys() | new_rest.keys()) - {"review"}):
            if old_rest.get(key) != new_rest.get(key):
                loose.append(f"[{key}] changed in {path}")
    for item_id, where in added_activities.items():
        if item_id in removed_activities:
            counts[("activities", "moved to" + where.removeprefix(" in"), "")] += 1
        else:
            counts[("activities", "added", where)] += 1
    for item_id, where in removed_activities.items():
        if item_id not in added_activities:
            counts[("activities", "removed", where)] += 1
    phrases = [f"{n} {_noun(table, n)} {verb}{where}" for (table, verb, where), n in counts.items()]
    return phrases + loose


def _items(doc: dict[str, object] | None, table: str) -> dict[str, object]:
    return table_of((doc or {}).get(table))


def table_of(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


MERGE_MESSAGE = "Merge changes from {remote}"  # a sync's merge commit; a merge left unfinished is known by it


def too_big_to_merge(path: str, size: str) -> str:
    """What the merge driver says of a file it left unmerged because, merged, it would
    be past what weekplan reads (`size` says how far); said_too_big finds it again."""
    return f"{path}: merged, it would be {size}; not merged"


def said_too_big(said: str, path: str) -> bool:
    """Whether `said` (the merge driver's words, as git passed them on) names `path` as
    too big to merge (too_big_to_merge)."""
    return f"{path}: merged, it would be " in said


def briefly(phrases: list[str], shown: int = 3) -> str:
    """The first few phrases, and how many more."""
    head = ", ".join(phrases[:shown])
    return head + f" and {len(phrases) - shown} more" if len(phrases) > shown else head


def commit_message(phrases: list[str]) -> str:
    """A first line that says what changed, the rest in the body when it is long."""
    if not phrases:
        return "Update weekplan data"
    head = briefly(phrases)
    if len(phrases) > 3:
        return head[:1].upper() + head[1:] + "\n\n" + "\n".join(f"- {p}" for p in phrases) + "\n"
    return head[:1].upper() + head[1:]
