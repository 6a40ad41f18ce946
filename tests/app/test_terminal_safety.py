"""No control character from user text reaches the terminal from the planner.

Every title, place, note, tag, memory and category name below tries to drive the
terminal (tests/hostile_text.py).  Each test opens the planner on them, goes where
they are shown (the grid, the Together panel, every dialog, toasts) and checks what
would be written to the terminal: the text of every painted segment, and the whole
frame as escape sequences, in which only Textual's own colour and cursor sequences
may remain.  Textual markup in a title shows literally.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from planner_support import make_app
from textual import events
from textual.widgets import Input, Static

from hostile_text import HOSTILE, unsafe_in
from weekplan.app.planner import PlannerApp
from weekplan.app.screens.activity_form import ActivityForm
from weekplan.app.screens.confirm import ConfirmScreen
from weekplan.app.screens.date_form import DateForm
from weekplan.app.screens.error_screen import ErrorScreen
from weekplan.app.screens.occurrence_scope import OccurrenceScope
from weekplan.app.screens.search_screen import SearchScreen
from weekplan.app.together.goals_form import GoalsForm
from weekplan.app.together.idea_form import IdeaForm
from weekplan.app.together.ideas_screen import IdeasScreen
from weekplan.app.together.review_screen import ReviewScreen
from weekplan.app.together.suggest_screen import SuggestScreen
from weekplan.display_text import one_line
from weekplan.model import TITLE_MAX_LENGTH, Activity, Category, Goal, Idea, SpecialDate
from weekplan.record import replace
from weekplan.routines import Routine
from weekplan.store import Store
from weekplan.weeks import IsoWeek

SIZE = (160, 60)  # room for every hostile entry of the week at once
# Every test runs with notifications=True: run_test leaves toasts out otherwise.
# Textual's own sequences in a frame: colours and styles (SGR), and cursor moves.
TEXTUALS_OWN = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\d+;\d+H")
NAMES = sorted(name for name in HOSTILE if name != "long")
OSC0 = HOSTILE["osc0"]
W48 = IsoWeek(2026, 48)


def frame(app: PlannerApp) -> str:
    """The whole screen as it would be written to the terminal: its text, one line per
    screen line; checked for controls in the painted text and in the escape stream."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    lines = ["".join(segment.text for strip in line for segment in strip) for line in update.strips]
    text = "\n".join(lines)
    assert unsafe_in(text.replace("\n", " ")) == [], text
    stream = update.render_segments(app.console)
    assert unsafe_in(TEXTUALS_OWN.sub("", stream).replace("\n", " ")) == []
    return text


@pytest.fixture
def hostile(store: Store) -> Store:
    """Every hostile text as activity (this week and last), date, idea, routine, tag,
    note, memory, and the name of a category with a goal."""
    texts = [HOSTILE[name] for name in NAMES]
    for index, text in enumerate(texts):
        day, hour = 23 + index % 7, 9 + (index // 7) * 3
        store.put_activity(
            Activity(f"a{index}", date(2026, 11, day), hour * 60, hour * 60 + 90, text, "evil", notes=text)
        )
        store.put_activity(Activity(f"w{index}", date(2026, 11, day - 7), hour * 60, hour * 60 + 60, text, "hobby"))
        store.put_idea(Idea(f"i{index}", text, tags=("cheap", text), notes=text))
        store.put_date(
            SpecialDate(
                f"d{index}",
                date(2026, 11, 24 + index % 6),
                text,
                19 * 60 + (index // 6) * 60,
                19 * 60 + (index // 6) * 60 + 45,
                place=text,
                idea=f"i{index}",
                prep=text,
                prep_days=3,
                notes=text,
            )
        )
        store.put_date(SpecialDate(f"p{index}", date(2026, 11, 16 + index % 7), text, memory=text, status="done"))
    store.put_date(SpecialDate("long", date(2026, 11, 26), HOSTILE["long"], place=HOSTILE["long"]))
    store.put_routine(Routine("r1", HOSTILE["osc52"], "fitness", (0, 2), 7 * 60, 8 * 60, date(2026, 11, 1)))
    config = store.config
    store.save_config(replace(config, categories=(*config.categories, Category("evil", OSC0, "#aa3355"))))
    store.put_goal(Goal("evil", count=3))
    store.forget()
    return store


async def test_week_grid_panel_and_header(hostile: Store) -> None:
    app = make_app(hostile)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        shown = frame(app)
        assert "␛]0;PWNED" in shown and "<U+202E>" in shown  # the titles are there, made visible
        assert "[red]x[/]" in shown  # markup shown literally, not read
        await pilot.press("T")  # the panel on its own, where titles are not cut as much
        await pilot.pause()
        frame(app)
        assert "[@click=app.quit]quit[/]" in app.panel.text
        await pilot.press("P")  # privacy: the toast says so; nothing shows raw either way
        await pilot.pause()
        frame(app)


async def test_editing_shows_every_field_visibly_and_keeps_the_stored_text(hostile: Store) -> None:
    app = make_app(hostile)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        activity = hostile.week(W48).items["a0"]
        app.reveal(activity)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ActivityForm)
        shown = frame(app)
        assert "␛" in shown or "<U+" in shown
        title = app.screen.query_one("#field-title", Input)
        assert "\x1b" not in title.value and "\x9b" not in title.value
        # Change the time only: the title is saved as it was stored, controls and all.
        start = app.screen.query_one("#field-start", Input)
        start.value = "10:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = hostile.week(W48).items["a0"]
        assert saved.start == 10 * 60
        assert saved.title == activity.title and saved.notes == activity.notes
        frame(app)  # the toast and the grid after saving


async def test_dialogs_show_user_text_visibly(hostile: Store) -> None:
    app = make_app(hostile)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        dates = hostile.dates().items
        ideas = hostile.ideas().items
        screens = [
            DateForm(hostile.config, list(ideas.values()), day=date(2026, 11, 24), start=None, special=dates["d1"]),
            IdeaForm(ideas["i2"]),
            GoalsForm(hostile.config, hostile.goals().items.values()),
            IdeasScreen(hostile, hostile.config, app.today, save=app.apply_quietly),
            SuggestScreen(hostile, hostile.config, app.today, app.first_day),
            ReviewScreen(hostile, hostile.config, app.today, save=app.apply_quietly),
            ConfirmScreen(f"Delete “{OSC0}”?\n{HOSTILE['clear']}"),
            OccurrenceScope(f"“{HOSTILE['c1_csi']}” repeats."),
            ErrorScreen(f"Problem in {HOSTILE['osc8']}", [HOSTILE["long"], HOSTILE["bidi"]]),
        ]
        for screen in screens:
            await app.push_screen(screen)
            await pilot.pause()
            shown = frame(app)
            assert "␛" in shown or "<U+" in shown, type(screen).__name__  # the user text is there
            app.pop_screen()
            await pilot.pause()


@pytest.mark.parametrize("key", ["m", "M"])
async def test_the_overview_shows_titles_and_categories_visibly(hostile: Store, key: str) -> None:
    app = make_app(hostile)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(key)
        assert type(app.screen).__name__ == "OverviewScreen"
        shown = frame(app)
        assert "␛" in shown or "<U+" in shown  # the hostile titles are there, made visible
        await pilot.press("question_mark")  # its help, over it
        frame(app)


async def test_search_results_are_one_line_each(hostile: Store) -> None:
    app = make_app(hostile)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        for char in "line":
            await pilot.press(char)
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = frame(app)
        assert "first line↵second line" in shown


async def test_toasts_quote_titles_visibly(hostile: Store) -> None:
    app = make_app(hostile)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        activity = hostile.week(W48).items["a1"]
        app.reveal(activity)
        await pilot.press("x")  # "Deleted “…”; u brings it back"
        await pilot.pause()
        assert "Deleted “" in frame(app)
        await pilot.press("u")  # "Undone: delete “…”"
        await pilot.pause()
        assert "Undone: delete “" in frame(app)
        app.notify(f"toast: {HOSTILE['osc52']}\n{HOSTILE['c1_osc']}", title=HOSTILE["osc0"])
        await pilot.pause()
        shown = frame(app)
        assert "toast: clip ␛]52;c;cHduZWQ=␇ board" in shown and "title ␛]0;PWNED-TITLE␇ set" in shown


async def test_a_routine_question_quotes_its_title_visibly(hostile: Store) -> None:
    app = make_app(hostile)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        occurrence = next(
            a for a in hostile.activities_between(date(2026, 11, 25), date(2026, 11, 25)) if a.start == 420
        )
        app.reveal(occurrence)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, OccurrenceScope)
        assert "␛]52;c;cHduZWQ=␇" in frame(app)


@pytest.mark.parametrize("where", ["activity form", "search"])
async def test_a_pasted_escape_sequence_is_shown_not_obeyed(store: Store, where: str) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("a" if where == "activity form" else "slash")
        await pilot.pause()
        field = app.screen.focused
        assert isinstance(field, Input)
        app.post_message(events.Paste("\x1b]0;PWNED\x07 \x9b2J evil\nsecond line"))
        await pilot.pause()
        assert field.value.endswith("␛]0;PWNED␇ <U+009B>2J evil")  # its first line, made visible
        frame(app)


async def test_an_unreadable_file_is_reported_visibly(store: Store) -> None:
    store.dates_path(2026).parent.mkdir(exist_ok=True)
    store.dates_path(2026).write_text('[dates.x]\ndate = 2026-11-25\ntitle = "a"\nstatus = "\\u001b]0;PWNED\\u0007"\n')
    store.forget()
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        frame(app)  # the banner
        app.action_show_problems()
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert "2026.toml:4:" in frame(app)


async def test_a_form_refuses_a_title_longer_than_the_limit(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActivityForm)
        form.query_one("#field-title", Input).value = "x" * (TITLE_MAX_LENGTH + 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open, with what was typed
        assert form.query_one("#field-title", Input).value == "x" * (TITLE_MAX_LENGTH + 1)
        message = form.query_one("#message-title", Static).content
        assert f"A title is at most {TITLE_MAX_LENGTH} characters" in getattr(message, "plain", str(message))
        assert store.activities_between(date(2026, 11, 23), date(2026, 11, 29)) == []


async def test_palette_help_and_footer_show_remapped_keys_literally(store: Store) -> None:
    store.save_config(replace(store.config, keys={"help": "f1,\x1b]0;PWNED-KEY\x07", "search": "[red]x"}))
    store.forget()
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        # The key bar, and the notice naming the keys that cannot be keys (as text; a
        # toast wraps it, so its words are looked for on the screen one by one).
        said = [n.message for n in app._notifications if "PWNED-KEY" in n.message]
        assert said and "key binding 'help': '\\x1b]0;PWNED-KEY\\x07' is not a key" in said[0]
        assert "0;PWNED-KEY\\x07'" in frame(app).replace("\n", "").replace(" ", "")
        app.clear_notifications()
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        shown = frame(app)  # the help lists every key: not one that is no key
        assert re.search(r"│\s+f1\s+Help\s", shown), shown
        assert [line for line in shown.splitlines() if "PWNED-KEY" in line and "key binding" not in line] == []
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        for char in "se":
            await pilot.press(char)
        await pilot.pause()
        frame(app)


async def test_the_review_shows_a_week_note_visibly_and_leaves_it_as_stored(hostile: Store) -> None:
    note = f"{HOSTILE['osc52_st']}\nand a second line"
    for week in (IsoWeek(2026, 47), W48):
        hostile.set_week_note(week, note)
    hostile.forget()
    app = make_app(hostile)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        field = app.screen.query_one("#review-note", Input)
        assert field.value == "copy ␛]52;c;c3Q=␛\\ paste↵and a second line"
        frame(app)
        await pilot.press("escape")  # closing saves the note, when it was changed
        await pilot.pause()
        hostile.forget()
        assert {hostile.week_note(week) for week in (IsoWeek(2026, 47), W48)} == {note}


async def test_titles_a_sync_brings_while_the_planner_runs_are_shown_harmlessly(store: Store) -> None:
    app = make_app(store)
    app.DISK_POLL_SECONDS = 0.05
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        other = Store(store.root)  # git writing the files a pull brought
        for index, name in enumerate(NAMES):
            text = HOSTILE[name]
            other.put_activity(Activity(f"s{index}", date(2026, 11, 23 + index % 7), 9 * 60, 10 * 60, text, "rest"))
            other.put_date(SpecialDate(f"t{index}", date(2026, 11, 24 + index % 6), text, place=text))
        await pilot.pause(0.4)  # a few turns of the poll's timer
        shown = frame(app)
        assert "␛]0;PWNED" in app.panel.text or "␛]0;PWNED" in shown
        assert {a.id for a in app.week_activities} >= {f"s{index}" for index in range(len(NAMES))}


async def test_privacy_hides_a_title_in_a_toast_in_its_visible_form_too(store: Store) -> None:
    title = "surprise \x1b]0;x\x07 for Sam\nat the lake"
    store.put_idea(Idea("gift", title))
    store.forget()
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("P")
        await pilot.pause()
        app.notify(f"Deleted “{one_line(title)}”; and in full: {title}")
        await pilot.pause()
        shown = frame(app)
        assert "surprise" not in shown and "Sam" not in shown
        assert "Deleted “•••”" in shown, shown


async def test_a_bracketed_paste_from_the_terminal_types_only_printable_text(store: Store) -> None:
    # What Textual makes of the bytes a terminal sends for a paste with an escape
    # sequence in it: the paste ends at the ESC, the rest comes as keys.
    from textual._xterm_parser import XTermParser

    pasted = "evil \x1b]0;PWNED\x07 \x9b2J \x1b[2J here"
    app = make_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("a")
        await pilot.pause()
        field = app.screen.focused
        assert isinstance(field, Input)
        for event in XTermParser().feed(f"\x1b[200~{pasted}\x1b[201~"):
            app.post_message(event)
            await pilot.pause()
        assert field.value and unsafe_in(field.value) == [], field.value
        assert "PWNED" in field.value  # typed as text, not obeyed
        frame(app)
