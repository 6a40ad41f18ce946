"""Settings of config.toml this version does not know (a newer version's, or a slip of
the fingers): each is a warning at its line, never a reason to refuse a save, and a
save keeps them as written.  And the keys of [keys] the planner cannot bind as written:
an id no binding has, a key two actions would share."""

from __future__ import annotations

import tomllib

from weekplan.key_bindings import binding_ids, settled
from weekplan.keymap_data import LIVE_TOGETHER
from weekplan.model import Config
from weekplan.record import replace
from weekplan.store import Store

NEWER = """\
first_weekday = "monday"
week_numbers = "iso"

[categories.music]
name = "Music"
color = "#e0a030"
icon = "♪"

[partner]
me = "Alex"
nickname = "Al"

[sounds]
reminder = "bell"
"""


def test_settings_of_a_newer_version_are_warned_of_and_kept_by_a_save(store: Store) -> None:
    store.config_path.write_text(NEWER, "utf-8")
    fresh = Store.open(store.root)
    assert fresh.config_errors == []
    said = [(w.line, w.message.split(";")[0]) for w in fresh.config_warnings]
    assert said == [
        (7, "[categories.music] has no setting 'icon'"),
        (11, "[partner] has no setting 'nickname'"),
        (2, "config.toml has no setting 'week_numbers'"),
        (13, "config.toml has no table 'sounds'"),
    ]
    fresh.save_config(replace(fresh.config, slot_minutes=15))
    saved = tomllib.loads(store.config_path.read_text("utf-8"))
    assert saved["slot_minutes"] == 15
    assert saved["week_numbers"] == "iso" and saved["sounds"] == {"reminder": "bell"}
    assert saved["categories"]["music"] == {"name": "Music", "color": "#e0a030", "together": False, "icon": "♪"}
    assert saved["partner"]["nickname"] == "Al" and saved["partner"]["me"] == "Alex"
    assert len(Store.open(store.root).config_warnings) == 4  # still unused, still said


def test_the_setting_meant_is_suggested_only_when_it_is_close() -> None:
    raw = {"slot_minuets": 15, "zzz": 1, "categories": {"music": {"togther": True}}, "partner": {"shre_busy": False}}
    _config, _problems, warnings = Config.from_toml(raw)
    assert [message.split(";")[0] for _, _, message in warnings] == [
        "[categories.music] has no setting 'togther' (did you mean 'together'?)",
        "[partner] has no setting 'shre_busy' (did you mean 'share_busy'?)",
        "config.toml has no setting 'slot_minuets' (did you mean 'slot_minutes'?)",
        "config.toml has no setting 'zzz'",
    ]


def test_an_override_that_takes_the_quit_key_loses_it_and_quit_keeps_it() -> None:
    config, problems, warnings = Config.from_toml({"keys": {"add_activity": "q,a", "next_week": "ctrl+n"}})
    assert problems == []
    assert config.keymap() == {"add_activity": "a", "next_week": "ctrl+n"}
    assert [key for _, key, _ in warnings] == ["add_activity"]
    assert config.to_toml()["keys"] == {"add_activity": "q,a", "next_week": "ctrl+n"}  # the file keeps it


def test_a_key_for_the_grid_and_one_for_the_panel_do_not_clash() -> None:
    # The grid and the panel never have the focus at once: one key may do for both.
    kept, warnings = settled({"copy": ["f5"], "panel_ideas": ["f5"]})
    assert kept == {"copy": ["f5"], "panel_ideas": ["f5"]} and warnings == []


def test_two_bindings_of_one_action_share_a_key_without_a_word() -> None:
    kept, warnings = settled({"goals": ["f6"], "panel_goals": ["f6"]})
    assert kept == {"goals": ["f6"], "panel_goals": ["f6"]} and warnings == []


def test_a_swap_of_two_keys_is_no_clash() -> None:
    kept, warnings = settled({"undo": ["ctrl+r"], "redo": ["u"]})
    assert kept == {"undo": ["ctrl+r"], "redo": ["u"]} and warnings == []


def test_an_override_left_out_gives_its_key_back_and_what_then_clashes_is_left_out_too() -> None:
    # help's override clashes with search's; left out, help has "?" again, which the
    # override of go_to_date takes too.
    kept, warnings = settled({"help": ["slash"], "go_to_date": ["question_mark"], "undo": ["z"]})
    assert kept == {"undo": ["z"]}
    assert [ident for ident, _ in warnings] == ["help", "go_to_date"]


def test_a_dialog_id_is_known_and_one_no_binding_has_is_not() -> None:
    kept, warnings = settled({"form.save": ["ctrl+w"], "form.sav": ["ctrl+w"]})
    assert kept == {"form.save": ["ctrl+w"]}
    said = "no binding is called 'form.sav'; it is left unused (? lists the keys and their ids)"
    assert warnings == [("form.sav", said)]


def test_the_planners_own_keys_clash_nowhere() -> None:
    # Only overrides are ever left out: the keys the planner comes with, given as
    # overrides, must clash nowhere (the panel's G and the screen's are one action).
    own = {row.id: row.key.split(",") for group in LIVE_TOGETHER for _, rows in group for row in rows if row.id}
    assert set(own) == binding_ids() and len(own) > 80
    kept, warnings = settled(own)
    assert warnings == [] and kept == own


def test_an_override_that_takes_ctrl_q_is_left_out_since_ctrl_q_quits_first() -> None:
    # Textual's own ctrl+q quits before any other binding sees it, in every screen.
    kept, warnings = settled({"add_activity": ["ctrl+q"], "form.save": ["ctrl+q"], "search": ["ctrl+c"]})
    assert kept == {}
    assert [ident for ident, _ in warnings] == ["add_activity", "search", "form.save"]
    assert "ctrl+q is also the key of the fixed 'quit' in the whole planner" in warnings[0][1]


def test_an_override_that_takes_tab_in_a_dialog_is_left_out_since_tab_moves_between_fields() -> None:
    # Every screen of Textual's moves the focus with tab and shift+tab; a form saved by
    # tab could not reach its second field.  The main screen gives tab to switch_focus.
    kept, warnings = settled({"form.save": ["tab", "ctrl+o"], "review.close": ["shift+tab"], "add_activity": ["tab"]})
    assert kept == {"form.save": ["ctrl+o"]}
    assert warnings == [
        (
            "add_activity",
            "tab is also the key of 'switch_focus' in the main screen; the binding keeps its own key"
            "; give 'switch_focus' another key in [keys] to use tab for 'add_activity'",
        ),
        (
            "review.close",
            "shift+tab is also the key of the fixed 'focus_previous' in every dialog; the binding keeps its own key",
        ),
        ("form.save", "tab is also the key of the fixed 'focus_next' in every dialog; tab is left out"),
    ]


def test_an_override_that_takes_down_in_the_panel_is_left_out() -> None:
    # The Together panel is a list of rows: down moves in it, and would stop adding.
    kept, warnings = settled({"panel_add_idea": ["down"]})
    assert kept == {}
    [(ident, message)] = warnings
    assert ident == "panel_add_idea"
    assert message.startswith("down is also the key of the fixed 'cursor_down' in the Together panel")


def test_only_the_clashing_key_of_an_override_is_left_out() -> None:
    # n is the next match's key on the main screen; insert is free, and stays.
    config, problems, warnings = Config.from_toml({"keys": {"add_activity": "n,insert"}})
    assert problems == [] and config.keymap() == {"add_activity": "insert"}
    [(_, ident, message)] = warnings
    assert ident == "add_activity"
    assert message.endswith("; n is left out; give 'search_next' another key in [keys] to use n for 'add_activity'")
