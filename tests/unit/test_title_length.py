"""Titles have a length a person can read on one line: new ones longer than
TITLE_MAX_LENGTH are refused with a clear message (forms, quick add, routines), and
an imported one is made to fit, the whole of it kept in the notes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from weekplan.cli import main
from weekplan.form_rules import FieldError, read_title
from weekplan.ics_import import apply_import, plan_import
from weekplan.model import TITLE_MAX_LENGTH, fitted_title, title_problem
from weekplan.store import Store

LONGEST = "x" * TITLE_MAX_LENGTH
TOO_LONG = "y" * (TITLE_MAX_LENGTH + 1)


def test_the_model_says_what_is_wrong_with_a_long_title() -> None:
    assert title_problem(LONGEST) is None
    problem = title_problem(TOO_LONG)
    assert problem is not None
    assert f"at most {TITLE_MAX_LENGTH} characters" in problem and f"has {TITLE_MAX_LENGTH + 1}" in problem


def test_a_form_refuses_a_long_title() -> None:
    assert read_title(f"  {LONGEST}  ") == LONGEST
    with pytest.raises(FieldError, match=f"A title is at most {TITLE_MAX_LENGTH} characters"):
        read_title(TOO_LONG)


def test_quick_add_refuses_a_long_title(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", f"fri 19:00 {TOO_LONG} #friends"]) == 2
    err = capsys.readouterr().err
    assert f"at most {TITLE_MAX_LENGTH} characters" in err and "nothing was added" in err
    store.forget()
    assert store.activities_between(date(2026, 11, 23), date(2026, 11, 29)) == []
    assert main(["add", f"fri 19:00 {LONGEST} #friends"]) == 0


def test_routine_add_refuses_a_long_title(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routine", "add", f"{TOO_LONG} mon 07:00 1h #fitness"]) == 2
    assert f"at most {TITLE_MAX_LENGTH} characters" in capsys.readouterr().err
    store.forget()
    assert not store.routines().items


@pytest.mark.parametrize(
    ("text", "notes", "title", "kept"),
    [
        ("dinner", "bring wine", "dinner", "bring wine"),
        ("dinner\nat Lumen's", "", "dinner", "dinner\nat Lumen's"),
        ("dinner\r\nat Lumen's", "bring wine", "dinner", "dinner\r\nat Lumen's\n\nbring wine"),
        (TOO_LONG, "", "y" * (TITLE_MAX_LENGTH - 1) + "…", TOO_LONG),
    ],
)
def test_a_title_from_elsewhere_is_fitted_and_nothing_is_lost(text: str, notes: str, title: str, kept: str) -> None:
    fitted, new_notes, cut = fitted_title(text, notes)
    assert (fitted, new_notes) == (title, kept)
    assert cut == (text == TOO_LONG)
    assert len(fitted) <= TITLE_MAX_LENGTH and "\n" not in fitted


def ics(*events: tuple[str, str]) -> bytes:
    body = "".join(
        "BEGIN:VEVENT\r\n"
        f"UID:{uid}@example.org\r\nDTSTAMP:20261101T000000Z\r\n"
        "DTSTART:20261127T190000\r\nDTEND:20261127T200000\r\n"
        f"SUMMARY:{summary}\r\nDESCRIPTION:from the club\r\nEND:VEVENT\r\n"
        for uid, summary in events
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n{body}END:VCALENDAR\r\n".encode()


def test_an_import_keeps_titles_on_one_line_and_says_what_it_cut(store: Store) -> None:
    data = ics(("lines", "climbing\\nbring the rope"), ("long", TOO_LONG), ("plain", "swim"))
    plan = plan_import([(Path("club.ics"), data)], store, today=date(2026, 11, 23))
    notes = "\n".join(plan.notes)
    assert "longer than 200 characters was cut; the whole of it is in the notes" in notes
    assert "a title of several lines" in notes and "'swim'" not in notes
    apply_import(plan, store)
    store.forget()
    found = {a.title: a.notes for a in store.activities_between(date(2026, 11, 27), date(2026, 11, 27))}
    assert found["climbing"] == "climbing\nbring the rope\n\nfrom the club"
    assert found["y" * (TITLE_MAX_LENGTH - 1) + "…"] == f"{TOO_LONG}\n\nfrom the club"
    assert found["swim"] == "from the club"


def test_a_title_of_bytes_that_are_not_text_is_refused_plainly(private_data_dir: Path) -> None:
    # A terminal not set to UTF-8 passes bytes Python cannot decode: no traceback, nothing added.
    env = {**os.environ, "WEEKPLAN_DATA_DIR": str(private_data_dir)}
    for argv in ([b"add", b"fri 19:00 caf\xe9 #friends"], [b"routine", b"add", b"caf\xe9 mon 07:00 #fitness"]):
        done = subprocess.run([sys.executable, "-m", "weekplan", *argv], capture_output=True, env=env, timeout=60)
        assert done.returncode == 2
        assert done.stderr.decode() == (
            f"weekplan {' '.join(a.decode() for a in argv[:-1])}: the title holds bytes that are not UTF-8 text "
            "(is the terminal set to UTF-8?); nothing was added\n"
        )
    assert not (private_data_dir / "weeks").exists() or not any((private_data_dir / "weeks").iterdir())
