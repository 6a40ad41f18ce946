"""Two planners (two Stores, or two processes) on one data directory lose no edit, and
nothing older is ever written over a newer file."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from weekplan.model import Activity, Config, Goal, Idea, SpecialDate, new_id
from weekplan.record import replace
from weekplan.store import ReadOnlyError, StaleEditError, Store
from weekplan.weeks import IsoWeek

W48 = IsoWeek(2026, 48)


def activity(title: str, day: int = 27, start: int = 19 * 60) -> Activity:
    return Activity(new_id(), date(2026, 11, day), start, start + 60, title, "friends")


def test_two_stores_add_to_the_same_week_and_both_additions_stay(private_data_dir: Path) -> None:
    first, second = Store.open(private_data_dir), Store.open(private_data_dir)
    climbing, run = activity("climbing"), activity("run", 28)
    assert first.week(W48).items == {} and second.week(W48).items == {}  # both have read the week
    first.put_activity(climbing)
    second.put_activity(run)  # the second store's copy is stale: it must read the file again
    first.put_activity(replace(climbing, notes="bring chalk"))

    fresh = Store(private_data_dir)
    assert {a.title for a in fresh.week(W48).items.values()} == {"climbing", "run"}
    assert fresh.week(W48).items[climbing.id].notes == "bring chalk"


def test_two_stores_edit_different_fields_of_one_activity(private_data_dir: Path) -> None:
    first, second = Store.open(private_data_dir), Store.open(private_data_dir)
    climbing = activity("climbing")
    first.put_activity(climbing)
    shown_first = first.week(W48).items[climbing.id]
    shown_second = second.week(W48).items[climbing.id]

    first.put_activity(replace(shown_first, title="bouldering"))
    # The second planner still shows the old title and marks the activity done: the
    # title from the first must survive, because only `done` was changed here.
    second.put_activity(replace(shown_second, done=True))

    merged = Store(private_data_dir).week(W48).items[climbing.id]
    assert (merged.title, merged.done) == ("bouldering", True)
    # And the second store now shows what is on disk.
    assert second.week(W48).items[climbing.id].title == "bouldering"


def test_the_same_field_changed_in_two_stores_is_refused_not_overwritten(private_data_dir: Path) -> None:
    first, second = Store.open(private_data_dir), Store.open(private_data_dir)
    climbing = activity("climbing")
    first.put_activity(climbing)
    second.week(W48)
    first.put_activity(replace(climbing, title="bouldering"))
    with pytest.raises(StaleEditError, match="changed meanwhile") as refused:
        second.put_activity(replace(climbing, title="climbing gym"))
    assert isinstance(refused.value, ReadOnlyError)  # callers that handle refused writes handle this too
    assert Store(private_data_dir).week(W48).items[climbing.id].title == "bouldering"
    # Having been told, the second planner shows the new version and can edit it.
    assert second.week(W48).items[climbing.id].title == "bouldering"
    second.put_activity(replace(second.week(W48).items[climbing.id], title="climbing gym"))
    assert Store(private_data_dir).week(W48).items[climbing.id].title == "climbing gym"


def test_two_stores_tagging_one_idea_keep_every_tag(private_data_dir: Path) -> None:
    first, second = Store.open(private_data_dir), Store.open(private_data_dir)
    first.put_idea(Idea("iiiiiiiiiiii", "picnic", tags=("cheap", "summer")))
    shown_first = first.ideas().items["iiiiiiiiiiii"]
    shown_second = second.ideas().items["iiiiiiiiiiii"]

    first.put_idea(replace(shown_first, tags=("cheap", "summer", "outdoor")))
    # Tags are a set: the second planner's change (one added, one taken away) is not
    # the same field changed twice, and nothing the first one added is lost.
    second.put_idea(replace(shown_second, tags=("cheap", "calm")))

    assert sorted(Store(private_data_dir).ideas().items["iiiiiiiiiiii"].tags) == ["calm", "cheap", "outdoor"]


def test_removing_an_occurrence_another_store_just_changed_is_refused(private_data_dir: Path) -> None:
    from weekplan.routines import Routine

    first, second = Store.open(private_data_dir), Store.open(private_data_dir)
    first.put_routine(Routine("gym", "gym", "fitness", (0, 2), 7 * 60, 8 * 60, date(2026, 11, 2)))
    (wednesday,) = first.activities_between(date(2026, 11, 25), date(2026, 11, 25))
    assert second.activities_between(date(2026, 11, 25), date(2026, 11, 25)) == [wednesday]  # both have read it

    first.put_activity(replace(wednesday, title="gym with Sam"))
    with pytest.raises(StaleEditError):
        second.remove_activity(wednesday)  # the second planner still shows it unchanged

    (kept,) = Store(private_data_dir).activities_between(date(2026, 11, 25), date(2026, 11, 25))
    assert kept.title == "gym with Sam"


def test_deleting_what_another_store_just_changed_is_refused(private_data_dir: Path) -> None:
    first, second = Store.open(private_data_dir), Store.open(private_data_dir)
    picnic = SpecialDate(new_id(), date(2026, 11, 28), "picnic")
    first.put_date(picnic)
    second.dates()
    first.put_date(replace(picnic, rating=5))
    with pytest.raises(StaleEditError):
        second.remove_date(picnic)
    assert Store(private_data_dir).dates().items[picnic.id].rating == 5


def test_a_hand_edit_between_two_writes_is_kept(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    climbing, run = activity("climbing"), activity("run", 28)
    store.put_activity(climbing)
    path = store.week_path(W48)
    path.write_text(path.read_text().replace('title = "climbing"', 'title = "climbing (by hand)"'))
    store.put_activity(run)
    items = Store(private_data_dir).week(W48).items
    assert items[climbing.id].title == "climbing (by hand)"
    assert run.id in items


def test_goals_and_settings_changed_elsewhere_are_not_written_over(private_data_dir: Path) -> None:
    first, second = Store.open(private_data_dir), Store.open(private_data_dir)
    first.put_goal(Goal("fitness", count=3))
    second.goals()
    second.config  # noqa: B018 - both have read the settings
    first.save_config(replace(first.config, slot_minutes=15))
    second.put_goal(Goal("friends", count=2))
    second.save_config(replace(second.config, theme="nord"))
    fresh = Store(private_data_dir)
    assert set(fresh.goals().items) == {"fitness", "friends"}
    assert (fresh.config.slot_minutes, fresh.config.theme) == (15, "nord")
    assert fresh.check() == []


def test_settings_changed_the_same_way_twice_are_refused(private_data_dir: Path) -> None:
    first, second = Store.open(private_data_dir), Store.open(private_data_dir)
    assert first.config == second.config == Config()
    first.save_config(replace(first.config, theme="nord"))
    with pytest.raises(StaleEditError):
        second.save_config(replace(second.config, theme="gruvbox"))
    assert Store(private_data_dir).config.theme == "nord"


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from pathlib import Path
    from weekplan.model import Activity
    from weekplan.store import Store
    from weekplan.weeks import IsoWeek

    root, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = Store.open(root)
    for n in range(count):
        store.put_activity(Activity(f"{name}{n:04d}", date(2026, 11, 23 + n % 7), 480, 540, f"{name} {n}", "rest"))
        if n % 3 == 0 and n:
            # An edit as well as an addition: mark an earlier activity of this writer done.
            earlier = store.week(IsoWeek(2026, 48)).items[f"{name}{n // 2:04d}"]
            store.put_activity(earlier.moved(done=True))
    """
)


def test_two_processes_writing_one_week_file_lose_nothing(private_data_dir: Path) -> None:
    Store.open(private_data_dir)
    count = 80
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(private_data_dir), name, str(count)], stderr=subprocess.PIPE
        )
        for name in ("left", "right")
    ]
    for writer in writers:
        _out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    items = Store(private_data_dir).week(W48).items
    for name in ("left", "right"):
        ids = {item_id for item_id in items if item_id.startswith(name)}
        assert len(ids) == count, f"{count - len(ids)} of {name}'s activities were lost"
        for n in range(3, count, 3):
            assert items[f"{name}{n // 2:04d}"].done, f"{name}'s edit of {n // 2} was lost"
    assert Store(private_data_dir).check() == []


def test_a_week_file_added_in_the_same_tick_as_a_look_is_not_missed(private_data_dir: Path) -> None:
    """On a file system with coarse times, a week file another process adds just after a
    look may leave the weeks folder's time as it was: a look taken while the folder had
    not settled keeps the names in it, so a refresh sees the new file and plans again
    under the lock."""
    import os
    import time

    store = Store.open(private_data_dir)
    store.put_activity(activity("climbing"))  # the weeks folder changed just now
    weeks = store.weeks_dir
    look = store.look_afresh()
    with store.exclusive_since(look) as unchanged:
        assert unchanged  # nothing since: the plan made without the lock holds
    look = store.look_afresh()
    folder_time = os.stat(weeks).st_mtime_ns
    Store.open(private_data_dir).put_activity(activity("run", day=30))  # a new week file, elsewhere
    os.utime(weeks, ns=(folder_time, folder_time))  # the folder's time, as a coarse tick leaves it
    with store.exclusive_since(look) as unchanged:
        assert not unchanged

    # The same folder long settled, and nothing changed since the look: the plan holds.
    settled_time = time.time_ns() - 10 * 10**9
    os.utime(weeks, ns=(settled_time, settled_time))
    look = store.look_afresh()
    with store.exclusive_since(look) as unchanged:
        assert unchanged
