"""A path written with `~name` of no user on this machine (a config.toml synced from
another machine, a typo) is said to be one, naming it, wherever a person can write a
path: never a traceback from inside pathlib."""

from __future__ import annotations

import pwd

import pytest

from weekplan.cli import main
from weekplan.store import Store

NOBODY = "weekplan-no-such-user"
NO_HOME = f"there is no home folder of user {NOBODY!r} here"


@pytest.fixture(autouse=True)
def _no_such_user() -> None:
    try:
        pwd.getpwnam(NOBODY)
    except KeyError:
        return
    pytest.skip(f"this machine has a user {NOBODY}")


def test_check_names_a_subscribed_calendar_in_the_home_of_no_user(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    config = store.config_path.read_text()
    store.config_path.write_text(f'{config}\n[calendars.work]\nsource = "~{NOBODY}/work.ics"\n')
    line = len(config.splitlines()) + 3
    assert main(["check"]) == 1
    assert f"{store.config_path}:{line}:10: [calendars.work]: {NO_HOME}" in capsys.readouterr().err
    assert main(["refresh"]) == 1  # said, as any calendar that cannot be refreshed
    assert NO_HOME in capsys.readouterr().out


@pytest.mark.parametrize("command", ["import", "export"])
def test_a_calendar_file_in_the_home_of_no_user_is_refused_with_its_name(
    store: Store, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["import", f"~{NOBODY}/x.ics"] if command == "import" else ["export", "-o", f"~{NOBODY}/x.ics"]
    assert main(args) != 0
    assert f"{NO_HOME} for '~{NOBODY}/x.ics'" in capsys.readouterr().err


# Every command that opens the data directory; 2 is the exit of one that cannot be used
# (remind's 1 would say that nothing is due).
DATA_COMMANDS = [["show"], ["check"], ["remind"], ["add", "fri 19:00 climbing"], ["sync"], ["partner"], ["path"]]


@pytest.mark.parametrize("command", DATA_COMMANDS, ids=[c[0] for c in DATA_COMMANDS])
def test_a_data_directory_in_the_home_of_no_user_is_refused_with_its_name(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["--data-dir", f"~{NOBODY}/plans", *command]) == 2
    assert f"weekplan: cannot use the data directory: {NO_HOME} for '~{NOBODY}/plans'" in capsys.readouterr().err
    monkeypatch.setenv("WEEKPLAN_DATA_DIR", f"~{NOBODY}/plans")
    assert main(command) == 2
    assert NO_HOME in capsys.readouterr().err


def test_an_empty_home_is_no_home_never_the_root_folder(
    tmp_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from weekplan.home_paths import NoHomeError, expand_home

    monkeypatch.setenv("HOME", "")
    with pytest.raises(NoHomeError, match="no home folder of this user"):
        expand_home("~/plans")
    assert main(["--data-dir", "~/plans", "show"]) == 2
    assert "there is no home folder of this user here for '~/plans'" in capsys.readouterr().err
    assert expand_home(tmp_path / "~plans") == tmp_path / "~plans"  # not at the start: a name as any other
    monkeypatch.setenv("HOME", str(tmp_path))
    assert expand_home("~/plans") == tmp_path / "plans"


def test_a_cache_folder_in_the_home_of_no_user_only_means_no_cache(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", f"~{NOBODY}/cache")
    assert main(["add", "fri 19:00 climbing #friends"]) == 0
    assert main(["check"]) == 0
    assert "climbing" in capsys.readouterr().out
