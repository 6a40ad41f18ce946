"""config.toml's `theme` names one of the planner's themes, or it is a problem said at
its line; the names weekplan knows without Textual are Textual's own."""

from __future__ import annotations

from textual.app import App
from textual.theme import BUILTIN_THEMES

from weekplan.model import Config
from weekplan.theme_names import THEMES


def test_the_themes_are_the_ones_the_planner_can_show() -> None:
    assert set(BUILTIN_THEMES) == THEMES
    assert App().available_themes.keys() == THEMES


def test_a_theme_of_another_name_is_a_problem_and_the_default_is_used() -> None:
    config, problems = Config.from_toml({"theme": "textual-drak"})
    assert config.theme == "textual-dark"
    assert problems == [((), "theme", "'theme' must be a theme like textual-dark, nord or gruvbox, not 'textual-drak'")]
    assert Config.from_toml({"theme": "nord"}) == (Config(theme="nord"), [])
