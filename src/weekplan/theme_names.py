"""The themes the planner can show, by the names Textual gives them: what config.toml's
`theme` may name.  A theme under another name would be left unused without a word, so
it is a problem said with its place instead.  Kept here, without Textual, so that
`weekplan check` reads config.toml fast; tests/unit/test_theme_names.py keeps the names
in step with Textual's own (textual.theme).

Plain Python, no Textual.
"""

from __future__ import annotations

THEMES = frozenset(
    {
        "ansi-dark",
        "ansi-light",
        "atom-one-dark",
        "atom-one-light",
        "catppuccin-frappe",
        "catppuccin-latte",
        "catppuccin-macchiato",
        "catppuccin-mocha",
        "dracula",
        "flexoki",
        "gruvbox",
        "monokai",
        "nord",
        "rose-pine",
        "rose-pine-dawn",
        "rose-pine-moon",
        "solarized-dark",
        "solarized-light",
        "textual-dark",
        "textual-light",
        "tokyo-night",
    }
)
