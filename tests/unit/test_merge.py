"""The merge driver's rules, one file at a time, without git."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

from weekplan.item_merge import CONFLICT_OF, OTHER_MACHINE_SUFFIX
from weekplan.merge import MergeInputError, conflicts_in, kind_for, merge_files
from weekplan.model import Activity, Goal, Idea, SpecialDate
from weekplan.store import ACTIVITIES, DATES, GOALS, IDEAS, Collection, read_collection, render_collection

WEEK = "weeks/2026-W48.toml"


def act(item_id: str, title: str = "climbing", **changes: object) -> Activity:
    fields: dict[str, object] = {
        "date": date(2026, 11, 27),
        "start": 19 * 60,
        "end": 21 * 60,
        "title": title,
        "category": "friends",
    }
    fields.update(changes)
    return Activity(item_id, **fields)  # type: ignore[arg-type]


def week_file(*activities: Activity, note: str | None = None) -> bytes:
    collection: Collection[Activity] = Collection(Path(WEEK), items={a.id: a for a in activities})
    if note is not None:
        collection.other["review"] = {"note": note}
    return render_collection(collection, ACTIVITIES)


def read_week(data: bytes, tmp_path: Path) -> Collection[Activity]:
    path = tmp_path / "weeks" / "2026-W48.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return read_collection(path, ACTIVITIES)


def test_added_on_both_sides_keeps_both(tmp_path: Path) -> None:
    base = week_file(act("aaaaaaaaaaaa"))
    ours = week_file(act("aaaaaaaaaaaa"), act("bbbbbbbbbbbb", "run"))
    theirs = week_file(act("aaaaaaaaaaaa"), act("cccccccccccc", "swim"))
    result = merge_files(base, ours, theirs, WEEK)
    merged = read_week(result.data, tmp_path)
    assert sorted(merged.items) == ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"]
    assert result.conflicts == []
    # Exactly the bytes the store writes for these items.
    assert result.data == week_file(act("aaaaaaaaaaaa"), act("bbbbbbbbbbbb", "run"), act("cccccccccccc", "swim"))


def test_edit_on_one_side_is_taken() -> None:
    base = week_file(act("aaaaaaaaaaaa"))
    ours = week_file(act("aaaaaaaaaaaa"))
    theirs = week_file(act("aaaaaaaaaaaa", done=True))
    assert merge_files(base, ours, theirs, WEEK).data == theirs
    assert merge_files(base, theirs, ours, WEEK).data == theirs


def test_different_fields_edited_on_both_sides_keeps_both_edits() -> None:
    base = week_file(act("aaaaaaaaaaaa"))
    ours = week_file(act("aaaaaaaaaaaa", "bouldering"))
    theirs = week_file(act("aaaaaaaaaaaa", done=True, notes="bring chalk"))
    result = merge_files(base, ours, theirs, WEEK)
    assert result.conflicts == []
    assert result.data == week_file(act("aaaaaaaaaaaa", "bouldering", done=True, notes="bring chalk"))


def test_deleted_on_one_side_and_edited_on_the_other_keeps_the_edit() -> None:
    base = week_file(act("aaaaaaaaaaaa"), act("bbbbbbbbbbbb", "run"))
    ours = week_file(act("bbbbbbbbbbbb", "run"))
    theirs = week_file(act("aaaaaaaaaaaa", "climbing with Sam"), act("bbbbbbbbbbbb", "run"))
    assert merge_files(base, ours, theirs, WEEK).data == theirs
    assert merge_files(base, theirs, ours, WEEK).data == theirs


def test_deleted_on_one_side_and_untouched_on_the_other_is_deleted() -> None:
    base = week_file(act("aaaaaaaaaaaa"), act("bbbbbbbbbbbb", "run"))
    ours = week_file(act("bbbbbbbbbbbb", "run"))
    assert merge_files(base, ours, base, WEEK).data == ours
    assert merge_files(base, base, ours, WEEK).data == ours


def test_same_field_changed_two_ways_keeps_both_versions(tmp_path: Path) -> None:
    base = week_file(act("aaaaaaaaaaaa"))
    ours = week_file(act("aaaaaaaaaaaa", "bouldering", notes="mine"))
    theirs = week_file(act("aaaaaaaaaaaa", "climbing gym", done=True))
    result = merge_files(base, ours, theirs, WEEK)
    merged = read_week(result.data, tmp_path)
    assert merged.errors == []
    assert len(merged.items) == 2
    mine = merged.items["aaaaaaaaaaaa"]
    # This machine's version, with the other machine's edit that did not clash.
    assert (mine.title, mine.notes, mine.done) == ("bouldering", "mine", True)
    (copy_id,) = set(merged.items) - {"aaaaaaaaaaaa"}
    other = merged.items[copy_id]
    assert other.title == "climbing gym" + OTHER_MACHINE_SUFFIX
    assert (other.notes, other.done) == ("mine", True)
    assert other.extra[CONFLICT_OF] == "aaaaaaaaaaaa"
    assert [c.copy_id for c in result.conflicts] == [copy_id]
    # The same merge gives the same bytes (the copy's id does not depend on chance).
    assert merge_files(base, ours, theirs, WEEK).data == result.data


def test_conflicting_ratings_of_a_date_keep_both(tmp_path: Path) -> None:
    def dates_file(*dates: SpecialDate) -> bytes:
        return render_collection(Collection(Path("dates.toml"), items={d.id: d for d in dates}), DATES)

    planned = SpecialDate("dddddddddddd", date(2026, 11, 28), "picnic", status="done")
    base = dates_file(planned)
    ours = dates_file(SpecialDate("dddddddddddd", date(2026, 11, 28), "picnic", status="done", rating=5))
    theirs = dates_file(SpecialDate("dddddddddddd", date(2026, 11, 28), "picnic", status="done", rating=3))
    result = merge_files(base, ours, theirs, "dates.toml")
    path = tmp_path / "dates.toml"
    path.write_bytes(result.data)
    merged = read_collection(path, DATES)
    assert merged.errors == []
    assert sorted(d.rating for d in merged.items.values()) == [3, 5]
    assert merged.items["dddddddddddd"].rating == 5
    notes = conflicts_in(path, tomllib.loads(result.data.decode()))
    assert len(notes) == 1 and "picnic" in notes[0].message


def test_a_goal_conflict_keeps_this_machines_value_and_records_the_other(tmp_path: Path) -> None:
    def goals_file(*goals: Goal) -> bytes:
        return render_collection(Collection(Path("goals.toml"), items={g.category: g for g in goals}), GOALS)

    base = goals_file(Goal("fitness", count=2))
    result = merge_files(base, goals_file(Goal("fitness", count=3)), goals_file(Goal("fitness", count=4)), "goals.toml")
    path = tmp_path / "goals.toml"
    path.write_bytes(result.data)
    merged = read_collection(path, GOALS)
    assert merged.errors == []
    assert merged.items["fitness"].count == 3
    assert merged.other["conflicts"] == {"goals.fitness.count": {"kept": 3, "other": 4}}
    assert [n.where for n in conflicts_in(path, tomllib.loads(result.data.decode()))] == ["goals.fitness.count"]


def test_review_notes_written_on_both_machines_keep_both(tmp_path: Path) -> None:
    base = week_file(act("aaaaaaaaaaaa"))
    ours = week_file(act("aaaaaaaaaaaa"), note="a good week")
    theirs = week_file(act("aaaaaaaaaaaa", done=True), note="tired but happy")
    result = merge_files(base, ours, theirs, WEEK)
    merged = read_week(result.data, tmp_path)
    assert merged.errors == []
    assert merged.other["review"] == {"note": "a good week"}
    assert merged.other["conflicts"]["review.note"] == {"kept": "a good week", "other": "tired but happy"}
    assert merged.items["aaaaaaaaaaaa"].done is True


def test_hand_written_spelling_is_not_an_edit() -> None:
    """A hand edit that writes the same values differently must not clash with a real edit."""
    base = week_file(act("aaaaaaaaaaaa"))
    hand = (
        b"# my week\n"
        b'activities.aaaaaaaaaaaa = { title = "climbing", category = "friends", date = 2026-11-27, '
        b'start = "19:00", end = "21:00" }\n'
    )
    theirs = week_file(act("aaaaaaaaaaaa", "bouldering"))
    result = merge_files(base, hand, theirs, WEEK)
    assert result.conflicts == []
    assert result.data == theirs


def test_clean_field_merge_that_makes_an_invalid_item_keeps_both_versions(tmp_path: Path) -> None:
    # Ours moves the end earlier, theirs moves the start later, past that end.
    base = week_file(act("aaaaaaaaaaaa", start=18 * 60, end=21 * 60))
    ours = week_file(act("aaaaaaaaaaaa", start=18 * 60, end=19 * 60))
    theirs = week_file(act("aaaaaaaaaaaa", start=20 * 60, end=21 * 60))
    result = merge_files(base, ours, theirs, WEEK)
    merged = read_week(result.data, tmp_path)
    assert merged.errors == []
    spans = sorted((a.start, a.end) for a in merged.items.values())
    assert spans == [(18 * 60, 19 * 60), (20 * 60, 21 * 60)]
    assert len(result.conflicts) == 1


def test_ideas_tags_and_unknown_fields_merge_per_field() -> None:
    def ideas_file(*ideas: Idea) -> bytes:
        return render_collection(Collection(Path("ideas.toml"), items={i.id: i for i in ideas}), IDEAS)

    base = ideas_file(Idea("iiiiiiiiiiii", "museum", "place"))
    ours = ideas_file(Idea("iiiiiiiiiiii", "museum", "place", notes="Sundays free", extra={"url": "https://x"}))
    theirs = ideas_file(Idea("iiiiiiiiiiii", "art museum", "place", tags=("indoor",)))
    result = merge_files(base, ours, theirs, "ideas.toml")
    assert result.conflicts == []
    expected = ideas_file(
        Idea("iiiiiiiiiiii", "art museum", "place", ("indoor",), "Sundays free", extra={"url": "https://x"})
    )
    assert result.data == expected


def test_unknown_files_merge_key_by_key() -> None:
    base = b'[plants]\nfern = "water weekly"\n'
    ours = b'[plants]\nfern = "water weekly"\ncactus = "rarely"\n'
    theirs = b'[plants]\nfern = "water twice a week"\n'
    result = merge_files(base, ours, theirs, "garden.toml")
    assert tomllib.loads(result.data.decode()) == {"plants": {"fern": "water twice a week", "cactus": "rarely"}}
    assert result.conflicts == []


def test_config_conflicts_are_recorded_and_the_store_still_reads_it(tmp_path: Path) -> None:
    from weekplan.model import Config
    from weekplan.store import Store
    from weekplan.tomlfile import dumps

    base = dumps(Config().to_toml())
    ours = base.replace(b'theme = "textual-dark"', b'theme = "nord"')
    theirs = base.replace(b'theme = "textual-dark"', b'theme = "gruvbox"').replace(
        b"slot_minutes = 30", b"slot_minutes = 15"
    )
    result = merge_files(base, ours, theirs, "config.toml")
    (tmp_path / "config.toml").write_bytes(result.data)
    store = Store(tmp_path)
    assert store.config_errors == []
    assert (store.config.theme, store.config.slot_minutes) == ("nord", 15)
    assert store.check() == []


@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_an_unreadable_version_is_refused(side: str) -> None:
    good = week_file(act("aaaaaaaaaaaa"))
    bad = b"<<<<<<< HEAD\n" + good + b"=======\n>>>>>>> other\n"
    versions = {"ours": good, "theirs": good, side: bad}
    with pytest.raises(MergeInputError, match=r"2026-W48\.toml:1:1"):
        merge_files(good, versions["ours"], versions["theirs"], WEEK)


def test_an_unreadable_ancestor_loses_nothing() -> None:
    ours = week_file(act("aaaaaaaaaaaa"))
    theirs = week_file(act("bbbbbbbbbbbb", "run"))
    result = merge_files(b"not = [valid", ours, theirs, WEEK)
    assert result.data == week_file(act("aaaaaaaaaaaa"), act("bbbbbbbbbbbb", "run"))


def test_kinds_follow_the_file_layout() -> None:
    assert kind_for("weeks/2026-W48.toml") is ACTIVITIES
    assert kind_for("dates.toml") is DATES
    assert kind_for("goals.toml") is GOALS
    assert kind_for("weeks/notes.toml") is None
    assert kind_for("config.toml") is None


@pytest.mark.parametrize(
    "relpath",
    ["weeks/2026-W54.toml", "weeks/1850-W01.toml", "weeks/2026-W00.toml", "dates/1850.toml", "dates/5000.toml"],
)
def test_a_file_the_planner_does_not_read_by_its_name_is_merged_keeping_both_sides(relpath: str) -> None:
    # The names are decided in one place (data_places); git may still hand such a file
    # to the driver (committed by hand), and nothing of either side may be lost.
    assert kind_for(relpath) is None
    base = b'[things.a]\ntitle = "one"\n'
    ours = b'[things.a]\ntitle = "mine"\n\n[things.b]\ntitle = "added here"\n'
    theirs = b'[things.a]\ntitle = "theirs"\n\n[things.c]\ntitle = "added there"\n'
    merged = tomllib.loads(merge_files(base, ours, theirs, relpath).data.decode())
    assert merged["things"]["b"] == {"title": "added here"} and merged["things"]["c"] == {"title": "added there"}
    assert "mine" in str(merged) and "theirs" in str(merged)  # the conflict keeps both values
    assert kind_for("weeks/3000-W01.toml") is ACTIVITIES and kind_for("dates/2999.toml") is DATES


def test_the_merge_driver_runs_this_checkouts_code(tmp_path: Path) -> None:
    import weekplan

    # As git runs it: from inside a repository, not from where the tests started.
    here = subprocess.run(
        [sys.executable, "-c", "import weekplan; print(weekplan.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(here.stdout.strip()).resolve() == Path(weekplan.__file__).resolve()


def test_merge_driver_command_writes_the_result_into_ours(tmp_path: Path) -> None:
    base, ours, theirs = tmp_path / "O", tmp_path / "A", tmp_path / "B"
    base.write_bytes(week_file(act("aaaaaaaaaaaa")))
    ours.write_bytes(week_file(act("aaaaaaaaaaaa", "bouldering")))
    theirs.write_bytes(week_file(act("aaaaaaaaaaaa", "climbing gym")))
    command = [sys.executable, "-m", "weekplan", "merge-driver", str(base), str(ours), str(theirs), WEEK]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    titles = sorted(a.title for a in read_week(ours.read_bytes(), tmp_path).items.values())
    assert titles == ["bouldering", "climbing gym" + OTHER_MACHINE_SUFFIX]
    assert "both versions kept" in done.stderr

    theirs.write_bytes(b"title = \n")
    before = ours.read_bytes()
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 1
    assert "other machine's version" in done.stderr and "Traceback" not in done.stderr
    assert ours.read_bytes() == before


def test_a_merge_that_would_be_too_large_to_read_is_left_to_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each side's week is readable, but both sides' items together would be past the
    size weekplan reads: the driver writes nothing and leaves the conflict to git."""
    import argparse

    from weekplan import tomlfile
    from weekplan.cli_sync import cmd_merge_driver

    base, ours, theirs = tmp_path / "O", tmp_path / "A", tmp_path / "B"
    base.write_bytes(week_file(act("aaaaaaaaaaaa")))
    ours.write_bytes(week_file(act("aaaaaaaaaaaa"), *(act(f"ours{n:08d}") for n in range(40))))
    theirs.write_bytes(week_file(act("aaaaaaaaaaaa"), *(act(f"them{n:08d}") for n in range(40))))
    merged = merge_files(base.read_bytes(), ours.read_bytes(), theirs.read_bytes(), WEEK).data
    sides = max(len(ours.read_bytes()), len(theirs.read_bytes()))
    assert len(merged) > sides + 1000
    monkeypatch.setattr(tomlfile, "MAX_FILE_BYTES", sides + 500)
    before = ours.read_bytes()
    args = argparse.Namespace(base=str(base), ours=str(ours), theirs=str(theirs), path=WEEK)

    assert cmd_merge_driver(args) == 1

    err = capsys.readouterr().err
    assert f"weekplan merge-driver: {WEEK}: merged, it would be " in err
    assert "weekplan reads; not merged" in err
    assert ours.read_bytes() == before
    monkeypatch.setattr(tomlfile, "MAX_FILE_BYTES", len(merged))
    assert cmd_merge_driver(args) == 0
    assert ours.read_bytes() == merged


def test_routines_merge_item_by_item_with_their_exceptions(tmp_path: Path) -> None:
    from weekplan.store import ROUTINES

    assert kind_for("routines.toml") is ROUTINES
    base = (
        b'[routines.rrrrrrrrrrrr]\ntitle = "gym"\ncategory = "fitness"\ndays = ["monday", "wednesday"]\n'
        b'start = "07:00"\nend = "08:00"\nfirst = 2026-11-02\ninterval = 1\n'
    )
    ours = base + b"\n[routines.rrrrrrrrrrrr.exceptions.2026-11-23]\nremoved = true\n"
    theirs = base.replace(b'end = "08:00"', b'end = "08:30"') + (
        b'\n[routines.rrrrrrrrrrrr.exceptions.2026-11-25]\ntitle = "gym with Alex"\n'
    )
    result = merge_files(base, ours, theirs, "routines.toml")
    assert result.conflicts == []
    path = tmp_path / "routines.toml"
    path.write_bytes(result.data)
    merged = read_collection(path, ROUTINES)
    assert merged.errors == []
    routine = merged.items["rrrrrrrrrrrr"]
    assert routine.end == 8 * 60 + 30
    assert sorted(day.isoformat() for day in routine.exceptions) == ["2026-11-23", "2026-11-25"]
    # The store's own bytes for the merged routine.
    assert result.data == render_collection(merged, ROUTINES)


def _weekplan_imports(module: str) -> set[str]:
    """Every weekplan module that `module` imports, at the top or inside a function."""
    import ast
    import importlib.util

    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("weekplan"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("weekplan"))
    return found


def test_value_merging_stands_apart_from_the_file_driver_so_there_is_no_cycle() -> None:
    # The store merges values when another program changed a file; the driver merges
    # whole files and needs the store's kinds. Neither may need the other both ways.
    assert "weekplan.merge" not in _weekplan_imports("weekplan.store")
    assert not {
        m for m in _weekplan_imports("weekplan.value_merge") if m.startswith(("weekplan.store", "weekplan.merge"))
    }
    assert "weekplan.store" in _weekplan_imports("weekplan.merge")


def ideas_file(*ideas: Idea) -> bytes:
    return render_collection(Collection(Path("ideas.toml"), items={i.id: i for i in ideas}), IDEAS)


def merged_tags(base: tuple[str, ...], ours: tuple[str, ...], theirs: tuple[str, ...]) -> list[str]:
    def version(tags: tuple[str, ...]) -> bytes:
        return ideas_file(Idea("iiiiiiiiiiii", "museum", "place", tags))

    result = merge_files(version(base), version(ours), version(theirs), "ideas.toml")
    assert result.conflicts == []
    (idea,) = tomllib.loads(result.data.decode())["ideas"].values()
    return idea.get("tags", [])


def test_tags_added_on_both_machines_are_all_kept() -> None:
    assert merged_tags(("cheap",), ("cheap", "outdoor"), ("cheap", "rainy day")) == ["cheap", "outdoor", "rainy day"]


def test_a_tag_removed_on_one_machine_stays_removed_beside_one_added_on_the_other() -> None:
    assert merged_tags(("cheap", "outdoor"), ("cheap",), ("cheap", "outdoor", "summer")) == ["cheap", "summer"]
    assert merged_tags(("cheap", "outdoor"), ("cheap", "outdoor", "summer"), ("cheap",)) == ["cheap", "summer"]


def test_every_tag_removed_on_one_machine_leaves_only_what_the_other_added() -> None:
    assert merged_tags(("cheap",), (), ("cheap", "summer")) == ["summer"]
    assert merged_tags(("cheap",), (), ("cheap",)) == []


def test_a_tag_added_on_both_machines_in_two_cases_is_one_tag_spelt_as_here() -> None:
    # "#Friends" on one machine, "#friends" on the other: the planner takes them as one
    # tag (model.tag_key), so a merge must not keep both.
    assert merged_tags((), ("Friends", "cheap"), ("friends",)) == ["Friends", "cheap"]
    assert merged_tags(("cheap",), ("cheap", "friends"), ("FRIENDS", "cheap")) == ["cheap", "friends"]


def test_a_tag_spelt_anew_on_one_machine_keeps_the_new_spelling() -> None:
    # The machine that changed only the case made an edit; the other kept the old one.
    assert merged_tags(("friends",), ("friends", "cheap"), ("Friends",)) == ["Friends", "cheap"]
    assert merged_tags(("friends",), ("Friends",), ("friends", "cheap")) == ["Friends", "cheap"]
    assert merged_tags(("friends",), ("Friends",), ("FRIENDS",)) == ["Friends"]  # both anew: this machine's


def test_a_tag_spelt_anew_on_one_machine_outlives_its_removal_on_the_other() -> None:
    # A new spelling is an edit, and an edit wins over a removal, as it would were the
    # two spellings two tags.
    assert merged_tags(("friends", "cheap"), ("cheap",), ("Friends", "cheap")) == ["Friends", "cheap"]
    assert merged_tags(("friends", "cheap"), ("Friends", "cheap"), ("cheap",)) == ["Friends", "cheap"]
    assert merged_tags(("friends", "cheap"), ("friends",), ("cheap",)) == []  # kept as it was: removed


def test_the_merge_driver_keeps_one_tag_of_two_cases(tmp_path: Path) -> None:
    base, ours, theirs = tmp_path / "O", tmp_path / "A", tmp_path / "B"
    base.write_bytes(ideas_file(Idea("iiiiiiiiiiii", "museum", "place", ("cheap",))))
    ours.write_bytes(ideas_file(Idea("iiiiiiiiiiii", "museum", "place", ("cheap", "Rainy day"))))
    theirs.write_bytes(ideas_file(Idea("iiiiiiiiiiii", "museum", "place", ("rainy day ", "cheap"))))
    command = [sys.executable, "-m", "weekplan", "merge-driver", str(base), str(ours), str(theirs), "ideas.toml"]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (idea,) = tomllib.loads(ours.read_text("utf-8"))["ideas"].values()
    assert idea["tags"] == ["Rainy day", "cheap"]


def test_tags_changed_beside_a_title_conflict_are_merged_in_both_versions(tmp_path: Path) -> None:
    base = ideas_file(Idea("iiiiiiiiiiii", "museum", "place", ("cheap",)))
    ours = ideas_file(Idea("iiiiiiiiiiii", "art museum", "place", ("cheap", "indoor")))
    theirs = ideas_file(Idea("iiiiiiiiiiii", "history museum", "place", ("rainy day",)))
    result = merge_files(base, ours, theirs, "ideas.toml")
    path = tmp_path / "ideas.toml"
    path.write_bytes(result.data)
    merged = read_collection(path, IDEAS)
    assert [c.where for c in result.conflicts] == ["ideas.iiiiiiiiiiii"]
    assert {i.title: i.tags for i in merged.items.values()} == {
        "art museum": ("indoor", "rainy day"),
        "history museum" + OTHER_MACHINE_SUFFIX: ("indoor", "rainy day"),
    }


def routines_file(days: str) -> bytes:
    return (
        f'[routines.rrrrrrrrrrrr]\ntitle = "gym"\ncategory = "fitness"\ndays = [{days}]\n'
        'start = "07:00"\nend = "08:00"\nfirst = 2026-11-02\ninterval = 1\n'
    ).encode()


def test_days_of_a_routine_added_on_both_machines_are_all_kept(tmp_path: Path) -> None:
    from weekplan.store import ROUTINES

    base = routines_file('"monday", "wednesday"')
    ours = routines_file('"monday", "wednesday", "friday"')
    theirs = routines_file('"monday", "tuesday"')
    result = merge_files(base, ours, theirs, "routines.toml")
    assert result.conflicts == []
    path = tmp_path / "routines.toml"
    path.write_bytes(result.data)
    assert read_collection(path, ROUTINES).items["rrrrrrrrrrrr"].days == (0, 1, 4)


def test_days_removed_both_ways_down_to_none_keep_both_versions(tmp_path: Path) -> None:
    from weekplan.store import ROUTINES

    result = merge_files(
        routines_file('"monday", "wednesday"'), routines_file('"monday"'), routines_file('"wednesday"'), "routines.toml"
    )
    path = tmp_path / "routines.toml"
    path.write_bytes(result.data)
    merged = read_collection(path, ROUTINES)
    assert merged.errors == []
    assert sorted(r.days for r in merged.items.values()) == [(0,), (2,)]
    assert len(result.conflicts) == 1


@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_an_item_that_does_not_read_added_on_one_side_is_kept_as_it_was(tmp_path: Path, side: str) -> None:
    # Pushed by hand from another machine, or written by hand here: not the store's to fix.
    odd = b'[activities.aaaaaaaaaaaa]\ndate = 2026-11-27\nstart = "21:00"\nend = "19:00"\ntitle = "x"\n'
    ours, theirs = (odd, b"") if side == "ours" else (b"", odd)
    result = merge_files(b"", ours, theirs, WEEK)
    assert result.conflicts == []
    assert tomllib.loads(result.data.decode()) == tomllib.loads(odd.decode())
    merged = read_week(result.data, tmp_path)
    assert merged.items == {} and len(merged.errors) == 1  # reported with its place, as any such file


def test_busy_times_are_taken_whole_from_the_side_that_wrote_them() -> None:
    from weekplan.partner_busy import BusyTime, render_busy

    def busy(*days: int) -> bytes:
        times = [BusyTime(date(2026, 11, day), 18 * 60, 19 * 60) for day in days]
        return render_busy("Alex", date(2026, 11, 23), date(2027, 1, 17), times)

    base, here, there = busy(24), busy(24, 25), busy(26)
    for relpath in ("busy/Alex.toml", "busy/Zo%C3%AB.toml"):
        for own in (relpath, "busy/Sam.toml"):
            assert merge_files(base, base, there, relpath, own).data == there  # the partner's, or another machine's
            assert merge_files(base, here, base, relpath, own).data == here
        # Both machines of one person wrote their own: this one's, written just now, and no [conflicts].
        assert merge_files(base, here, there, relpath, relpath).data == here
        # Someone else's, changed on both sides (a history started afresh): the side it came from.
        assert merge_files(base, here, there, relpath, "busy/Sam.toml").data == there
    # Anything else in the shared repository is still merged item by item.
    assert b"[conflicts" in merge_files(base, here, there, "notes/busy.toml").data
