"""The command palette (ctrl+p): every planner action, found by name, and each
built-in theme by name.  Textual's own commands (Theme, Quit, Keys …) stay too."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider


class PlannerCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Any]]:
        app: Any = self.app
        commands = getattr(app, "palette_commands", None)
        return list(commands()) if commands else []

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
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
