"""The tags of an idea as the idea form shows them: one choice each for cost, energy,
indoor/outdoor and season, and the rest as free text.  Ideas keep a plain list of
tags in ideas.toml; this only splits it for the form and joins it back, losing
nothing (a second tag of one group stays among the free ones).  Plain Python."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from weekplan.model import distinct_tags, tag_key

TAG_GROUPS: dict[str, tuple[str, ...]] = {
    "cost": ("free", "cheap", "pricey"),
    "energy": ("calm", "active"),
    "setting": ("indoor", "outdoor"),
    "season": ("spring", "summer", "autumn", "winter"),
}
GROUP_LABELS = {"cost": "Cost", "energy": "Energy", "setting": "In or out", "season": "Season"}


def split_tags(tags: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """(the chosen word of each group, the other tags in their order)."""
    chosen: dict[str, str] = {}
    other: list[str] = []
    for tag in tags:
        word = tag.strip()
        group = next((g for g, words in TAG_GROUPS.items() if tag_key(word) in words), None)
        if group is not None and group not in chosen:
            chosen[group] = tag_key(word)
        elif word:
            other.append(word)
    return chosen, other


def read_other_tags(text: str) -> list[str]:
    """Free tags typed with commas between them ("near the sea, rainy day")."""
    return [part.strip() for part in text.split(",") if part.strip()]


def join_tags(chosen: Mapping[str, str], other: Iterable[str]) -> tuple[str, ...]:
    """The idea's tags: the chosen words, then the others, each once (model.tag_key)."""
    return distinct_tags([*(chosen[g] for g in TAG_GROUPS if chosen.get(g)), *other])
