"""Quick add: what it understands, and that what it does not understand adds nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from weekplan.cli import main
from weekplan.model import Activity, Category, Config
from weekplan.quickadd import QuickAddError, parse_quick_add
from weekplan.weeks import format_time

TODAY = date(2026, 11, 23)  # the Monday conftest pins WEEKPLAN_TODAY to (2026-W48)
CONFIG = Config()
TUESDAY = date(2026, 11, 24)


def parse(text: str, today: date = TODAY, config: Config = CONFIG) -> Activity:
    return parse_quick_add(text, config, today)


@pytest.mark.parametrize(
    ("word", "today", "expected"),
    [
        ("mon", TODAY, TODAY),  # the next Monday is today itself
        ("monday", TODAY, TODAY),
        ("tue", TODAY, date(2026, 11, 24)),
        ("Fri", TODAY, date(2026, 11, 27)),
        ("sunday", TODAY, date(2026, 11, 29)),
        ("mon", TUESDAY, date(2026, 11, 30)),  # already past this week: next week's
        ("thurs", TUESDAY, date(2026, 11, 26)),
        ("today", TUESDAY, TUESDAY),
        ("tomorrow", TODAY, TUESDAY),
        ("tomorrow", date(2026, 12, 31), date(2027, 1, 1)),
        ("2027-01-01", TODAY, date(2027, 1, 1)),
        ("2028-02-29", TODAY, date(2028, 2, 29)),
    ],
)
def test_days(word: str, today: date, expected: date) -> None:
    assert parse(f"{word} 19:00 climbing #friends", today).date == expected


def test_no_day_means_today() -> None:
    assert parse("19:00 climbing #friends").date == TODAY


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("19:00", "19:00", "20:00"),  # an hour when nothing says otherwise
        ("7:30", "07:30", "08:30"),
        ("19:00-21:30", "19:00", "21:30"),
        ("22:00-24:00", "22:00", "24:00"),
        ("19:00 90m", "19:00", "20:30"),
        ("19:00 45min", "19:00", "19:45"),
        ("19:00 1h30", "19:00", "20:30"),
        ("19:00 1h30m", "19:00", "20:30"),
        ("19:00 2h", "19:00", "21:00"),
        ("2h 19:00", "19:00", "21:00"),
        ("00:00 24h", "00:00", "24:00"),
    ],
)
def test_times_and_durations(words: str, start: str, end: str) -> None:
    activity = parse(f"fri {words} climbing #friends")
    assert (format_time(activity.start), format_time(activity.end)) == (start, end)


@pytest.mark.parametrize(
    ("tag", "category"),
    [("#friends", "friends"), ("#fri", "friends"), ("#FIT", "fitness"), ("#l", "learning"), ("#tog", "together")],
)
def test_categories_by_id_or_unique_prefix(tag: str, category: str) -> None:
    assert parse(f"fri 19:00 climbing {tag}").category == category


def test_a_category_by_its_name_and_a_renamed_one() -> None:
    config = Config(categories=(*Config().categories, Category("boulder", "Bouldering", "#123456")))
    assert parse("19:00 wall #bouldering", config=config).category == "boulder"
    assert parse("19:00 wall #boul", config=config).category == "boulder"


def test_words_in_any_order_and_the_rest_is_the_title() -> None:
    activity = parse("climbing #friends with Sam fri 19:00-21:00 at the [red]wall[/]")
    assert activity.title == "climbing with Sam at the [red]wall[/]"
    assert activity.date == date(2026, 11, 27)
    assert (activity.start, activity.end) == (19 * 60, 21 * 60)
    assert activity.done is False


def test_each_add_gets_a_new_id() -> None:
    assert parse("19:00 a #rest").id != parse("19:00 a #rest").id


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("fri climbing #friends", "no time"),
        ("fri 90m climbing #friends", "a duration needs a start time"),
        ("fri 19:00 climbing", "no category"),
        ("fri 19:00 climbing #f", "#f could be fitness, friends"),
        ("fri 19:00 climbing #zumba", "no category #zumba"),
        ("fri 19:00 climbing #", "a lone '#'"),
        ("fri 19:00 climbing #rest #hobby", "two categories"),
        ("fri 19:00 #friends", "no title"),
        ("fri 21:00-19:00 climbing #friends", "the end is not after the start"),
        ("fri 19:00-19:00 climbing #friends", "the end is not after the start"),
        ("fri 23:00-01:00 party #friends", "the end is not after the start"),
        ("fri 23:30 2h party #friends", "after midnight"),
        ("fri 23:30 party #friends", "after midnight"),
        ("fri 19:00-21:00 2h climbing #friends", "both an end time and a duration"),
        ("2026-02-30 19:00 climbing #friends", "2026-02-30 is not a date"),
        ("2026-13-01 19:00 climbing #friends", "2026-13-01 is not a date"),
        ("fri 25:00 climbing #friends", "not a time of day"),
        ("fri 19:60 climbing #friends", "not a time of day"),
        ("fri 24:00 climbing #friends", "not a time of day"),
        ("fri 19:00 0m climbing #friends", "between 1 minute and 24 hours"),
        ("fri 19:00 25h climbing #friends", "between 1 minute and 24 hours"),
        ("", "no time"),
    ],
)
def test_rejections_say_why(text: str, reason: str) -> None:
    with pytest.raises(QuickAddError, match=reason.replace("(", r"\(")):
        parse(text)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "text",
    [
        "fri climbing #friends",
        "2026-02-30 19:00 climbing #friends",
        "9999-12-31 19:00 climbing #friends",
        "fri 19:00 #friends",
        "fri 19:00 x #f",
    ],
)
def test_a_rejected_add_writes_nothing(private_data_dir: Path, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", "mon 08:00 gym #fitness"]) == 0
    before = snapshot(private_data_dir)
    assert main(["add", text]) == 2
    err = capsys.readouterr().err
    assert "nothing was added" in err
    assert snapshot(private_data_dir) == before


def test_an_accepted_add_is_stored_and_said(private_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", "fri", "19:00-21:00", "climbing", "#fri"]) == 0  # words may come as separate arguments
    out = capsys.readouterr().out
    assert out.startswith("added Fri 27 Nov 19:00–21:00")
    assert "climbing" in out and "#friends" in out and "2026-W48" in out
    text = (private_data_dir / "weeks" / "2026-W48.toml").read_text()
    assert 'title = "climbing"' in text
    assert 'category = "friends"' in text
    assert "date = 2026-11-27" in text
