"""The layers of weekplan: model and storage below, the planner and the command line
above, nothing reaching back up and no import cycles.  The layers are declared as
import-linter contracts in pyproject.toml; these tests run `lint-imports` on them,
show that the contracts do catch a module that reaches up, and check at run time that
everything outside the planner loads without Textual (the command line must be fast)."""

from __future__ import annotations

import ast
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import weekplan

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(weekplan.__file__).resolve().parent


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` as a developer or CI runs it, on the pyproject.toml in `cwd`."""
    script = Path(sys.executable).parent / "lint-imports"
    command = str(script) if script.exists() else shutil.which("lint-imports")
    assert command, "lint-imports is not installed: pip install -e '.[test]'"
    return subprocess.run([command, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_import_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = (
        "Model and storage below",
        "Only the planner loads Textual",
        "The command line",
        "Undo merges",
        "No import",
    )
    for contract in contracts:
        assert contract in result.stdout  # each contract was really checked
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("model", "import weekplan.app", "Model and storage below"),
        ("store", "from weekplan import cli_common", "Model and storage below"),
        ("cli_common", "import textual.app", "The command line loads neither"),
        ("routines", "import rich.text", "Only the planner loads Textual"),
        ("weeks", "from weekplan import model", "No import cycles"),
        ("rebased_history", "from weekplan.merge import merge_files", "Undo merges values, never files"),
    ],
)
def test_the_contracts_catch_a_module_reaching_up(tmp_path: Path, module: str, line: str, broken: str) -> None:
    copy = tmp_path / "weekplan"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    source = copy / f"{module}.py"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint_imports(tmp_path)  # lint-imports puts its working directory first on the path
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout.split("Broken contracts", 1)[-1], result.stdout


def modules_outside_the_planner() -> list[str]:
    names = [info.name for info in pkgutil.walk_packages(weekplan.__path__, "weekplan.")]
    # __main__ runs the command (importing it is running `python -m weekplan`).
    return sorted(n for n in names if n != "weekplan.__main__" and n.split(".")[:2] != ["weekplan", "app"])


def test_every_module_outside_the_planner_loads_without_textual() -> None:
    modules = modules_outside_the_planner()
    assert {"weekplan.cli", "weekplan.store", "weekplan.model", "weekplan.rebased_history"} <= set(modules)
    # One interpreter imports them one by one and names the first after which Textual
    # (or Rich, which only the planner uses) is loaded.
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    if any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules):\n"
        "        print(name); break\n"
        "else:\n"
        "    print('none')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert result.stdout.strip() == "none", f"{result.stdout.strip()} loads Textual or Rich"


def test_show_json_runs_without_textual(tmp_path: Path) -> None:
    code = (
        "import sys, runpy; sys.argv=['weekplan','--data-dir',sys.argv[1],'show','--json'];"
        "import weekplan.cli as c; rc=c.main(sys.argv[1:]);"
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), 'textual loaded';"
        "sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "d")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert '"week"' in result.stdout


def private_names_taken(source: str) -> list[str]:
    """`from weekplan.x import _name` in a module's source: what it takes that x keeps
    to itself."""
    taken = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("weekplan")):
            module = "." * node.level + (node.module or "")
            taken += [f"{module}.{alias.name}" for alias in node.names if alias.name.startswith("_")]
    return taken


def test_no_module_takes_another_modules_private_names() -> None:
    assert private_names_taken("from weekplan.model import Activity, _Fields\n") == ["weekplan.model._Fields"]
    assert private_names_taken("from .grid_text import _fit\nfrom os import _exit\n") == [".grid_text._fit"]
    found = {
        str(path.relative_to(PACKAGE)): taken
        for path in sorted(PACKAGE.rglob("*.py"))
        if (taken := private_names_taken(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "a name another module uses is part of its public API: give it a name without _"
