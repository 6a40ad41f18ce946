"""Quick add on the command line: what it stores and prints, that what it prints reads
back to the same entry, and that what it does not understand adds nothing.  The
grammar itself is tabled in test_timewords.py."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weekplan.cli import main
from weekplan.model import Activity, Category, Config
from weekplan.quickadd import QuickAddError, describe, parse_quick_add
from weekplan.routines import Routine
from weekplan.search import earlier_categories
from weekplan.store import Store

TODAY = date(2026, 11, 23)  # the Monday conftest pins WEEKPLAN_TODAY to (2026-W48)
CONFIG = Config()
TUESDAY = date(2026, 11, 24)


def parse(text: str, today: date = TODAY, config: Config = CONFIG) -> Activity:
    return parse_quick_add(text, config, today)


@pytest.mark.parametrize(
    ("word", "today", "expected"),
    [
        ("mon", TODAY, TODAY),  # the next Monday is today itself
        ("mon", TUESDAY, date(2026, 11, 30)),  # already past this week: next week's
        ("thurs", TUESDAY, date(2026, 11, 26)),
        ("today", TUESDAY, TUESDAY),
        ("tomorrow", date(2026, 12, 31), date(2027, 1, 1)),
        ("next tue", TUESDAY, date(2026, 12, 1)),  # next week's, even when today is one
        ("this sun", date(2026, 11, 29), date(2026, 11, 29)),
        ("1 jan", date(2026, 12, 31), date(2027, 1, 1)),
        ("31 dec", date(2026, 12, 31), date(2026, 12, 31)),
    ],
)
def test_days_move_with_today(word: str, today: date, expected: date) -> None:
    assert parse(f"{word} 19:00 climbing #friends", today).date == expected


def test_a_category_by_its_name_and_a_renamed_one() -> None:
    config = Config(categories=(*Config().categories, Category("boulder", "Bouldering", "#123456")))
    assert parse("19:00 wall #bouldering", config=config).category == "boulder"
    assert parse("19:00 wall #boul", config=config).category == "boulder"


def test_without_a_category_the_earlier_one_with_the_same_title_is_taken(store: Store) -> None:
    for item in [
        Activity("a", date(2026, 11, 2), 600, 660, "Climbing", "hobby"),
        Activity("b", date(2026, 11, 9), 600, 660, "climbing ", "friends"),  # the latest, whatever case and spaces
        Activity("c", date(2026, 10, 1), 600, 660, "climbing", "fitness"),
        Activity("d", date(2026, 11, 20), 600, 660, "climbing", ""),  # none given then: no opinion
        Activity("e", date(2026, 11, 30), 600, 660, "climbing", "rest"),  # after today: not earlier
        Activity("f", date(2026, 11, 1), 600, 660, "chess", "gone"),  # a category config.toml no longer has
        Activity("g", date(2025, 10, 1), 600, 660, "kayak", "new"),  # more than a year back
    ]:
        store.put_activity(item)
    store.put_routine(Routine("r1", "Gym", "fitness", (0, 2), 420, 480, date(2026, 9, 7)))
    earlier = earlier_categories(store, TODAY)
    assert parse_quick_add("fri 19:00 climbing", CONFIG, TODAY, earlier=earlier).category == "friends"
    assert parse_quick_add("fri 19:00 climbing #rest", CONFIG, TODAY, earlier=earlier).category == "rest"
    assert parse_quick_add("fri 19:00 bouldering", CONFIG, TODAY, earlier=earlier).category == ""
    assert parse_quick_add("fri 19:00 chess", CONFIG, TODAY, earlier=earlier).category == ""
    assert parse_quick_add("fri 19:00 kayak", CONFIG, TODAY, earlier=earlier).category == ""
    assert parse_quick_add("fri 19:00 gym", CONFIG, TODAY, earlier=earlier).category == "fitness"  # a routine's


def test_each_add_gets_a_new_id() -> None:
    assert parse("19:00 a #rest").id != parse("19:00 a #rest").id


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "text",
    [
        "fri climbing #friends",
        "31 dec 20:00 party #fri 25:00",
        "2026-02-30 19:00 climbing #friends",
        "9999-12-31 19:00 climbing #friends",
        "fri 19:00 #friends",
        "fri 19:00 x #f",
        "at 7 dinner",
        "11:00 PX call",
    ],
)
def test_a_rejected_add_writes_nothing(private_data_dir: Path, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", "mon 08:00 gym #fitness"]) == 0
    before = snapshot(private_data_dir)
    code = main(["add", text])
    err = capsys.readouterr().err
    if text == "11:00 PX call":  # a title word after a time is fine: the control case
        assert code == 0
        return
    assert code == 2
    assert "nothing was added" in err
    assert snapshot(private_data_dir) == before


def test_an_accepted_add_is_stored_and_said(private_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", "fri", "19:00-21:00", "climbing", "#fri"]) == 0  # words may come as separate arguments
    out = capsys.readouterr().out.splitlines()
    assert out[0] == 'added: fri 2026-11-27 19:00-21:00 "climbing" #friends'
    assert out[1] == "  Friday 27 November 2026, week 2026-W48"
    text = (private_data_dir / "weeks" / "2026-W48.toml").read_text()
    assert 'title = "climbing"' in text
    assert 'category = "friends"' in text
    assert "date = 2026-11-27" in text


def test_add_takes_and_says_the_earlier_category(private_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", "mon 19:00 Climbing #friends"]) == 0
    assert main(["add", "fri 18:00 board games"]) == 0
    capsys.readouterr()
    assert main(["add", "fri 19:00 climbing"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == 'added: fri 2026-11-27 19:00-20:00 "climbing" #friends'
    assert "category as the earlier one" in out[1]
    week = Store.open(private_data_dir).week(Store.open(private_data_dir).week_files().__next__()[0])  # type: ignore[arg-type]
    games = [a for a in week.items.values() if a.title == "board games"]
    assert games and games[0].category == ""  # none given, none earlier: no category at all
    assert 'title = "board games"' in (private_data_dir / "weeks" / "2026-W48.toml").read_text()


# -- what add prints reads back to the same entry -------------------------------------------

_title_chars = st.sampled_from(string.ascii_letters + string.digits + " #\"'\\:-/.,&é♥")
titles = (
    st.text(_title_chars, min_size=1, max_size=24).map(str.strip).filter(bool).map(lambda t: re.sub(r"\s+", " ", t))
)


@st.composite
def activities(draw: st.DrawFn) -> Activity:
    day = TODAY + timedelta(days=draw(st.integers(-800, 800)))
    start = draw(st.integers(0, 24 * 60 - 1))
    end = draw(st.integers(start + 1, 24 * 60))
    category = draw(st.sampled_from(["", *(c.id for c in CONFIG.categories)]))
    return Activity("x", day, start, end, draw(titles), category)


@given(activities())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_what_add_prints_reads_back_to_the_same_entry(activity: Activity) -> None:
    read = parse_quick_add(describe(activity), CONFIG, TODAY)
    assert read == Activity(read.id, activity.date, activity.start, activity.end, activity.title, activity.category)


@given(activities())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_printed_line_of_add_reads_back_through_add(activity: Activity) -> None:
    import contextlib
    import io
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            assert main(["--data-dir", folder, "add", describe(activity)]) == 0
            first = printed.getvalue().splitlines()[0].removeprefix("added: ")
            assert main(["--data-dir", folder, "add", first]) == 0
        again = printed.getvalue().splitlines()[2].removeprefix("added: ")
        assert again == first
        stored = sorted(Store.open(Path(folder)).all_activities(), key=lambda a: a.id)
        assert len(stored) == 2
        a, b = ((x.date, x.start, x.end, x.title, x.category) for x in stored)
        assert a == b == (activity.date, activity.start, activity.end, activity.title, activity.category)


def test_an_activity_without_a_category_is_stored_without_one_and_counts_as_own_time(store: Store) -> None:
    from weekplan.balance import week_balance

    plain = Activity("a1", date(2026, 11, 27), 19 * 60, 21 * 60, "board games", "")
    store.put_activity(plain)
    text = (store.root / "weeks" / "2026-W48.toml").read_text()
    assert "category" not in text  # nothing to say, nothing written
    (read,) = Store.open(store.root).week(next(store.week_files())[0]).items.values()  # type: ignore[arg-type]
    assert read == plain
    balance = week_balance([read], [], store.config)
    assert balance.own_total == 120 and balance.together_minutes == 0


def test_a_title_that_is_only_a_word_of_time_is_refused_with_the_quotes_to_use() -> None:
    with pytest.raises(QuickAddError, match=r'no title: .* in quotes: "tomorrow"\)'):
        parse("19:00 tomorrow")
    quoted = parse('19:00 "tomorrow"')
    assert (quoted.date, quoted.title) == (TODAY, "tomorrow")


# -- the planner's language -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "day", "title"),
    [
        ("de", "24 dez. 19:00 Essen", date(2026, 12, 24), "Essen"),
        ("de", "24 dez 19:00 Essen", date(2026, 12, 24), "Essen"),  # a short name without its dot
        ("de", "24. dez 19:00 Essen", date(2026, 12, 24), "Essen"),
        ("es", "5 ene 19:00 cena", date(2027, 1, 5), "cena"),
        ("it", "3 gen 19:00 cena", date(2027, 1, 3), "cena"),
        ("de", "24. Dezember 19:00 Essen", date(2026, 12, 24), "Essen"),
        ("de", "3. März 19:00 Essen", date(2027, 3, 3), "Essen"),
        ("de", "3 marz 19:00 Essen", date(2027, 3, 3), "Essen"),  # typed without the umlaut
        ("de", "3 Ma\u0308rz 19:00 Essen", date(2027, 3, 3), "Essen"),  # the umlaut as a combining mark
        ("de", "Freitag 19:00 Essen", date(2026, 11, 27), "Essen"),
        ("fr", "24 déc. 19:00 dîner", date(2026, 12, 24), "dîner"),
        ("fr", "2 fevrier 19:00 dîner", date(2027, 2, 2), "dîner"),
        ("es", "5 ene. 19:00 cena", date(2027, 1, 5), "cena"),
        ("de", "24 DEZ. 19:00 Essen", date(2026, 12, 24), "Essen"),  # upper case
        ("tr", "24 ARALIK 19:00 yemek", date(2026, 12, 24), "yemek"),  # "ARALIK".lower() is "aralik"
        ("pl", "poniedzialek 19:00 obiad", date(2026, 11, 23), "obiad"),  # ł typed as l
        ("de", "24 dec 19:00 dinner", date(2026, 12, 24), "dinner"),  # English always read too
        # a month name of the language stays title away from a day number
        ("de", "Mai Tai 19:00", TODAY, "Mai Tai"),
        ("es", "mayo 19:00 flores", TODAY, "mayo flores"),
        # a name that is an English word or a number, and a weekday with no time word
        # beside it: title, on today
        ("es", "19:00 party 5 ago", TODAY, "party 5 ago"),
        ("pt", "19:00 night out 3 friends", TODAY, "night out 3 friends"),
        ("it", "19:00 tennis set 3", TODAY, "tennis set 3"),
        ("fr", "19:00 Mars 2 rover", TODAY, "Mars 2 rover"),
        ("de", "19:00 Juni 10 Teilnehmer", TODAY, "Juni 10 Teilnehmer"),  # the month first is English's order
        ("es", "Domingo concert 19:00", TODAY, "Domingo concert"),
        ("id", "rapat minggu depan 19:00", TODAY, "rapat minggu depan"),
        ("tr", "pazar alisverisi 19:00", TODAY, "pazar alisverisi"),
        ("yrl", "dinner 7 pm", TODAY, "dinner"),  # 19:00, not 7 of a month "pm"
        ("dz", "19:00 gym 5 12", TODAY, "gym 5 12"),
        ("es", "domingo 19:00 concierto", date(2026, 11, 29), "concierto"),  # beside a time: Sunday
    ],
)
def test_the_planners_language_names_are_read(language: str, text: str, day: date, title: str) -> None:
    activity = parse(text, config=Config(language=language))
    assert (activity.date, activity.start, activity.title) == (day, 19 * 60, title)


def test_another_languages_months_are_not_read_in_english() -> None:
    # "dez" is nothing in English: title, and the entry on today, as before
    activity = parse("24 dez 19:00 Essen")
    assert (activity.date, activity.title) == (TODAY, "24 dez Essen")


def test_a_language_of_the_locale_is_read_as_the_planner_shows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert parse("24 dez. 19:00 Essen", config=Config()).date == date(2026, 12, 24)


def test_add_refuses_a_length_with_no_start_and_reads_19h_as_a_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path), "add", "fri 2h run"]) != 0
    assert "'2h' needs a start time" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "add", "fri 19h-21h dinner"]) == 0
    assert 'added: fri 2026-11-27 19:00-21:00 "dinner"' in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "add", "fri 2h 19h climbing"]) == 0
    assert 'added: fri 2026-11-27 19:00-21:00 "climbing"' in capsys.readouterr().out


def test_add_prints_the_date_understood_from_a_named_month(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "config.toml").write_text('language = "de"\n')
    assert main(["--data-dir", str(tmp_path), "add", "24 dez. 19:00 Essen"]) == 0
    out = capsys.readouterr().out
    assert 'added: thu 2026-12-24 19:00-20:00 "Essen"' in out
    assert 'title = "Essen"' in (tmp_path / "weeks" / "2026-W52.toml").read_text()


def test_every_command_that_reads_a_day_reads_the_planners_month_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "config.toml").write_text('language = "de"\n')
    folder = str(tmp_path / "data")
    assert main(["--data-dir", folder, "show", "24.", "Dez."]) == 0
    assert "Week 52" in capsys.readouterr().out
    assert main(["--data-dir", folder, "dates", "add", "24 dez. 19:00 Essen"]) == 0
    assert 'added date: thu 2026-12-24 19:00-21:00 "Essen"' in capsys.readouterr().out
    assert main(["--data-dir", folder, "routine", "add", "Wandern every other sat 10:00", "--from", "3 jan"]) == 0
    assert "from 2027-01-09" in capsys.readouterr().out
    out = str(tmp_path / "out.ics")
    assert main(["--data-dir", folder, "export", "--from", "1 dez.", "--to", "31 dez.", "-o", out]) == 0
    assert "wrote 1 event" in capsys.readouterr().err  # the date of 24 Dec, not the routine of 2027
    assert main(["--data-dir", folder, "routine", "add", "Yoga Mittwoch 18:00"]) == 0
    assert "wed 18:00–19:00 Yoga" in capsys.readouterr().out


def test_routine_add_and_dates_add_refuse_a_length_with_no_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(tmp_path)
    assert main(["--data-dir", folder, "routine", "add", "gym mon 7h"]) != 0
    assert "'7h' needs a start time" in capsys.readouterr().err
    assert main(["--data-dir", folder, "dates", "add", "sat 8h brunch"]) != 0
    assert "'8h' needs a start time" in capsys.readouterr().err
    assert main(["--data-dir", folder, "dates", "add", "sat 19h-22h dinner"]) == 0
    assert 'sat 2026-11-28 19:00-22:00 "dinner"' in capsys.readouterr().out
    assert main(["--data-dir", folder, "routine", "add", "gym mon at 7h"]) == 0
    assert "mon 07:00–08:00 gym" in capsys.readouterr().out


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Sets the process's local zone (TZ), and puts the old one back after the test."""
    import time

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("Europe/Berlin", "28 mar 2027 02:30 x", "02:30 on Sun 28 Mar 2027 does not exist here"),
        ("Europe/Berlin", "31 oct 2027 02:30 x", "02:30 on Sun 31 Oct 2027 comes twice here"),
        ("America/New_York", "14 mar 2027 02:30 x", "02:30 on Sun 14 Mar 2027 does not exist here"),
        ("America/New_York", "7 nov 2027 01:30 x", "01:30 on Sun 7 Nov 2027 comes twice here"),
    ],
)
def test_add_says_when_the_clocks_skip_or_repeat_the_start(
    zone: Callable[[str], None], tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, said: str
) -> None:
    zone(name)
    assert main(["--data-dir", str(tmp_path), "add", text]) == 0
    assert f"note: {said}" in capsys.readouterr().out
    zone("Asia/Tokyo")  # no daylight saving time: nothing to say
    assert main(["--data-dir", str(tmp_path), "add", text]) == 0
    assert "note:" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("28 mar 2027 01:30-02:30 x", "02:30 on Sun 28 Mar 2027 does not exist here"),
        (
            "28 mar 2027 01:00-04:00 x",
            "the clocks change between 01:00 and 04:00 on Sun 28 Mar 2027: it lasts 2 h, not 3 h",
        ),
        (
            "31 oct 2027 01:30-03:30 x",
            "the clocks change between 01:30 and 03:30 on Sun 31 Oct 2027: it lasts 3 h, not 2 h",
        ),
        (
            "31 oct 2027 00:00-24:00 x",
            "the clocks change between 00:00 and 24:00 on Sun 31 Oct 2027: it lasts 25 h, not 24 h",
        ),
    ],
)
def test_add_says_when_the_clocks_change_at_the_end_or_within(
    zone: Callable[[str], None], tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, said: str
) -> None:
    zone("Europe/Berlin")
    assert main(["--data-dir", str(tmp_path), "add", text]) == 0
    out = capsys.readouterr().out
    assert f"note: {said}" in out and out.count("note:") == 1
    assert main(["--data-dir", str(tmp_path), "add", "27 mar 2027 01:00-04:00 x"]) == 0  # the day before
    assert "note:" not in capsys.readouterr().out
