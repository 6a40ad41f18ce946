"""The command palette (ctrl+p): every planner action, found by name, and each
built-in theme by name; Textual's own commands (Keys, Quit, Theme …) stay too.

One provider gives them all, in one order: the planner's actions as the help screen
lists them, then Textual's own by name.  Textual starts the palette's providers from
a set and lists what each gives as it comes, so with two of them the first lines of
the palette changed from one run to the next."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider


class PlannerCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Any, bool]]:
        """(name, help, callback, listed before anything is typed), in the palette's order."""
        app: Any = self.app
        planner = getattr(app, "palette_commands", None)
        own = [(name, help_text, callback, True) for name, help_text, callback in (planner() if planner else ())]
        textual = sorted(app.get_system_commands(self.screen), key=lambda command: command[0])
        return own + [(name, help_text, callback, discover) for name, help_text, callback, discover in textual]

    async def discover(self) -> Hits:
        for name, help_text, callback, listed in self._commands():
            if listed:
                yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, _listed in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        for theme in sorted(self.app.available_themes):
            name = f"Theme: {theme}"
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(setattr, self.app, "theme", theme), help="use and remember"
                )
