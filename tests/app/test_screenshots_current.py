"""The pictures in screenshots/ (shown in the README) are what the planner shows now.

The test runs scripts/screenshots.py, as a person would, into a temporary folder and
compares each SVG with the committed one byte for byte.  Nothing is normalised: the
script fixes today, the clock and the data, and Textual's SVG export names its CSS
classes after a checksum of the picture itself, so the same picture is the same bytes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "screenshots.py"
COMMITTED = ROOT / "screenshots"
HOW = "Regenerate them with `python scripts/screenshots.py`, look at them, and commit the SVGs."


def _run_script(out: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"scripts/screenshots.py failed:\n{done.stderr}"


def test_the_committed_screenshots_are_what_the_planner_shows_now(tmp_path: Path) -> None:
    _run_script(tmp_path)

    made = sorted(p.name for p in tmp_path.glob("*.svg"))
    committed = sorted(p.name for p in COMMITTED.glob("*.svg"))
    assert made, "scripts/screenshots.py wrote no pictures"
    assert made == committed, f"screenshots/ holds {committed}, the script makes {made}. {HOW}"
    stale = [name for name in made if (tmp_path / name).read_bytes() != (COMMITTED / name).read_bytes()]
    assert not stale, f"These pictures no longer show the planner as it is: {', '.join(stale)}. {HOW}"


def test_the_readme_shows_every_screenshot_and_only_ones_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\((screenshots/[^)]+\.svg)\)", readme))
    committed = {f"screenshots/{p.name}" for p in COMMITTED.glob("*.svg")}
    assert shown == committed, f"README shows {sorted(shown)}; screenshots/ holds {sorted(committed)}"
