"""Write src/weekplan/binding_table.py from the planner's bindings (weekplan.app.keymap).

    python scripts/binding_table.py          # rewrite the table in place
    python scripts/binding_table.py --check  # exit 1 when it is out of date

`weekplan check` and the model read config.toml's [keys] without loading Textual, yet
must know every binding id and the keys each one takes where it applies, to name an id
that binds nothing and a key given to two actions at once.  The table they read is
written from the bindings themselves, not kept by hand; tests/app/test_binding_table.py
fails when the two drift apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # the checkout's own code, installed or not

from textual.binding import Binding  # noqa: E402

from weekplan.app import keymap  # noqa: E402

TABLE = ROOT / "src" / "weekplan" / "binding_table.py"

_HEAD = '''"""Every key binding of the planner and its dialogs, by where it applies: its id (""
for a key that cannot be remapped), its own keys as Textual names them, and its action.

Written by scripts/binding_table.py from weekplan.app.keymap; do not edit by hand
(tests/app/test_binding_table.py fails when it is out of date).  Kept here, without
Textual, so that `weekplan check` and the model can tell an id that binds nothing and a
key given to two actions at once (weekplan.key_bindings).

Plain Python, no Textual.
"""

from __future__ import annotations

# Where the keys apply (the name of their list in weekplan.app.keymap): (id, keys, action).
BINDINGS: dict[str, tuple[tuple[str, str, str], ...]] = {
'''


def scopes() -> dict[str, list[tuple[str, str, str]]]:
    """Each list of bindings in weekplan.app.keymap, by its name, in the module's order."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for name, value in vars(keymap).items():
        if name.isupper() and isinstance(value, list) and value and all(isinstance(b, Binding) for b in value):
            found[name] = [(b.id or "", b.key, b.action) for b in value]
    return found


def rendered() -> str:
    lines = [_HEAD]
    for name, bindings in scopes().items():
        pairs = [", ".join(map(json.dumps, binding)).join("()") for binding in bindings]
        if len(pairs) == 1:  # as ruff formats it
            lines.append(f"    {json.dumps(name)}: ({pairs[0]},),\n")
            continue
        lines.append(f"    {json.dumps(name)}: (\n")
        lines.extend(f"        {pair},\n" for pair in pairs)
        lines.append("    ),\n")
    lines.append("}\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the table is out of date")
    args = parser.parse_args(argv)
    text = rendered()
    if TABLE.exists() and TABLE.read_text(encoding="utf-8") == text:
        return 0
    if args.check:
        print(f"{TABLE.relative_to(ROOT)}: out of date")
        return 1
    TABLE.write_text(text, encoding="utf-8")
    print(f"{TABLE.relative_to(ROOT)}: updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
