"""Many files written at once (an import's weeks): all of them or none, and nothing
left behind when one cannot be written."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from weekplan import atomic_files, parse_cache
from weekplan.atomic_files import WriteProtectedError, atomic_write_many
from weekplan.model import Activity
from weekplan.store import Store
from weekplan.weeks import IsoWeek, parse_time


def files(folder: Path, count: int) -> list[tuple[Path, bytes]]:
    return [(folder / f"f{n}.toml", f"n = {n}\n".encode()) for n in range(count)]


def test_every_file_is_written_and_nothing_else(tmp_path: Path) -> None:
    wanted = files(tmp_path, 40)
    atomic_write_many(wanted)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {p.name: d for p, d in wanted}


def test_a_refused_file_means_none_is_written(tmp_path: Path) -> None:
    wanted = files(tmp_path, 10)
    protected = wanted[7][0]
    protected.write_bytes(b"kept\n")
    protected.chmod(0o444)
    with pytest.raises(WriteProtectedError):
        atomic_write_many(wanted)
    assert sorted(os.listdir(tmp_path)) == [protected.name]
    assert protected.read_bytes() == b"kept\n"


def test_a_file_that_fails_to_write_changes_none_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wanted = files(tmp_path, 10)
    for path, _ in wanted:
        path.write_bytes(b"old\n")
    real = atomic_files._written_aside

    def disk_full_on_the_fifth(path: Path, existing: os.stat_result | None, fill):  # type: ignore[no-untyped-def]
        if path.name == "f4.toml":
            raise OSError(28, "No space left on device")
        return real(path, existing, fill)

    monkeypatch.setattr(atomic_files, "_written_aside", disk_full_on_the_fifth)
    with pytest.raises(OSError, match="No space"):
        atomic_write_many(wanted)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {p.name: b"old\n" for p, _ in wanted}


def test_adding_activities_over_many_weeks_stores_every_one(store: Store) -> None:
    monday = date(2026, 1, 5)
    activities = [
        Activity(
            f"a{n}", IsoWeek.of(monday).shift(n // 2).monday, parse_time("09:00"), parse_time("10:00"), "run", "fitness"
        )
        for n in range(60)
    ]
    store.add_activities(activities)
    fresh = Store(store.root)
    assert sorted(a.id for a in fresh.all_activities()) == sorted(a.id for a in activities)
    assert len(list(fresh.week_files())) == 30
    assert not [p for p in fresh.weeks_dir.iterdir() if p.name.endswith(".tmp")]


def test_what_the_store_writes_is_kept_parsed_exactly_as_tomllib_reads_it(store: Store) -> None:
    """The parse cache keeps a written file's document instead of parsing it later:
    it must be what tomllib makes of the bytes, whatever the text, tags or numbers."""
    import tomllib

    from hostile_text import HOSTILE
    from weekplan.model import Goal, Idea, SpecialDate
    from weekplan.routines import OccurrenceChange, Routine

    monday = date(2026, 11, 23)
    texts = [*HOSTILE.values(), 'quote " back \\ slash', "tab\tand\r\nends", "ünïcödé 😀", ""]
    store.add_activities(
        [
            Activity(f"h{n}", monday, parse_time("09:00"), parse_time("10:00"), text or "x", "fitness", notes=text)
            for n, text in enumerate(texts)
        ]
    )
    store.put_idea(Idea("i1", "lake", "place", ("quiet", "summer"), 'bring "towels"'))
    store.put_goal(Goal("fitness", 3, 2.5, monday))
    store.put_date(SpecialDate("d1", monday, texts[0], parse_time("19:00"), parse_time("21:00"), place=texts[1]))
    routine = Routine("r1", "gym", "fitness", (0, 2), parse_time("07:00"), parse_time("08:00"), monday)
    store.put_routine(routine.with_exception(monday, OccurrenceChange(title=texts[2], done=True)))
    written = [p for p in store.root.rglob("*.toml") if p.name != "config.toml"]
    assert len(written) >= 5
    for path in written:
        data = path.read_bytes()
        assert parse_cache.cached(path, data) == tomllib.loads(data.decode()), path
