"""The key tables in README.md and docs/keys.md match the planner's bindings."""

from __future__ import annotations

import re
from pathlib import Path

from script_module import load_script

ROOT = Path(__file__).resolve().parents[2]
HOW = "Run `python scripts/readme_keys.py` to rewrite the tables from the bindings."


def test_the_key_tables_are_written_from_the_bindings_as_they_are_now() -> None:
    for path, text in load_script("scripts/readme_keys.py").rendered().items():
        name = path.relative_to(ROOT)
        assert path.read_text(encoding="utf-8") == text, f"{name}: the key table is out of date. {HOW}"


def test_every_binding_id_in_the_source_is_in_a_key_table() -> None:
    # Read from the source rather than through the script, so a screen the script
    # does not find still shows up here.
    ids = set()
    sources = [*(ROOT / "src" / "weekplan" / "app").rglob("*.py"), ROOT / "src" / "weekplan" / "keymap_data.py"]
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for call in re.findall(r"(?:Binding|Row)\((.*?)\)(?:,|\])", text, re.DOTALL):
            ids.update(re.findall(r"\bid=\"([^\"]+)\"", call))
    assert len(ids) > 40  # the planner has more than forty remappable keys
    documented = (ROOT / "README.md").read_text(encoding="utf-8") + (ROOT / "docs" / "keys.md").read_text(
        encoding="utf-8"
    )
    missing = sorted(i for i in ids if f"| `{i}` |" not in documented)
    assert not missing, f"Binding ids missing from the key tables: {missing}. {HOW}"
