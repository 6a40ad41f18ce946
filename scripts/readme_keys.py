"""Write the key tables of README.md and docs/keys.md from the planner's own bindings.

    python scripts/readme_keys.py          # rewrite the tables in place
    python scripts/readme_keys.py --check  # exit 1 when a table is out of date

Each table sits between two marker comments (`<!-- keys:NAME -->` and
`<!-- keys:end -->`); everything outside the markers is left as it is.  The main
screen's keys come from `PlannerApp._all_bindings()` (what the help screen shows);
dialog keys come from every screen class in weekplan.app.screens and
weekplan.app.together.  tests/app/test_readme_keys.py fails when they drift apart.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # the checkout's own code, installed or not

from textual.binding import Binding  # noqa: E402
from textual.screen import Screen  # noqa: E402

from weekplan.app import keymap  # noqa: E402
from weekplan.app.planner import PlannerApp  # noqa: E402

README = ROOT / "README.md"
KEYS_DOC = ROOT / "docs" / "keys.md"
DIALOG_PACKAGES = ("weekplan.app.screens", "weekplan.app.together")

# Textual's names for keys that are a character on the keyboard.
_CHARACTERS = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
    "question_mark": "?",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "comma": ",",
    "full_stop": ".",
}
# Where a dialog's keys apply, by the first part of their ids.
_DIALOGS = {
    "form": "any form (activity, date, idea, goals)",
    "search": "search",
    "confirm": "a question (yes / no)",
    "scope": "a routine's occurrence: this one or all from now on",
    "error": "file problems",
    "goto": "go to a date",
    "path": "a file's path (calendar export, import)",
    "help": "help",
    "suggest": "suggest a date",
    "ideas": "idea backlog",
    "review": "weekly review",
    "overview": "the overview (a month, several weeks)",
}


def key_names(keys: str) -> str:
    """`left,h` as `` `left` `h` ``: the names config.toml's [keys] table accepts."""
    return " ".join(f"`{_CHARACTERS.get(key.strip(), key.strip())}`" for key in keys.split(","))


def with_whom(where: str, ident: str | None) -> str:
    """Where a key applies, and that it is there only with a partner when it is."""
    return f"{where}, with a partner" if ident in keymap.WITH_A_PARTNER else where


def main_rows() -> list[tuple[str, str, str, str]]:
    """(keys, what it does, where, binding id) for the main screen."""
    return [
        (key_names(b.key), b.description, with_whom(where, b.id), b.id or "")
        for where, _, bindings in PlannerApp._all_bindings()
        for b in bindings
    ]


def _screen_classes() -> list[type[Screen]]:
    found: dict[str, type[Screen]] = {}
    for package_name in DIALOG_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package_name}.{info.name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                    found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[name] for name in sorted(found)]


def dialog_rows() -> list[tuple[str, str, str, str]]:
    """(keys, what it does, where, binding id) for every dialog key that has an id."""
    seen: dict[str, tuple[str, str, str, str]] = {}
    for cls in _screen_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id and binding.id not in seen:
                where = _DIALOGS.get(binding.id.split(".")[0], binding.id.split(".")[0])
                seen[binding.id] = (key_names(binding.key), binding.description, where, binding.id)
    order = list(_DIALOGS.values())
    # Dialogs in the order of _DIALOGS, each dialog's keys in the order it lists them.
    rows = sorted(seen.values(), key=lambda row: order.index(row[2]) if row[2] in order else len(order))
    return [(keys, what, with_whom(where, ident), ident) for keys, what, where, ident in rows]


def table(rows: list[tuple[str, str, str, str]]) -> str:
    lines = ["| key | what it does | where | id (for `[keys]`) |", "|---|---|---|---|"]
    lines += [f"| {keys} | {what} | {where} | `{ident}` |" for keys, what, where, ident in rows]
    return "\n".join(lines)


def _replace(text: str, name: str, body: str, path: Path) -> str:
    pattern = re.compile(rf"(<!-- keys:{name}\b[^>]*-->\n)(.*?)(<!-- keys:end -->)", re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{path}: no <!-- keys:{name} --> … <!-- keys:end --> block to fill")
    return pattern.sub(lambda m: f"{m.group(1)}{body}\n{m.group(3)}", text, count=1)


def rendered() -> dict[Path, str]:
    """Each file's text as it should be."""
    return {
        README: _replace(README.read_text(encoding="utf-8"), "main", table(main_rows()), README),
        KEYS_DOC: _replace(KEYS_DOC.read_text(encoding="utf-8"), "dialogs", table(dialog_rows()), KEYS_DOC),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a table is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, text in rendered().items():
        if path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path.relative_to(ROOT)}: {'out of date' if args.check else 'updated'}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
