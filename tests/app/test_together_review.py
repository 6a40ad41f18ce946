"""The weekly review screen: marking last week's activities, rating dates, the week's
note and carrying what is still open into the next week, each saved through an undo
history and checked on disk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from screens_host import screen_text
from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from together_support import TogetherHost

from weekplan.app.together.review_screen import ReviewScreen
from weekplan.model import SpecialDate
from weekplan.record import replace
from weekplan.sample import sample_id, write_sample
from weekplan.store import Store
from weekplan.weeks import IsoWeek

TODAY = date(2026, 11, 23)
LAST_WEEK = IsoWeek(2026, 47)
PORTFOLIO = sample_id("activity:-1:portfolio")  # last Wednesday, left open
GYM_FRIDAY = sample_id("activity:-1:gym-fri")  # last Friday, left open
MUSEUM = sample_id("date:museum")  # last Friday's date, not rated


def review_host(store: Store, *, privacy: bool = False) -> TogetherHost:
    write_sample(store, TODAY)
    return TogetherHost(store, lambda save: ReviewScreen(store, store.config, TODAY, save=save, privacy=privacy))


def fresh(store: Store) -> Store:
    """What is on disk, read by a store that has cached nothing."""
    return Store(store.root)


def make_room_to_carry(store: Store) -> None:
    """The sample repeats its week, so this week already has the gym and portfolio
    slots that are open last week; without them there is something to carry."""
    this_week = store.week(IsoWeek(2026, 48)).items
    for key in ("portfolio", "gym-fri"):
        store.remove_activity(this_week[sample_id(f"activity:0:{key}")])


async def go_to_row(pilot: Pilot[None], option_id: str) -> None:
    """Move down the list with the arrow key until the row is highlighted."""
    listing = pilot.app.screen.query_one("#review-list", OptionList)
    for _ in range(len(listing.options)):
        option = listing.highlighted_option
        if option is not None and option.id == option_id:
            return
        await pilot.press("down")
    raise AssertionError(f"no row {option_id}")


async def test_shows_last_week_dates_to_rate_and_goals(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)):
        text = screen_text(app)
    assert "Weekly review · Week 47 · 16–22 Nov 2026" in text
    assert "7 done · 1 skipped · 2 still open" in text
    assert "Portfolio: write a case study" in text and "open" in text
    assert "Museum late opening" in text and "not rated yet" in text
    # Judged by what was done: the third gym session was planned but never done.
    assert "Fitness 2/3×  missed" in text and "Hobby 2.5/4 h  missed" in text
    assert "Gym: legs and core  #fitness  done" in text
    # This week's activities are not part of last week's review.
    assert "Life drawing" not in text


async def test_d_and_s_mark_activities_on_disk_and_undo_takes_them_back(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"activity:{PORTFOLIO}")
        await pilot.press("d")
        assert fresh(store).week(LAST_WEEK).items[PORTFOLIO].done
        assert "8 done · 1 skipped · 1 still open" in screen_text(app)
        await go_to_row(pilot, f"activity:{GYM_FRIDAY}")
        await pilot.press("s")
        gym = fresh(store).week(LAST_WEEK).items[GYM_FRIDAY]
        assert gym.skipped and not gym.done
        await pilot.press("s")  # again: open once more
        gym = fresh(store).week(LAST_WEEK).items[GYM_FRIDAY]
        assert not gym.skipped and not gym.done
        assert [e.label for e in app.saved] == [
            "mark “Portfolio: write a case study” done",
            "mark “Gym: upper body” skipped",
            "mark “Gym: upper body” open",
        ]
    app.history.undo(store)
    app.history.undo(store)
    app.history.undo(store)
    assert not fresh(store).week(LAST_WEEK).items[PORTFOLIO].done


async def test_keys_for_dates_do_nothing_on_an_activity_and_the_other_way_round(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"activity:{PORTFOLIO}")
        await pilot.press("4")
        await go_to_row(pilot, f"date:{MUSEUM}")
        await pilot.press("d")
    assert app.saved == []
    assert fresh(store).dates().items[MUSEUM].rating is None


async def test_rating_a_date_keeps_it_on_the_list_with_its_stars(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"date:{MUSEUM}")
        await pilot.press("4")
        museum = fresh(store).dates().items[MUSEUM]
        assert (museum.rating, museum.status) == (4, "done")
        assert "Museum late opening  ★★★★☆" in screen_text(app)
        await pilot.press("m")
        await pilot.press(*"The dinosaur hall by torchlight")
        await pilot.press("enter")
        assert fresh(store).dates().items[MUSEUM].memory == "The dinosaur hall by torchlight"
        assert "The dinosaur hall by torchlight" in screen_text(app)
        assert app.screen.query_one("#review-list", OptionList).has_focus


CLIMBING = "c0ffee000001"  # a second date to rate, on the row above the museum's


def with_a_second_date_to_rate(store: Store) -> None:
    museum = store.dates().items[MUSEUM]
    store.put_date(replace(museum, id=CLIMBING, title="Climbing taster", date=TODAY - timedelta(days=3)))


def changed_elsewhere(store: Store, change: Callable[[Store, SpecialDate], None]) -> None:
    """The museum's date changed on disk by another planner (or a sync), then read again
    by this one, as the planner's watch on the files does once it sees the change."""
    other = Store(store.root)
    change(other, other.dates().items[MUSEUM])
    store.forget([store.dates_path(2026)])


def said(app: TogetherHost) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_a_rating_is_refused_on_a_date_changed_under_the_open_review(store: Store) -> None:
    app = review_host(store)
    with_a_second_date_to_rate(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"date:{MUSEUM}")
        changed_elsewhere(store, lambda other, museum: other.put_date(replace(museum, title="Aquarium night")))
        await pilot.press("4")
        assert "“Museum late opening” was changed since it was shown: not rated" in said(app)
        assert app.saved == []
        on_disk = fresh(store).dates().items
        assert on_disk[MUSEUM].rating is None and on_disk[CLIMBING].rating is None
        # The row shows the date as it is now, and the next key rates that one.
        assert "Aquarium night  not rated yet" in screen_text(app)
        await pilot.press("4")
    museum = fresh(store).dates().items[MUSEUM]
    assert (museum.title, museum.rating) == ("Aquarium night", 4)


async def test_a_rating_never_falls_on_another_date_when_its_own_is_gone(store: Store) -> None:
    app = review_host(store)
    with_a_second_date_to_rate(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"date:{MUSEUM}")
        changed_elsewhere(store, lambda other, museum: other.remove_date(museum))
        await pilot.press("4")
        assert "“Museum late opening” is no longer among the dates: not rated" in said(app)
        assert "Museum late opening" not in screen_text(app)
        await pilot.press("5")  # no row is highlighted in its place
    assert app.saved == []
    on_disk = fresh(store).dates().items
    assert MUSEUM not in on_disk and on_disk[CLIMBING].rating is None


async def test_a_rating_on_a_date_whose_file_broke_under_the_review_says_where(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"date:{MUSEUM}")
        path = store.dates_path(2026)
        before = path.read_bytes()
        path.write_bytes(before + b"\n[broken\n")  # a half-written sync, an editor's slip
        store.forget([path])
        await pilot.press("4")
        assert f"“Museum late opening” is not among the dates that can be read ({path}:" in said(app)
    assert app.saved == [] and app.refused == []
    assert path.read_bytes() == before + b"\n[broken\n"  # never written over


async def test_the_message_of_a_changed_date_shows_its_title_controls_and_all_visibly(store: Store) -> None:
    app = review_host(store)
    museum = store.dates().items[MUSEUM]
    store.put_date(replace(museum, title="Museum \x1b]0;owned\x07\u202e\x9b31m"), replacing=museum)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"date:{MUSEUM}")
        changed_elsewhere(store, lambda other, museum: other.put_date(replace(museum, place="Town hall")))
        await pilot.press("4")
        message = said(app)
        assert "was changed since it was shown" in message
        assert not any(c in message for c in "\x1b\x07\u202e\x9b")


async def test_a_memory_typed_while_its_date_changed_is_kept_to_save_on_the_new_one(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"date:{MUSEUM}")
        await pilot.press("m", *"The dinosaur hall")
        changed_elsewhere(store, lambda other, museum: other.put_date(replace(museum, place="Town hall")))
        await pilot.press("enter")
        assert "changed since it was shown: the line was not saved" in said(app)
        assert fresh(store).dates().items[MUSEUM].memory == ""
        memory = app.screen.query_one("#review-memory", Input)
        assert memory.has_focus and memory.value == "The dinosaur hall"
        await pilot.press("enter")
    museum = fresh(store).dates().items[MUSEUM]
    assert (museum.memory, museum.place) == ("The dinosaur hall", "Town hall")


async def test_untouched_memory_line_does_not_revert_a_memory_written_elsewhere(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"date:{MUSEUM}")
        await pilot.press("m", *"first line", "enter")
        assert fresh(store).dates().items[MUSEUM].memory == "first line"
        await pilot.press("m")  # opened with "first line"; nothing typed
        changed_elsewhere(store, lambda other, museum: other.put_date(replace(museum, memory="written on the laptop")))
        await pilot.press("enter")
        assert "changed since it was shown" in said(app)
        memory = app.screen.query_one("#review-memory", Input)
        assert memory.value == "written on the laptop"  # the untouched field shows the line kept now
        await pilot.press("enter")  # enter again, nothing typed: no edit
        assert not app.screen.query_one("#review-memory-row").display
    assert fresh(store).dates().items[MUSEUM].memory == "written on the laptop"


async def test_a_typed_memory_is_saved_over_another_line_only_once_that_line_was_shown(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"date:{MUSEUM}")
        await pilot.press("m", *"mine")
        changed_elsewhere(store, lambda other, museum: other.put_date(replace(museum, memory="the laptop's")))
        await pilot.press("enter")
        assert "Its line now reads “the laptop's”" in said(app)
        assert fresh(store).dates().items[MUSEUM].memory == "the laptop's"
        assert app.screen.query_one("#review-memory", Input).value == "mine"
        await pilot.press("enter")
    assert fresh(store).dates().items[MUSEUM].memory == "mine"


async def test_a_typed_memory_survives_its_file_breaking_for_a_moment(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"date:{MUSEUM}")
        await pilot.press("m", *"The dinosaur hall at night")
        path = store.dates_path(2026)
        before = path.read_bytes()
        path.write_bytes(before + b"\n[broken\n")
        store.forget([path])
        await pilot.press("enter")
        assert "not among the dates that can be read" in said(app)
        memory = app.screen.query_one("#review-memory", Input)
        assert app.screen.query_one("#review-memory-row").display and memory.value == "The dinosaur hall at night"
        assert "the dates cannot be read now" in screen_text(app)
        path.write_bytes(before)  # mended
        store.forget([path])
        await pilot.press("enter")
    assert fresh(store).dates().items[MUSEUM].memory == "The dinosaur hall at night"


async def test_a_deleted_date_is_not_blamed_on_another_years_broken_file(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"date:{MUSEUM}")
        other_year = store.dates_path(2024)
        other_year.write_bytes(b"[broken\n")
        changed_elsewhere(store, lambda other, museum: other.remove_date(museum))
        store.forget([other_year])
        await pilot.press("4")
        assert "is no longer among the dates" in said(app)
        assert "2024" not in said(app)


async def test_escape_leaves_a_memory_unwritten_and_keeps_the_review_open(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"date:{MUSEUM}")
        await pilot.press("m", *"half a thought", "escape")
        assert isinstance(app.screen, ReviewScreen)
    assert fresh(store).dates().items[MUSEUM].memory == ""
    assert app.saved == []


async def test_the_week_note_is_stored_for_last_week(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w", *"Busy, but the climbing was worth it", "enter")
        assert fresh(store).week_note(LAST_WEEK) == "Busy, but the climbing was worth it"
        await pilot.press("w", "end", *" again", "escape")  # closing saves what was typed too
    assert fresh(store).week_note(LAST_WEEK) == "Busy, but the climbing was worth it again"
    assert app.results == [None]
    app.history.undo(store)
    assert fresh(store).week_note(LAST_WEEK) == "Busy, but the climbing was worth it"


async def test_c_carries_what_is_open_into_this_week_once_and_undoes_as_one(store: Store) -> None:
    app = review_host(store)
    make_room_to_carry(store)
    async with app.run_test(size=(120, 40)) as pilot:
        before = {a.id for a in fresh(store).week(IsoWeek(2026, 48)).items.values()}
        await pilot.press("c")
        this_week = fresh(store).week(IsoWeek(2026, 48)).items
        carried = [a for a in this_week.values() if a.id not in before]
        assert sorted((a.title, a.date, a.start, a.done) for a in carried) == [
            ("Gym: upper body", date(2026, 11, 27), 7 * 60, False),
            ("Portfolio: write a case study", date(2026, 11, 25), 19 * 60, False),
        ]
        await pilot.press("c")  # a second time adds nothing
        assert len(fresh(store).week(IsoWeek(2026, 48)).items) == len(this_week)
        assert len(app.saved) == 1
    app.history.undo(store)
    assert {a.id for a in fresh(store).week(IsoWeek(2026, 48)).items.values()} == before
    # The originals were never touched: they stay open last week.
    assert not fresh(store).week(LAST_WEEK).items[PORTFOLIO].done


async def test_carry_says_so_when_the_same_things_are_already_planned(store: Store) -> None:
    app = review_host(store)  # the sample has the same gym and portfolio slots this week
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert app.saved == []
    assert "Already in week 48: nothing new to carry" in messages


async def test_carry_refused_by_an_unreadable_week_leaves_everything_as_it_was(store: Store) -> None:
    app = review_host(store)
    make_room_to_carry(store)
    week_file = store.week_path(IsoWeek(2026, 48))
    async with app.run_test(size=(120, 40)) as pilot:
        week_file.write_text("[activities\nbroken", "utf-8")
        await pilot.press("c")
    assert week_file.read_text("utf-8") == "[activities\nbroken"
    assert app.saved == [] and len(app.refused) == 1


async def test_privacy_hides_date_titles_and_memories(store: Store) -> None:
    app = review_host(store, privacy=True)
    secrets = ["Museum late opening", "City museum"]
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"date:{MUSEUM}")
        await pilot.press("m", *"secret plan")
        text = screen_text(app)
        assert "secret plan" not in text
        await pilot.press("enter")
        text = screen_text(app)
    assert "•••" in text
    for secret in [*secrets, "secret plan"]:
        assert secret not in text
    # Own activities are not private: the week still reads.
    assert "Portfolio: write a case study" in text
    assert fresh(store).dates().items[MUSEUM].memory == "secret plan"


async def test_a_review_of_an_empty_week_says_so(store: Store) -> None:
    app = TogetherHost(store, lambda save: ReviewScreen(store, store.config, TODAY, save=save))
    async with app.run_test(size=(80, 24)) as pilot:
        text = screen_text(app)
        # No date at all: none is said to be rated.
        assert "nothing was planned" in text and "no dates yet" in text and "every date is rated" not in text
        await pilot.press("c", "d", "3")
    assert app.saved == []
    assert TODAY - timedelta(days=7) == app.under_test.first_day


async def test_the_person_picks_the_week_and_each_is_judged_by_its_own_goals(store: Store) -> None:
    from weekplan.model import Goal
    from weekplan.together import revise_goal

    app = review_host(store)
    # The fitness goal went up to 5× this week (48): week 47 keeps its 3×.
    raised = revise_goal(store.goals().items["fitness"], Goal("fitness", 5), IsoWeek(2026, 48))
    assert raised is not None
    store.put_goal(raised)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.week == LAST_WEEK  # a Monday: the week before
        assert "Fitness 2/3×  missed" in screen_text(app)
        await pilot.press("left_square_bracket")
        assert screen.week == IsoWeek(2026, 46)
        text = screen_text(app)
        assert "Weekly review · Week 46 · 9–15 Nov 2026" in text
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.week == IsoWeek(2026, 48)
        text = screen_text(app)
        assert "Week 48 · 23–29 Nov 2026" in text and "Fitness 0/5×  missed" in text
        await pilot.press("right_square_bracket")  # no weeks to come
        assert screen.week == IsoWeek(2026, 48)


async def test_a_note_is_kept_when_another_week_is_picked(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w", *"slept well", "enter")
        await pilot.press("left_square_bracket")
        assert fresh(store).week_note(LAST_WEEK) == "slept well"
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.query_one("#review-note").value == fresh(store).week_note(IsoWeek(2026, 46))


async def test_from_friday_the_review_opens_on_the_week_ending(store: Store) -> None:
    write_sample(store, TODAY)
    saturday = date(2026, 11, 28)
    app = TogetherHost(store, lambda save: ReviewScreen(store, store.config, saturday, save=save))
    async with app.run_test(size=(120, 40)):
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.week == IsoWeek(2026, 48)
        assert "Weekly review · Week 48 · 23–29 Nov 2026" in screen_text(app)


async def test_a_narrow_review_shows_only_whole_keys_in_its_footer(store: Store) -> None:
    from weekplan.app import keymap

    descriptions = {binding.description for binding in keymap.REVIEW}  # type: ignore[union-attr]
    app = review_host(store)
    async with app.run_test(size=(72, 24)):
        footer = screen_text(app).splitlines()[-1]
    shown = [part.strip() for part in footer.split("  ") if part.strip()]
    assert shown[0] == "esc Close", footer
    for part in shown:
        assert part.split(" ", 1)[1] in descriptions, footer


def review_hint(app: TogetherHost) -> str:
    return str(app.screen.query_one("#review-hint").content)


async def test_the_hint_names_the_keys_bound_now(store: Store) -> None:
    app = review_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"activity:{PORTFOLIO}")
        assert review_hint(app).startswith("d done · s skipped · o open again · c carries the 2 still open")
        assert review_hint(app).endswith("w note · [ ] another week · esc close")
        await go_to_row(pilot, f"date:{MUSEUM}")
        assert review_hint(app).startswith("1–5 rate · m a line to remember it by")
        assert "not rated yet: 1–5" in screen_text(app)


async def test_the_hint_names_the_keys_of_a_remapped_keymap(store: Store) -> None:
    app = review_host(store)
    keys = {"review.done": "D", "review.skip": "k", "review.open": "O", "review.carry": "ctrl+o"}
    keys |= {"review.note": "n", "review.previous_week": "comma", "review.next_week": "full_stop", "review.close": "q"}
    keys |= {f"review.rate{n}": "afghi"[n - 1] for n in range(1, 6)}
    app.set_keymap(keys)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_row(pilot, f"activity:{PORTFOLIO}")
        hint = review_hint(app)
        assert hint.startswith("D done · k skipped · O open again · ^o carries the 2 still open")
        assert hint.endswith("n note · , . another week · q close")
        await go_to_row(pilot, f"date:{MUSEUM}")
        assert review_hint(app).startswith("a/f/g/h/i rate · m a line to remember it by")
        assert "not rated yet: a/f/g/h/i" in screen_text(app)
        await pilot.press("h")  # the key the hint names rates it 4
        assert fresh(store).dates().items[MUSEUM].rating == 4


async def test_with_every_past_date_rated_the_review_says_so(store: Store) -> None:
    store.put_date(SpecialDate("rated", TODAY - timedelta(days=3), "Picnic", status="done", rating=4))
    app = TogetherHost(store, lambda save: ReviewScreen(store, store.config, TODAY, save=save))
    async with app.run_test(size=(80, 24)):
        text = screen_text(app)
    assert "every date is rated" in text and "no dates yet" not in text


@pytest.mark.parametrize(
    "only_date",
    [
        SpecialDate("coming", TODAY + timedelta(days=3), "Concert"),
        SpecialDate("called-off", TODAY - timedelta(days=3), "Picnic", status="cancelled"),
    ],
    ids=["still-to-come", "cancelled"],
)
async def test_with_no_past_date_to_rate_none_is_said_to_be_rated(store: Store, only_date: SpecialDate) -> None:
    store.put_date(only_date)
    app = TogetherHost(store, lambda save: ReviewScreen(store, store.config, TODAY, save=save))
    async with app.run_test(size=(80, 24)):
        text = screen_text(app)
    assert "no past date to rate yet" in text and "every date is rated" not in text
