"""The ids an export has sent out so far, in the memory of their hashes: a hundred
years of activities are a hundred thousand ids, too many to keep as text while the
memory of an export stays that of one week."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from heapq import merge

_BATCH = 4096  # ids kept as they come before they join the sorted hashes


class SentIds:
    """A set of ids that only grows: the newest as text, the rest as the sorted 64-bit
    hashes of their text.  Two ids whose hashes are equal are taken for one."""

    def __init__(self, batch: int = _BATCH) -> None:
        self._batch = batch
        self._recent: set[str] = set()
        self._hashes = array("q")

    def __contains__(self, ident: str) -> bool:
        if ident in self._recent:
            return True
        key = hash(ident)
        return _at(self._hashes, key) == key

    def isdisjoint(self, idents: Iterable[str]) -> bool:
        if not self._recent.isdisjoint(idents):
            return False
        hashes = self._hashes
        end = len(hashes)
        for ident in idents:  # a loop, not a call for each: an export asks of every id
            key = hash(ident)
            at = bisect_left(hashes, key)
            if at < end and hashes[at] == key:
                return False
        return True

    def add(self, ident: str) -> None:
        self.update((ident,))

    def update(self, idents: Iterable[str]) -> None:
        self._recent.update(idents)
        if len(self._recent) >= self._batch:
            self._hashes = array("q", merge(self._hashes, sorted(map(hash, self._recent))))
            self._recent = set()


def _at(hashes: array[int], key: int) -> int | None:
    """The hash at or after `key` in the sorted hashes (none past the end)."""
    at = bisect_left(hashes, key)
    return hashes[at] if at < len(hashes) else None
