"""The command line and the data layer must load without Textual: it is what keeps
`weekplan show` fast and scripts cheap."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "weekplan.cli",
        "weekplan.store",
        "weekplan.model",
        "weekplan.quickadd",
        "weekplan.routine_rules",
        "weekplan.calendar_files",
    ],
)
def test_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, {module}; print('textual' in sys.modules or any(m.startswith('textual.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_show_json_runs_without_textual(tmp_path) -> None:
    code = (
        "import sys, runpy; sys.argv=['weekplan','--data-dir',sys.argv[1],'show','--json'];"
        "import weekplan.cli as c; rc=c.main(sys.argv[1:]);"
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), 'textual loaded';"
        "sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "d")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert '"week"' in result.stdout
