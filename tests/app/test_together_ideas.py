"""The idea backlog and the idea form: derived statistics, never-tried ideas standing
out, tags, sorting, and adding, editing and deleting through the undo history."""

from __future__ import annotations

from datetime import date

import pytest
from rich.cells import cell_len
from screens_host import screen_text
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Select
from together_support import TogetherHost

from weekplan.app.together.idea_form import IdeaForm
from weekplan.app.together.ideas_screen import IdeasScreen
from weekplan.model import Idea, PartnerSettings
from weekplan.record import replace
from weekplan.sample import sample_id, write_sample
from weekplan.store import Store
from weekplan.together import idea_stats

TODAY = date(2026, 11, 23)
BOWLING = sample_id("idea:bowling")


def ideas_host(store: Store, *, privacy: bool = False) -> TogetherHost:
    return TogetherHost(store, lambda save: IdeasScreen(store, store.config, TODAY, save=save, privacy=privacy))


def rows(app: TogetherHost) -> list[list[str]]:
    table = app.screen.query_one("#ideas-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def row_ids(app: TogetherHost) -> list[str]:
    table = app.screen.query_one("#ideas-table", DataTable)
    return [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]


async def go_to_idea(pilot: Pilot[None], app: TogetherHost, idea_id: str) -> None:
    for _ in range(len(row_ids(app))):
        table = app.screen.query_one("#ideas-table", DataTable)
        if row_ids(app)[table.cursor_row] == idea_id:
            return
        await pilot.press("down")
    raise AssertionError(f"{idea_id} is not in the table")


def fresh_ideas(store: Store) -> dict[str, Idea]:
    return Store(store.root).ideas().items


async def test_every_idea_with_times_done_and_never_tried_ones_marked(store: Store) -> None:
    data = write_sample(store, TODAY)
    app = ideas_host(store)
    async with app.run_test(size=(120, 40)):
        shown = dict(zip(row_ids(app), rows(app), strict=True))
        text = screen_text(app)
    stats = idea_stats(data.ideas, data.dates, TODAY)
    assert set(shown) == {i.id for i in data.ideas}
    for idea_id, (mark, title, done, _last, _kind, _tags) in shown.items():
        use = stats[idea_id]
        assert title == use.idea.title
        assert (mark == "✦ new") == (use.never_tried and use.next_planned is None)
        assert done == (f"{use.times_done}×" if use.times_done else "never")
    assert shown[BOWLING][2:4] == ["2×", "2 weeks ago"]
    assert f"12 ideas · {sum(s.never_tried for s in stats.values())} never tried" in text


async def test_o_cycles_the_sort_and_tags_filter(store: Store) -> None:
    write_sample(store, TODAY)
    app = ideas_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")  # by title
        titles = [r[1] for r in rows(app)]
        assert titles == sorted(titles, key=str.casefold)
        assert "sorted by title" in screen_text(app)
        await pilot.press("o")  # most often done first
        assert rows(app)[0][1] == "Bowling"
        await pilot.press("slash", *"summer")
        ideas = store.ideas().items
        assert row_ids(app) and all("summer" in ideas[i].tags for i in row_ids(app))
        assert len(row_ids(app)) == sum("summer" in i.tags for i in ideas.values())


async def test_enter_returns_the_idea_to_plan_a_date_from(store: Store) -> None:
    write_sample(store, TODAY)
    app = ideas_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_idea(pilot, app, BOWLING)
        await pilot.press("enter")
    assert app.results == [store.ideas().items[BOWLING]]


async def test_a_adds_an_idea_with_its_tags(store: Store) -> None:
    write_sample(store, TODAY)
    app = ideas_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, IdeaForm)
        await pilot.press(*"Pottery [bold]wheel[/]")
        form.query_one("#field-cost", Select).value = "cheap"
        form.query_one("#field-setting", Select).value = "indoor"
        form.query_one("#field-tags", Input).value = "messy, rainy day, Cheap"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, IdeasScreen)
        text = screen_text(app)
    [added] = [i for i in fresh_ideas(store).values() if i.title == "Pottery [bold]wheel[/]"]
    assert added.tags == ("cheap", "indoor", "messy", "rainy day")
    assert "Pottery [bold]wheel[/]" in text  # shown as typed, never as markup
    app.history.undo(store)
    assert added.id not in fresh_ideas(store)


async def test_the_form_refuses_an_empty_title_and_keeps_what_was_typed(store: Store) -> None:
    app = TogetherHost(store, lambda _save: IdeaForm())
    async with app.run_test(size=(80, 24)) as pilot:
        form = app.screen
        form.query_one("#field-notes", Input).value = "somewhere with a view"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#form-save", Button).disabled
        assert "Give it a title" in screen_text(app)
        assert form.query_one("#field-notes", Input).value == "somewhere with a view"
    assert app.results == []


async def test_e_edits_an_idea_and_keeps_tags_it_does_not_show(store: Store) -> None:
    store.put_idea(Idea("i1", "Kayak trip", "activity", ("summer", "winter", "outdoor")))
    app = ideas_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, IdeaForm)
        # Two seasons: one fills the choice, the other stays among the free tags.
        assert form.query_one("#field-season", Select).value == "summer"
        assert form.query_one("#field-tags", Input).value == "winter"
        await pilot.press("end", *" on the lake", "ctrl+s")
        await pilot.pause()
    edited = fresh_ideas(store)["i1"]
    assert edited.title == "Kayak trip on the lake"
    assert set(edited.tags) == {"summer", "winter", "outdoor"}
    assert [e.label for e in app.saved] == ["edit idea “Kayak trip on the lake”"]


async def test_saving_an_unchanged_idea_is_no_edit(store: Store) -> None:
    store.put_idea(Idea("i1", "Kayak trip", "activity", ("outdoor", "summer")))
    app = ideas_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "ctrl+s")
        await pilot.pause()
    assert app.saved == []


async def test_x_deletes_after_asking_and_undo_brings_it_back(store: Store) -> None:
    write_sample(store, TODAY)
    app = ideas_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to_idea(pilot, app, BOWLING)
        await pilot.press("x", "n")  # keep it
        assert BOWLING in fresh_ideas(store)
        await pilot.press("x", "y")
        assert BOWLING not in fresh_ideas(store)
        assert BOWLING not in row_ids(app)
    # The dates planned from it are untouched.
    assert any(d.idea == BOWLING for d in Store(store.root).dates().items.values())
    app.history.undo(store)
    assert fresh_ideas(store)[BOWLING].title == "Bowling"


async def test_edit_and_delete_on_an_empty_list_say_why(store: Store) -> None:
    store.put_idea(Idea("i1", "Kayak trip", "activity", ("outdoor", "summer")))
    app = ideas_host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"underwater", "enter")
        assert row_ids(app) == []
        await pilot.press("e", "x")
        said = [n.message for n in app._notifications]
        assert said == ["No idea has the tags underwater"] * 2
        assert isinstance(app.screen, IdeasScreen)  # no form, no question opened
    assert fresh_ideas(store)["i1"].title == "Kayak trip"


@pytest.mark.parametrize(("remapped", "said"), [({}, "a adds one"), ({"ideas.add": "n"}, "n adds one")])
async def test_an_empty_backlog_names_its_add_key(store: Store, remapped: dict[str, str], said: str) -> None:
    app = ideas_host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_keymap(remapped)
        await pilot.press("e")
        assert [n.message for n in app._notifications] == [f"No ideas yet: {said}"]


async def test_a_narrow_backlog_shows_only_whole_keys_in_its_footer(store: Store) -> None:
    write_sample(store, TODAY)
    app = ideas_host(store)
    async with app.run_test(size=(46, 16)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        descriptions = {"Close", "Add", "Edit", "Delete", "Sort", "Love", "Tags"}
        shown = [part.strip().split(" ", 1) for part in footer.split("  ") if part.strip()]
        assert shown[0] == ["esc", "Close"], footer
        for part in shown:
            assert len(part) == 2 and part[1] in descriptions, footer  # no key without its words


async def test_privacy_hides_titles_and_masks_them_in_the_form(store: Store) -> None:
    data = write_sample(store, TODAY)
    app = ideas_host(store, privacy=True)
    async with app.run_test(size=(120, 40)) as pilot:
        text = screen_text(app)
        await pilot.press("e")
        form_text = screen_text(app)
    for idea in data.ideas:
        assert idea.title not in text
        assert idea.title not in form_text
    assert "•••" in text
    for idea in data.ideas:
        if idea.notes:
            assert idea.notes not in form_text


def with_a_long_idea_and_a_partner(store: Store) -> Store:
    """The sample, one idea with a long title, and a partner (who adds two columns)."""
    write_sample(store, TODAY)
    store.put_idea(Idea("long", "A weekend of canoeing down the river and camping on its banks", tags=["outdoor"]))
    store.save_config(replace(store.config, partner=PartnerSettings(me="Alex", remote="/srv/together.git")))
    return Store(store.root)


async def test_at_80_columns_every_column_fits_and_long_text_ends_in_an_ellipsis(store: Store) -> None:
    # Eight columns (sharing with a partner adds two) used to run past the dialog: the
    # table scrolled sideways and the tags were out of sight.  Now the wide columns
    # give up width, their text cut with "…"; the mark and the counts stay whole.
    app = ideas_host(with_a_long_idea_and_a_partner(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#ideas-table", DataTable)
        keys = {str(key.value) for key in table.columns}
        assert keys == {"mark", "title", "done", "last", "kind", "tags"}  # no loves, no "Added by" yet: left out
        assert table.virtual_size.width <= table.scrollable_content_region.width  # nothing to scroll to
        assert table.max_scroll_x == 0
        text = screen_text(app)
        assert "Tags" in text and "Last done" in text and "10 weeks ago" in text and "✦ new" in text
        long_line = next(line for line in text.splitlines() if "A weekend of" in line)
        assert "…" in long_line and "banks" not in long_line
        # Wider, the columns widen again.
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert "A weekend of canoeing down" in screen_text(app)


async def test_the_tags_hint_lists_whole_tags_that_fit_then_an_ellipsis(store: Store) -> None:
    # The field's hint ran out of the field, cut mid-word and without a sign.
    data = write_sample(store, TODAY)
    every = sorted({tag for idea in data.ideas for tag in idea.tags})
    app = ideas_host(store)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#ideas-tags", Input)
        hint = str(field.placeholder)
        assert hint.endswith(", …") and cell_len(hint) <= field.content_region.width
        shown = hint.removesuffix(", …").split(", ")
        assert shown and all(tag in every for tag in shown)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert str(field.placeholder) == ", ".join(every[:8])


async def test_at_80_columns_the_tags_keep_their_width_and_an_empty_column_is_left_out(store: Store) -> None:
    # The tags shrank first, down to "cal…", while "Added by" kept its width over an empty column and
    # the kind was cut ("acti…"): now the kind and when it was last done give up width before the tags.
    app = ideas_host(with_a_long_idea_and_a_partner(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#ideas-table", DataTable)
        assert all(not idea.added_by for idea in Store(store.root).ideas().items.values())  # the column is empty
        assert "added" not in {str(key.value) for key in table.columns}
        assert table.virtual_size.width <= table.scrollable_content_region.width
        tags = table.columns[next(k for k in table.columns if k.value == "tags")]
        widest = max(cell_len(" ".join(idea.tags)) for idea in Store(store.root).ideas().items.values())
        assert tags.width >= min(widest, 10), tags.width  # the tags are shrunk last but the title


async def test_at_60_columns_the_table_fits_without_scrolling_sideways(store: Store) -> None:
    write_sample(store, TODAY)
    store.put_idea(Idea("long", "A weekend of canoeing down the river and camping on its banks", tags=["outdoor"]))
    store.put_idea(Idea("mine", "Pottery class", added_by="Sam", tags=["indoor", "calm"]))
    store.save_config(replace(store.config, partner=PartnerSettings(me="Alex", remote="/srv/together.git")))
    app = ideas_host(Store(store.root))
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#ideas-table", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width, table.virtual_size
        assert table.max_scroll_x == 0
        text = screen_text(app)
        assert "Tags" in text and "✦ new" in text and "Done" in text


def ideas_hint(app: TogetherHost) -> str:
    return str(app.screen.query_one("#ideas-hint").content)


async def test_the_hint_names_the_keys_bound_now_and_offers_an_ideas_keys_only_with_one(store: Store) -> None:
    write_sample(store, TODAY)
    app = ideas_host(store)
    app.set_keymap({"ideas.add": "n", "ideas.edit": "E", "ideas.delete": "d", "ideas.sort": "S"})
    async with app.run_test(size=(120, 40)) as pilot:
        hint = ideas_hint(app)
        assert hint == "enter plans a date · E edit · d delete · n add · S sort · / tags · esc close"
        assert "(S)" in screen_text(app)  # the status line's sort key too
        await pilot.press("slash", *"zzz-no-such-tag")
        await pilot.pause()
        assert ideas_hint(app) == "n add · S sort · / tags · esc close"  # no idea listed to edit or delete


async def test_with_no_ideas_at_all_the_hint_offers_only_adding_one(store: Store) -> None:
    app = ideas_host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert ideas_hint(app) == "a add · o sort · / tags · esc close"
        await pilot.press("a")
        assert isinstance(app.screen, IdeaForm)  # the key the hint names
