"""The things weekplan keeps: immutable records (see weekplan.record), how they read
from and write to TOML tables, and the checks that tell a person what is wrong with a value.

No Textual here: the command line loads this module and must stay fast.
"""

from __future__ import annotations

import os
import re
from datetime import date
from functools import cache

from weekplan.fields import Fields, with_extra
from weekplan.record import Record, field, replace
from weekplan.weeks import WEEKDAY_NAMES, IsoWeek, format_time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")
DATE_STATUSES = ("planned", "done", "cancelled")
# How much of an activity or routine a partner sees (weekplan.partner_busy): that the
# time is busy (the default, not written), its title too, or nothing at all.
SHARE_CHOICES = ("busy", "title", "none")
IDEA_KINDS = ("place", "activity")
# The longest title a form, quick add or an import takes: a title names a thing on one
# line; what more there is to say goes in the notes.  Files are read whatever the
# length (a hand edit is never refused for it); one-line places cut what is longer.
TITLE_MAX_LENGTH = 200
_CUT_MARK = "…"


def is_one_line(text: str) -> bool:
    """Whether `text` holds no line break (any that str.splitlines breaks at), as a title
    must: every place that shows a title gives it one line, and an iCalendar SUMMARY is
    one line to the calendars it goes to."""
    return text.isprintable() or text.splitlines() in ([text], [])


def title_problem(title: str) -> str | None:
    """What makes `title` unfit for a new or edited item, or None when it is fine."""
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: what bytes that are not UTF-8 become on a command line
        return "the title holds bytes that are not UTF-8 text (is the terminal set to UTF-8?)"
    if not is_one_line(title):
        return "a title is one line; the rest can go in the notes"
    if len(title) > TITLE_MAX_LENGTH:
        length = len(title)
        return f"a title is at most {TITLE_MAX_LENGTH} characters (this one has {length}); the rest can go in the notes"
    return None


def fitted_title(text: str, notes: str) -> tuple[str, str, bool]:
    """(title, notes, whether the title was cut) for a title that came from elsewhere
    (a calendar), or goes to a place of one line (an exported SUMMARY) from a file
    edited by hand, which may run over several lines or past TITLE_MAX_LENGTH: the title
    keeps its first line, cut with "…" when too long; the whole text, when anything of
    it was left out, goes to the top of the notes, so that nothing is lost."""
    lines = text.strip().splitlines() or [""]
    title = lines[0].strip()
    cut = len(title) > TITLE_MAX_LENGTH
    if cut:
        title = title[: TITLE_MAX_LENGTH - 1].rstrip() + _CUT_MARK
    if cut or len(lines) > 1:
        notes = f"{text.strip()}\n\n{notes}" if notes.strip() else text.strip()
    return title, notes, cut


def new_id() -> str:
    """A random id, stable for the life of the item: 12 hex digits, so two machines
    adding thousands of items never pick the same one."""
    return os.urandom(6).hex()  # what secrets.token_hex does, without its imports on every start


def _is_rating(value: Any) -> bool:
    return type(value) is int and 1 <= value <= 5


class Category(Record):
    id: str
    name: str
    color: str
    together: bool = False
    # Fields of its table this version does not know, kept for the file (a warning says them).
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_toml(self) -> dict[str, Any]:
        return with_extra({"name": self.name, "color": self.color, "together": self.together}, self.extra)


# The colour of an activity without a category (or with one config.toml no longer lists).
NEUTRAL_COLOR = "#888888"

DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("fitness", "Fitness", "#2e9d5b"),
    Category("friends", "Friends", "#d08a1e"),
    Category("hobby", "Hobby", "#3a7bd5"),
    Category("career", "Career", "#7a5cc7"),
    Category("learning", "Learning", "#1f9aa8"),
    Category("new", "Something new", "#c2439a"),
    Category("rest", "Rest", "#6f7f8f"),
    Category("together", "Together", "#d9485f", together=True),
)


# The longest a reminder may come before its item, in minutes: a week.
MAX_REMIND_MINUTES = 7 * 24 * 60


def reminds(value: object) -> bool:
    """Whether `value`, an item's `remind`, is one a reminder can come by: a whole number
    of minutes from 0 to MAX_REMIND_MINUTES."""
    return type(value) is int and 0 <= value <= MAX_REMIND_MINUTES


def check_remind(f: Fields) -> None:
    """An item's `remind` (minutes before it) is read by weekplan.remind and the export,
    and kept among the item's other fields as written; one that cannot remind is a
    problem said with its place, never a reminder that silently does not come."""
    value = f.raw.get("remind")
    if value is None:
        return
    if not reminds(value):
        f.problems.append(
            ("remind", f"'remind' must be a whole number of minutes from 0 to {MAX_REMIND_MINUTES}, not {value!r}")
        )


# Compiled when first used: only a config.toml that names categories needs it.
@cache
def color_pattern() -> re.Pattern[str]:
    return re.compile(r"^#[0-9a-fA-F]{6}\Z")


# Compiled when first used: only a language in config.toml or the locale needs it.
@cache
def language_pattern() -> re.Pattern[str]:
    """A language tag like de or pt_BR."""
    return re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*\Z")


class Activity(Record):
    """Something on your own week: a block of time on one day."""

    id: str
    date: date
    start: int
    end: int
    title: str
    category: str
    done: bool = False
    skipped: bool = False
    notes: str = ""
    share: str = "busy"
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "date": self.date,
            "start": format_time(self.start),
            "end": format_time(self.end),
            "title": self.title,
            "done": self.done,
        }
        if self.category:  # none: a neutral colour, counted as your own time
            data["category"] = self.category
        if self.skipped:
            data["skipped"] = True
        if self.notes:
            data["notes"] = self.notes
        if self.share != "busy":
            data["share"] = self.share
        return with_extra(data, self.extra)

    @classmethod
    def from_toml(cls, item_id: str, raw: Any) -> Activity:
        """The item, or ItemError with every problem it has."""
        f = Fields(raw)
        day = f.day("date")
        start = f.time("start")
        end = f.time("end", allow_24=True)
        title = f.text("title", required=True, non_empty=True)
        category = f.text("category")
        done, skipped, notes = f.flag("done"), f.flag("skipped"), f.text("notes")
        share = f.choice("share", SHARE_CHOICES, "busy")
        if start is not None and end is not None and end <= start:
            f.problems.append(("end", f"ends at {format_time(end)}, not after it starts at {format_time(start)}"))
        check_remind(f)
        f.done()
        assert day is not None and start is not None and end is not None
        return cls(item_id, day, start, end, title, category, done, skipped, notes, share, f.extra())

    def moved(self, **changes: Any) -> Activity:
        return replace(self, **changes)


# The longest a preparation may start ahead of its date, in days.
MAX_PREP_DAYS = 365


class SpecialDate(Record):
    """Time together that should feel special, planned ahead."""

    id: str
    date: date
    title: str
    start: int | None = None
    end: int | None = None
    place: str = ""
    idea: str = ""
    status: str = "planned"
    prep: str = ""
    prep_days: int | None = None
    notes: str = ""
    rating: int | None = None
    memory: str = ""
    prep_done: bool = False
    # With a partner (see weekplan.people): who added it, who prepares, each one's own say.
    added_by: str = ""
    prep_by: str = ""
    ratings: tuple[tuple[str, int], ...] = ()
    memories: tuple[tuple[str, str], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"date": self.date, "title": self.title, "status": self.status}
        optional: dict[str, Any] = {
            "start": None if self.start is None else format_time(self.start),
            "end": None if self.end is None else format_time(self.end),
            "place": self.place,
            "idea": self.idea,
            "prep": self.prep,
            "prep_days": self.prep_days,
            "prep_done": True if self.prep_done else None,  # written only once it is true
            "notes": self.notes,
            "rating": self.rating,
            "memory": self.memory,
            "added_by": self.added_by,
            "prep_by": self.prep_by,
            "ratings": dict(self.ratings) or None,
            "memories": dict(self.memories) or None,
        }
        data.update({k: v for k, v in optional.items() if v not in (None, "")})
        return with_extra(data, self.extra)

    @classmethod
    def from_toml(cls, item_id: str, raw: Any) -> SpecialDate:
        """The item, or ItemError with every problem it has."""
        f = Fields(raw)
        day = f.day("date")
        title = f.text("title", required=True, non_empty=True)
        start = f.time("start", required=False)
        end = f.time("end", required=False, allow_24=True)
        if end is not None and start is None:
            f.problems.append(("end", "has an end time but no start time"))
        status = f.choice("status", DATE_STATUSES, "planned")
        prep_days = f.number("prep_days", 0, MAX_PREP_DAYS)
        rating = f.number("rating", 1, 5)
        check_remind(f)
        item = cls(
            item_id,
            day or date.min,
            title,
            start,
            end,
            f.text("place"),
            f.text("idea"),
            status,
            f.text("prep"),
            None if prep_days is None else int(prep_days),
            f.text("notes"),
            None if rating is None else int(rating),
            f.text("memory"),
            f.flag("prep_done"),
            f.text("added_by"),
            f.text("prep_by"),
            f.by_person("ratings", _is_rating, "a whole number from 1 to 5"),
            f.by_person("memories", lambda value: isinstance(value, str), "text"),
            f.extra(),
        )
        f.done()
        return item


def tag_key(tag: str) -> str:
    """What makes two tags one: their letters, whatever their case and the blanks around
    them ("Friends", "friends " and "FRIENDS" are one tag).  The one rule for tags: an
    idea keeps each tag once by it, the tag filters match by it (weekplan.together), and
    a merge of two machines' tags takes them as one (weekplan.value_merge.merge_set)."""
    return tag.strip().casefold()


def distinct_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Each tag once (tag_key), spelt exactly as it first comes."""
    seen: dict[str, str] = {}
    for tag in tags:
        seen.setdefault(tag_key(tag), tag)
    return tuple(seen.values())


class Idea(Record):
    """Something to do or somewhere to go together, some day."""

    id: str
    title: str
    kind: str = "activity"
    tags: tuple[str, ...] = ()
    notes: str = ""
    added_by: str = ""
    loves: tuple[str, ...] = ()  # the names of those who would love to do it
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title, "kind": self.kind}
        if self.tags:
            data["tags"] = sorted(distinct_tags(self.tags))
        if self.notes:
            data["notes"] = self.notes
        if self.added_by:
            data["added_by"] = self.added_by
        if self.loves:
            data["loves"] = dict.fromkeys(sorted(self.loves), True)
        return with_extra(data, self.extra)

    @classmethod
    def from_toml(cls, item_id: str, raw: Any) -> Idea:
        """The item, or ItemError with every problem it has."""
        f = Fields(raw)
        item = cls(
            item_id,
            f.text("title", required=True, non_empty=True),
            f.choice("kind", IDEA_KINDS, "activity"),
            distinct_tags(f.text_list("tags")),
            f.text("notes"),
            f.text("added_by"),
            tuple(name for name, loved in f.by_person("loves", lambda value: isinstance(value, bool), "true") if loved),
            f.extra(),
        )
        f.done()
        return item


class WeekNote(Record):
    """A week's review note ("" is none), kept in that week's file."""

    week: IsoWeek
    text: str = ""


class Goal(Record):
    """A weekly aim for one category: a number of times, or a number of hours.

    Goals change, and a change must not rewrite how past weeks went: so a goal says
    from which ISO week on it applies (`since`, "" for one set before weekplan kept
    that: it applies to every week), and keeps the versions it replaced in `earlier`,
    each with its own `since`.  A version with neither count nor hours is "no goal from
    then on" (a dropped goal, kept for the weeks it did apply to).  All of it is weeks,
    not moments, so the same edits always write the same file, and a goal stays one
    table keyed by its category, which merges like any other item.
    """

    category: str
    count: int | None = None
    hours: float | None = None
    since: str = ""
    earlier: tuple[Goal, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def active(self) -> bool:
        return self.count is not None or self.hours is not None

    def describe(self) -> str:
        if self.count is not None:
            return f"{self.category} {self.count}×"
        return f"{self.category} {self.hours:g} h"

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = _goal_amount(self)
        if self.since:
            data["since"] = self.since
        if self.earlier:
            data["earlier"] = {v.since or ALWAYS: _goal_amount(v) for v in sorted(self.earlier, key=_since_key)}
        return with_extra(data, self.extra)

    @classmethod
    def from_toml(cls, category: str, raw: Any) -> Goal:
        f = Fields(raw)
        count, hours, since = _goal_fields(f)
        earlier: list[Goal] = []
        raw_earlier = f._get("earlier", False)
        if raw_earlier is not None and not isinstance(raw_earlier, dict):
            f.problems.append(("earlier", "'earlier' must be a table of weeks like [fitness.earlier.2026-W40]"))
        for week, value in (raw_earlier or {}).items():
            ef = Fields(value)
            e_count, e_hours, _ = _goal_fields(ef, dropped_ok=True)
            if week != ALWAYS and _week_problem(week):
                ef.problems.append((None, f"earlier.{week}: {_week_problem(week)}"))
            f.problems.extend(("earlier", m) for _, m in ef.problems)
            earlier.append(cls(category, e_count, e_hours, "" if week == ALWAYS else week))
        if not since and (count, hours) == (None, None) and not f.problems:
            f.problems.append((None, "a goal needs 'count' (times a week) or 'hours'; it has neither"))
        item = cls(category, count, hours, since, tuple(sorted(earlier, key=_since_key)), f.extra())
        f.done()
        return item


ALWAYS = "always"  # the key in [goal.earlier] of a version that applied from the start


def _since_key(goal: Goal) -> str:
    return goal.since  # "2026-W05" sorts by year then week; "" (always) first


def _goal_amount(goal: Goal) -> dict[str, Any]:
    if goal.count is not None:
        return {"count": goal.count}
    return {"hours": goal.hours} if goal.hours is not None else {}


def _week_problem(text: str) -> str:
    """Why `text` is not an ISO week like 2026-W49 ("" when it is one)."""
    if not re.match(r"^\d{4}-W\d{2}\Z", text):
        return f"{text!r} is not a week like 2026-W49"
    try:
        IsoWeek.parse(text)
    except ValueError as exc:
        return str(exc)
    return ""


def _goal_fields(f: Fields, *, dropped_ok: bool = False) -> tuple[int | None, float | None, str]:
    count = f.number("count", 1, 100)
    hours = f.number("hours", 0.25, 168, integer=False)
    since = f.text("since").strip()
    if since and _week_problem(since):
        f.problems.append(("since", f"'since' = {_week_problem(since)}"))
        since = ""
    if count is not None and hours is not None:
        f.problems.append((None, "a goal needs either 'count' (times a week) or 'hours', not both"))
    return (None if count is None else int(count)), hours, since


# Everything a person edits one at a time, and undoes one at a time (weekplan.history).
Item = Activity | SpecialDate | Idea | Goal | WeekNote


SLOT_CHOICES = (5, 10, 15, 20, 30, 60)
# The evening suggest looks for a free one in, where config.toml names none.
DEFAULT_EVENING = (18 * 60, 22 * 60)


class PartnerSettings(Record):
    """Sharing the Together half with a partner (`weekplan partner`).

    `me` is the name this person's ideas, dates and ratings carry; `remote` the git
    remote shared with the partner (empty: nothing is shared); `share_busy` whether
    this person's busy times travel there; `show_busy` whether the partner's show as
    a band on the grid (`B` switches it, and the choice is kept here)."""

    me: str = ""
    remote: str = ""
    share_busy: bool = True
    show_busy: bool = True
    # Settings of [partner] this version does not know, kept for the file (a warning says them).
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def shared(self) -> bool:
        return bool(self.remote)

    def to_toml(self) -> dict[str, Any]:
        data = {"me": self.me, "remote": self.remote, "share_busy": self.share_busy, "show_busy": self.show_busy}
        return with_extra(data, self.extra)

    @classmethod
    def from_toml(cls, raw: Any) -> tuple[PartnerSettings, list[tuple[str | None, str]]]:
        f = Fields(raw)
        me = " ".join(f.text("me").split())
        remote = f.text("remote").strip()
        # On unless the file says false: a missing or wrong value keeps the default.
        share_busy, show_busy = f.flag("share_busy", default=True), f.flag("show_busy", default=True)
        return cls(me, remote, share_busy, show_busy, f.extra()), f.problems


def _evening_problem(start: int | None, end: int | None) -> tuple[str, str] | None:
    """What is wrong with config.toml's evening, either end of which may be left to
    its default: an evening that ends before it starts is said, never set back to the
    default in silence."""
    first = DEFAULT_EVENING[0] if start is None else start
    last = DEFAULT_EVENING[1] if end is None else end
    if last > first or (start is None and end is None):
        return None
    if end is None:
        return "evening_start", f"'evening_start' must be before 'evening_end' ({format_time(last)} when not set)"
    if start is None:
        return "evening_end", f"'evening_end' must be after 'evening_start' ({format_time(first)} when not set)"
    return "evening_end", "'evening_end' must be after 'evening_start'"


# The table a merge writes into any data file for a value changed both ways (both values,
# for the person to choose from): written by weekplan.merge, listed by weekplan.sync_conflicts.
CONFLICTS_TABLE = "conflicts"

# Tables of config.toml kept as written (in `Config.extra`) and read by another module,
# so no unknown setting: [calendars] by weekplan.subscriptions, [conflicts] by the merge.
TABLES_READ_ELSEWHERE = frozenset({"calendars", CONFLICTS_TABLE})

# Where a problem of config.toml is: (table, key, message).
Problem = tuple[tuple[str, ...], str | None, str]


def _unknown_settings(table: tuple[str, ...], unknown: dict[str, Any], known: Iterable[str]) -> list[Problem]:
    """A warning for each setting of `table` this version does not know (a newer
    version's, or a slip of the fingers), with the `known` one it is most like, if any:
    unused, it is kept in the file as written."""
    if not unknown:
        return []
    import difflib  # only a config.toml with an unknown setting needs it

    found: list[Problem] = []
    for name, value in unknown.items():
        tables = isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)
        what = "table" if isinstance(value, dict) else "list of tables" if tables else "setting"
        where = f"[{'.'.join(table)}]" if table else "config.toml"
        like = difflib.get_close_matches(name.lower(), sorted(known), n=1, cutoff=0.7)
        hint = f" (did you mean '{like[0]}'?)" if like else ""
        message = f"{where} has no {what} '{name}'{hint}; it is kept as written and not used"
        # A table is found by its header ([[name]] for a list of them); a setting by its name in its table.
        found.append(((*table, name), None, message) if what != "setting" else (table, name, message))
    return found


def _usable_keys(written: str) -> tuple[list[str], list[str]]:
    """The keys of one [keys] binding by the names the terminal gives them, and why
    each other one cannot be a key."""
    from weekplan.key_names import key_name  # only a config.toml with [keys] needs it

    usable, unusable = [], []
    for one in written.split(","):
        name, problem = key_name(one)
        if problem:
            unusable.append(problem)
        else:
            usable.append(name)
    return usable, unusable


class Config(Record):
    first_weekday: int = 0
    day_start: int = 7 * 60
    day_end: int = 23 * 60
    slot_minutes: int = 30
    novelty_weeks: int = 8
    # As written (a known theme's name in lower case); the planner shows another name's
    # theme only when it knows it, and keeps the name for the file.
    theme: str = "textual-dark"
    # The evening suggest looks for a free one in; None: 18:00–22:00 (together.evening_window).
    evening_start: int | None = None
    evening_end: int | None = None
    # How times and names are shown (weekplan.display): "12h" or "24h", and a language
    # like "de" or "fr_CA"; empty: the locale's.
    clock: str = ""
    language: str = ""
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    # [keys] as written: binding id = "key" or "key1,key2" (keymap() is what binds).
    keys: dict[str, str] = field(default_factory=dict)
    partner: PartnerSettings = PartnerSettings()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def category(self, key: str) -> Category | None:
        for category in self.categories:
            if category.id == key:
                return category
        return None

    def find_category(self, text: str) -> Category:
        """A category by id, name or unique prefix of either; ValueError says why not."""
        wanted = text.strip().lower().lstrip("#")
        exact = [c for c in self.categories if wanted in (c.id.lower(), c.name.lower())]
        if exact:
            return exact[0]
        matches = [c for c in self.categories if c.id.lower().startswith(wanted) or c.name.lower().startswith(wanted)]
        if len(matches) == 1 and wanted:
            return matches[0]
        known = ", ".join(c.id for c in self.categories)
        if matches:
            raise ValueError(f"#{wanted} could be {', '.join(c.id for c in matches)}; say which")
        raise ValueError(f"no category #{wanted}; the categories are {known}")

    def keymap(self) -> dict[str, str]:
        """[keys] as the planner binds them: each key by the name the terminal gives it.
        A binding none of whose keys the terminal sends keeps its own key, as does one
        whose keys another binding holds where both apply (weekplan.key_bindings)."""
        if not self.keys:
            return {}
        from weekplan.key_bindings import settled  # only a config.toml with [keys] needs it

        kept, _warnings = settled({binding: _usable_keys(written)[0] for binding, written in self.keys.items()})
        return {binding: ",".join(usable) for binding, usable in kept.items()}

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "first_weekday": WEEKDAY_NAMES[self.first_weekday],
            "day_start": format_time(self.day_start),
            "day_end": format_time(self.day_end),
            "slot_minutes": self.slot_minutes,
            "novelty_weeks": self.novelty_weeks,
            "theme": self.theme,
        }
        if self.evening_start is not None:
            data["evening_start"] = format_time(self.evening_start)
        if self.evening_end is not None:
            data["evening_end"] = format_time(self.evening_end)
        if self.clock:
            data["clock"] = self.clock
        if self.language:
            data["language"] = self.language
        with_extra(data, {k: v for k, v in self.extra.items() if not isinstance(v, dict)})
        data["categories"] = {c.id: c.to_toml() for c in self.categories}
        data["keys"] = dict(sorted(self.keys.items()))
        if self.partner != PartnerSettings() or self.partner.extra:
            data["partner"] = self.partner.to_toml()
        with_extra(data, {k: v for k, v in self.extra.items() if isinstance(v, dict)})
        return data

    @classmethod
    def from_toml(cls, raw: Any) -> tuple[Config, list[Problem], list[Problem]]:
        """The config, every problem in it and every warning, each as (table, key,
        message).

        A bad value falls back to its default, so the planner still opens; the
        caller reports the problems and keeps the file read-only.  A warning is a
        setting the planner cannot use (a theme or a key it does not know, an evening
        that is not one), written for another version perhaps: the planner leaves it
        unused and the file stays writable, the setting kept as written.
        """
        problems: list[Problem] = []
        warnings: list[Problem] = []
        f = Fields(raw)
        weekday = f.text("first_weekday").lower() or "monday"
        first_weekday = 0
        if weekday in WEEKDAY_NAMES:
            first_weekday = WEEKDAY_NAMES.index(weekday)
        else:
            f.problems.append(("first_weekday", f"'first_weekday' must be a day name like monday, not {weekday!r}"))
        day_start = f.time("day_start", required=False)
        day_end = f.time("day_end", required=False, allow_24=True)
        slot = f.number("slot_minutes", 5, 60)
        novelty = f.number("novelty_weeks", 0, 520)
        theme = f.text("theme").strip() or cls.theme
        if theme != cls.theme:
            from weekplan.theme_names import THEMES  # only a theme chosen needs the list

            if theme.lower() in THEMES:
                theme = theme.lower()
            else:
                message = (
                    f"'theme' must be a theme like textual-dark, nord or gruvbox, not {theme!r}; {cls.theme} is used"
                )
                warnings.append(((), "theme", message))
        evening = Fields(f.raw)
        evening_start = evening.time("evening_start", required=False)
        evening_end = evening.time("evening_end", required=False, allow_24=True)
        f.used.update(evening.used)
        evening_problem = _evening_problem(evening_start, evening_end)
        if evening_problem is not None:
            evening.problems.append(evening_problem)
        kept: dict[str, Any] = {}
        if evening.problems:
            # The default evening is used; the file keeps what it says.
            warnings.extend(((), key, f"{message}; 18:00–22:00 is used") for key, message in evening.problems)
            evening_start = evening_end = None
            kept = {key: f.raw[key] for key in ("evening_start", "evening_end") if key in f.raw}
        clock = f.text("clock").strip().lower()
        if clock and clock not in ("12h", "24h"):
            f.problems.append(("clock", f"'clock' must be 12h or 24h, not {clock!r}"))
            clock = ""
        language = f.text("language").strip()
        if language and not language_pattern().match(language):
            f.problems.append(("language", f"'language' must be a language like de or pt_BR, not {language!r}"))
            language = ""
        elif language:
            from weekplan.language_names import can_show  # only a language chosen needs it

            if not can_show(language):
                message = f"'language' = {language!r} is not a language the planner knows; English names are used"
                warnings.append(((), "language", message))
        config = cls(
            first_weekday=first_weekday,
            day_start=cls.day_start if day_start is None else day_start,
            day_end=cls.day_end if day_end is None else day_end,
            slot_minutes=int(slot) if slot is not None else cls.slot_minutes,
            novelty_weeks=int(novelty) if novelty is not None else cls.novelty_weeks,
            theme=theme,
            evening_start=evening_start,
            evening_end=evening_end,
            clock=clock,
            language=language,
        )
        if config.slot_minutes not in SLOT_CHOICES:
            f.problems.append(("slot_minutes", f"'slot_minutes' must be one of {', '.join(map(str, SLOT_CHOICES))}"))
            config = replace(config, slot_minutes=cls.slot_minutes)
        if config.day_end <= config.day_start:
            f.problems.append(("day_end", "'day_end' must be after 'day_start'"))
            config = replace(config, day_start=cls.day_start, day_end=cls.day_end)
        elif config.day_start % config.slot_minutes or config.day_end % config.slot_minutes:
            f.problems.append(("day_start", "'day_start' and 'day_end' must fall on a slot boundary"))
            config = replace(config, day_start=cls.day_start, day_end=cls.day_end)
        problems.extend(((), key, message) for key, message in f.problems)

        f.used.update({"categories", "keys", "partner"})
        categories = {c.id: c for c in DEFAULT_CATEGORIES}
        raw_categories = f.raw.get("categories", {})
        if not isinstance(raw_categories, dict):
            problems.append(((), "categories", "'categories' must be a table of categories"))
            raw_categories = {}
        for key, value in raw_categories.items():
            cf = Fields(value)
            base = categories.get(key, Category(key, key.capitalize(), "#888888"))
            name = cf.text("name") or base.name
            color = cf.text("color") or base.color
            if not color_pattern().match(color):
                cf.problems.append(("color", f"'color' must look like #3a7bd5, not {color!r}"))
                color = base.color
            together = cf.flag("together") if "together" in cf.raw else base.together
            if not ID_RE.match(key):
                cf.problems.append((None, f"category id {key!r} may only use letters, digits, - and _"))
            problems.extend((("categories", key), k, m) for k, m in cf.problems)
            unknown = cf.extra()
            warnings.extend(_unknown_settings(("categories", key), unknown, base.to_toml()))
            categories[key] = Category(key, name, color, together, unknown)

        keys: dict[str, str] = {}
        raw_keys = f.raw.get("keys", {})
        if not isinstance(raw_keys, dict):
            problems.append(((), "keys", "'keys' must be a table of binding ids and keys"))
            raw_keys = {}
        usable_keys: dict[str, list[str]] = {}
        for key, value in raw_keys.items():
            if not (isinstance(value, str) and value.strip()):
                problems.append((("keys",), key, f"key binding '{key}' must be text like \"ctrl+n\""))
                continue
            keys[key] = value
            usable, unusable = _usable_keys(value)
            usable_keys[key] = usable
            fallback = "" if usable else "; the binding keeps its own key"
            warnings.extend((("keys",), key, f"key binding '{key}': {problem}{fallback}") for problem in unusable)
        if usable_keys:
            from weekplan.key_bindings import settled  # only a config.toml with [keys] needs it

            unbound = settled(usable_keys)[1]
            warnings.extend((("keys",), key, f"key binding '{key}': {message}") for key, message in unbound)
        partner, partner_problems = PartnerSettings.from_toml(f.raw.get("partner", {}))
        problems.extend((("partner",), key, message) for key, message in partner_problems)
        # What the writer writes of [partner] is what the reader knows of it.
        warnings.extend(_unknown_settings(("partner",), partner.extra, PartnerSettings().to_toml()))
        unknown = f.extra()
        not_known = {k: v for k, v in unknown.items() if k not in TABLES_READ_ELSEWHERE}
        warnings.extend(_unknown_settings((), not_known, f.used | TABLES_READ_ELSEWHERE))
        extra = {**kept, **unknown}
        config = replace(config, categories=tuple(categories.values()), keys=keys, partner=partner, extra=extra)
        return config, problems, warnings

    @property
    def own_categories(self) -> tuple[Category, ...]:
        return tuple(c for c in self.categories if not c.together)

    def slot_count(self) -> int:
        return (self.day_end - self.day_start) // self.slot_minutes
