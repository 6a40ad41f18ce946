"""config.toml's `theme` names one of the planner's themes, or it is a warning said at
its line; the names weekplan knows without Textual are Textual's own."""

from __future__ import annotations

from textual.app import App
from textual.theme import BUILTIN_THEMES

from weekplan.model import Config
from weekplan.theme_names import THEMES


def test_the_themes_are_the_ones_the_planner_can_show() -> None:
    assert set(BUILTIN_THEMES) == THEMES
    assert App().available_themes.keys() == THEMES


def test_a_theme_of_another_name_is_a_warning_and_is_kept_as_written() -> None:
    config, problems, warnings = Config.from_toml({"theme": "textual-drak"})
    assert problems == []
    message = "'theme' must be a theme like textual-dark, nord or gruvbox, not 'textual-drak'; textual-dark is used"
    assert warnings == [((), "theme", message)]
    assert config.theme == "textual-drak" and config.to_toml()["theme"] == "textual-drak"
    assert Config.from_toml({"theme": "nord"}) == (Config(theme="nord"), [], [])


def test_a_theme_is_named_in_any_case() -> None:
    assert Config.from_toml({"theme": "Nord"}) == (Config(theme="nord"), [], [])
    assert Config.from_toml({"theme": " Rose-Pine-Dawn "})[0].theme == "rose-pine-dawn"
