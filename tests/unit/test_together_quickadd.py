"""`weekplan ideas add` and `weekplan dates add`: one line read through the one grammar
of quick add (weekplan.timewords) to an idea or a date; bad input adds nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest

from weekplan.cli import main
from weekplan.model import Idea, PartnerSettings
from weekplan.quickadd import QuickAddError
from weekplan.record import replace
from weekplan.sample import sample_id, write_sample
from weekplan.store import Store
from weekplan.together_quickadd import describe_date, describe_idea, parse_date, parse_idea
from weekplan.weeks import parse_time

TODAY = date(2026, 11, 23)  # a Monday, as conftest pins it
SATURDAY = date(2026, 11, 28)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_idea_is_a_title_and_tags() -> None:
    idea = parse_idea("Pottery class #cheap #indoor #Cheap", TODAY)
    assert (idea.title, idea.tags, idea.kind) == ("Pottery class", ("cheap", "indoor"), "activity")
    assert parse_idea('"Dinner at 8pm" #fancy', TODAY, kind="place").title == "Dinner at 8pm"
    assert parse_idea(describe_idea(idea), TODAY).tags == idea.tags


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Dinner at 8pm", "'at 8pm' is a day or a time"),
        ("sat Picnic", "'sat' is a day or a time"),
        ("#cheap", "no title"),
        ("Picnic 31 feb", "31 feb"),
        ("Picnic\x1b[31m", "control character"),
    ],
)
def test_an_idea_with_a_day_time_or_no_title_is_refused(text: str, reason: str) -> None:
    with pytest.raises(QuickAddError, match=reason.replace("[", r"\[")):
        parse_idea(text, TODAY)


def test_a_date_has_a_day_times_a_title_and_a_place() -> None:
    special = parse_date("sat 19:00 Dinner on the roof @ Rooftop bar", TODAY)
    assert (special.date, special.start, special.end) == (SATURDAY, parse_time("19:00"), parse_time("21:00"))
    assert (special.title, special.place, special.status, special.idea) == (
        "Dinner on the roof",
        "Rooftop bar",
        "planned",
        "",
    )
    assert parse_date(describe_date(special), TODAY).place == "Rooftop bar"
    late = parse_date("sat 22:00-01:00 Stargazing @lake", TODAY)
    assert (late.start, late.end, late.place) == (parse_time("22:00"), parse_time("01:00"), "lake")
    # A start and a length run past midnight as a range does, as the date form reads
    # them: "sat 22:30 Stars" (two hours by default) was refused as "one day at a time".
    for text, start, end in [
        ("sat 22:30 Stars", "22:30", "00:30"),
        ("sat 23:00 3h Stars", "23:00", "02:00"),
        ("sat 22:00 2h Stars", "22:00", "24:00"),
    ]:
        stars = parse_date(text, TODAY)
        assert (stars.start, stars.end, stars.title) == (parse_time(start), parse_time(end, allow_24=True), "Stars")
    any_time = parse_date('"Dinner @ home"', TODAY)  # quoted: the @ is the title's
    assert (any_time.date, any_time.start, any_time.title, any_time.place) == (TODAY, None, "Dinner @ home", "")


def test_a_date_named_like_one_idea_is_planned_from_it() -> None:
    ideas = [Idea("i1", "Board-game café", kind="place"), Idea("i2", "Bowling"), Idea("i3", "bowling ")]
    cafe = parse_date("fri 18:00 board-game CAFÉ", TODAY, ideas)
    assert (cafe.idea, cafe.place) == ("i1", "Board-game café")
    assert parse_date("fri bowling", TODAY, ideas).idea == ""  # two ideas by that name: none is guessed


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("sat 19:00 #together Dinner", "no category"),
        ("mon,wed Dinner", "not one day"),
        ("sat 19:00-19:00 Dinner", "the end is not after the start"),
        ("sat 19:00 24h Dinner", "would end after midnight"),  # a whole day round: no end
        ("sat fri Dinner", "two different days"),
        ("sat 19:00 @ Rooftop", "no title"),
        ("25:00 Dinner", "25:00"),
    ],
)
def test_a_date_that_cannot_be_read_is_refused(text: str, reason: str) -> None:
    with pytest.raises(QuickAddError, match=reason):
        parse_date(text, TODAY)


# -- on the command line ---------------------------------------------------------------------


def test_ideas_add_prints_what_was_added_and_saves_it(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ideas", "add", "Pottery", "class", "#cheap", "--data-dir", str(store.root))
    assert (code, err) == (0, "")
    assert out == 'added idea: "Pottery class" #cheap\n'
    [idea] = Store(store.root).ideas().items.values()
    assert (idea.title, idea.tags, idea.added_by) == ("Pottery class", ("cheap",), "")
    code, out, err = run(capsys, "ideas", "add", "Rooftop bar", "--place", "--json", "--data-dir", str(store.root))
    payload = json.loads(out)
    assert code == 0 and payload["title"] == "Rooftop bar" and payload["kind"] == "place"
    assert payload["id"] in Store(store.root).ideas().items


def test_dates_add_prints_the_date_and_json_gives_the_item(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store.save_config(replace(store.config, partner=PartnerSettings(me="Sam", remote="/srv/together.git")))
    code, out, err = run(capsys, "dates", "add", "sat 19:00 Dinner @ Rooftop bar", "--data-dir", str(store.root))
    assert (code, err) == (0, "")
    assert out == 'added date: sat 2026-11-28 19:00-21:00 "Dinner" @ Rooftop bar\n'
    code, out, err = run(capsys, "dates", "add", "fri 20:00 Cinema", "--json", "--data-dir", str(store.root))
    payload = json.loads(out)
    assert code == 0
    assert {k: payload[k] for k in ("date", "start", "end", "title", "added_by", "countdown")} == {
        "date": "2026-11-27",
        "start": "20:00",
        "end": "22:00",
        "title": "Cinema",
        "added_by": "Sam",
        "countdown": "in 4 days",
    }
    dates = Store(store.root).dates().items
    assert {d.title: d.added_by for d in dates.values()} == {"Dinner": "Sam", "Cinema": "Sam"}


def test_bad_input_exits_2_with_the_reason_and_changes_nothing(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    write_sample(store, TODAY)
    files = {p: p.read_bytes() for p in store.root.rglob("*.toml")}
    code, out, err = run(capsys, "dates", "add", "31 feb Dinner", "--data-dir", str(store.root))
    assert (code, out) == (2, "")
    assert "weekplan dates add: '31 feb'" in err and "nothing was added" in err
    code, out, err = run(capsys, "ideas", "add", "Brunch\x1b]0;owned\x07 at 11am", "--data-dir", str(store.root))
    assert (code, out) == (2, "") and "\x1b" not in err and "nothing was added" in err
    assert {p: p.read_bytes() for p in store.root.rglob("*.toml")} == files


def test_the_listing_still_lists_and_an_idea_tagged_add_is_found_by_tag(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    write_sample(store, TODAY)
    code, out, err = run(capsys, "ideas", "add", "Paint night #add", "--data-dir", str(store.root))
    assert code == 0, err
    code, out, err = run(capsys, "ideas", "--tag", "add", "--json", "--data-dir", str(store.root))
    assert code == 0, err
    assert [i["title"] for i in json.loads(out)["ideas"]] == ["Paint night"]
    code, out, err = run(capsys, "ideas", "--data-dir", str(store.root))
    assert code == 0 and "Paint night" in out and "Board-game café" in out
    code, out, err = run(capsys, "dates", "--json", "--data-dir", str(store.root))
    assert code == 0 and sample_id("date:rooftop") in out


def test_a_date_file_that_cannot_be_read_is_never_overwritten(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store.put_date(parse_date("sat Picnic", TODAY))
    [path] = store.root.rglob("dates/*.toml")
    path.write_text("this is = = not toml\n")
    code, _out, err = run(capsys, "dates", "add", "sat 19:00 Dinner", "--data-dir", str(store.root))
    assert code == 1 and "nothing was added" in err
    assert path.read_text() == "this is = = not toml\n"
