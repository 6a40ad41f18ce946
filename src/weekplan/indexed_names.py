"""The names of the files a search index holds, in its order (FileNames): the week
files' held end to end in one string, as every one is as long as the others.  Plain
Python, no Textual."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator

from weekplan.data_places import WEEK_FILE_NAME_LENGTH, week_file_name

WEEKS = "weeks/"  # the start of a week file's name in the index; the others hold dates


class FileNames:
    """The names of an index's files, in its order: the week files first, then the
    others.  A week file's name is one of a few thousand, each as long as every other
    (data_places.WEEK_FILE_NAME_LENGTH): they are held end to end in one string, not as
    a string each.  Given out with their folder ("weeks/2026-W48.toml"), as the others
    are held."""

    __slots__ = ("_weeks", "others", "week_count")

    def __init__(self, weeks: str, others: list[str]) -> None:
        if len(weeks) % WEEK_FILE_NAME_LENGTH:
            raise ValueError("week file names of another length")
        self._weeks = weeks  # the week files' names in weeks/, end to end
        self.others = others  # the other files' names, from the data directory
        self.week_count = len(weeks) // WEEK_FILE_NAME_LENGTH

    @classmethod
    def joined(cls, weeks: list[str], others: list[str]) -> FileNames:
        """These week files' names in weeks/, and the other files'.  Each week file's
        name is checked, not only their total: names of two lengths could add up to a
        multiple of one and be cut in the wrong places."""
        if any(len(name) != WEEK_FILE_NAME_LENGTH for name in weeks):
            raise ValueError("a week file name of another length")
        return cls("".join(weeks), others)

    @classmethod
    def of(cls, names: list[str]) -> FileNames:
        """These names, the week files' first."""
        weeks = sum(1 for name in names if name.startswith(WEEKS))
        return cls.joined([name[len(WEEKS) :] for name in names[:weeks]], names[weeks:])

    @classmethod
    def taken_up(cls, kept: object, files: int) -> FileNames | None:
        """A kept index's names (`kept()` of them), when they are `files` names (as
        many as its columns have files) named as sources() lists them: week files the
        store reads under these very names, in order, then other files each once; None
        when they are not.  The cheap checks come first, the store's rule for each name
        last: a damaged kept index naming millions of files is left aside at once."""
        if not (type(kept) is tuple and len(kept) == 2):
            return None
        weeks, others = kept
        if type(weeks) is not str or len(weeks) % WEEK_FILE_NAME_LENGTH or type(others) is not list:
            return None
        names = cls(weeks, others)
        if len(names) != files:
            return None
        if not all(type(name) is str and not name.startswith(WEEKS) for name in others):
            return None
        if len(set(others)) != len(others):
            return None
        bare = [names.week(at) for at in range(names.week_count)]
        if any(a >= b for a, b in itertools.pairwise(bare)):  # out of order, or twice
            return None
        return names if all(week_file_name(name) for name in bare) else None

    def kept(self) -> tuple[str, list[str]]:
        """What the kept index holds of them (taken_up)."""
        return self._weeks, self.others

    def week(self, at: int) -> str:
        """The name in weeks/ of the `at`th week file."""
        return self._weeks[at * WEEK_FILE_NAME_LENGTH : (at + 1) * WEEK_FILE_NAME_LENGTH]

    def names_week(self, at: int, name: str) -> bool:
        """Whether the `at`th week file is `name` in weeks/, without making its name."""
        return len(name) == WEEK_FILE_NAME_LENGTH and self._weeks.startswith(name, at * WEEK_FILE_NAME_LENGTH)

    def position(self, name: str) -> int | None:
        """Where a file is among them, None when it is not: a week file's found by
        halves, as they are in order, making a few names and not every one."""
        if not name.startswith(WEEKS):
            return self.week_count + self.others.index(name) if name in self.others else None
        bare = name[len(WEEKS) :]
        at = bisect.bisect_left(range(self.week_count), bare, key=self.week)
        return at if at < self.week_count and self.names_week(at, bare) else None

    def __len__(self) -> int:
        return self.week_count + len(self.others)

    def __getitem__(self, at: int) -> str:
        if 0 <= at < self.week_count:
            return WEEKS + self.week(at)
        if at < 0:
            raise IndexError(at)
        return self.others[at - self.week_count]

    def __iter__(self) -> Iterator[str]:
        for at in range(self.week_count):
            yield WEEKS + self.week(at)
        yield from self.others

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileNames):
            return NotImplemented
        return self._weeks == other._weeks and self.others == other.others

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FileNames({list(self)!r})"
