"""The two-way vdir end to end, with the programs people use it with (from PyPI, in
the test extras): khal reads the vdir weekplan writes; vdirsyncer syncs it with a
Radicale CalDAV server started here on 127.0.0.1; an event changed on the server (as
a phone would) comes back into weekplan."""

from __future__ import annotations

import base64
import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from weekplan import cli
from weekplan.model import Activity, SpecialDate
from weekplan.routines import Routine
from weekplan.store import Store
from weekplan.weeks import format_time, parse_time

BIN = Path(sys.executable).parent
TOOLS = {
    name: shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    for name in ("khal", "vdirsyncer", "radicale")
}
missing = sorted(name for name, path in TOOLS.items() if path is None)
pytestmark = pytest.mark.skipif(
    bool(missing), reason=f"{', '.join(missing)} not installed (pip install -e '.[test]' brings them)"
)
AUTH = {"Authorization": "Basic " + base64.b64encode(b"alice:secret").decode()}


def t(text: str) -> int:
    return parse_time(text, allow_24=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    storage = tmp_path / "radicale"
    server = subprocess.Popen(
        [
            str(TOOLS["radicale"]),
            "--server-hosts", f"127.0.0.1:{port}",
            "--storage-filesystem-folder", str(storage),
            "--auth-type", "none",
            "--logging-level", "warning",
            "--config", "",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    error = server.stderr.read() if server.stderr else ""
                    raise RuntimeError(f"radicale did not start: {error}") from None
                time.sleep(0.2)
        status, _ = request(port, "MKCALENDAR", "/alice/weekplan/")
        assert status == 201, status
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=AUTH | ({"Content-Type": "text/calendar"} if body else {}))
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def run(*args: str, cwd: Path) -> str:
    env = os.environ | {"TZ": "Europe/Berlin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    result = subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, timeout=120, input="")
    assert result.returncode == 0, f"{args[0]} failed: {result.stdout}\n{result.stderr}"
    return result.stdout


def test_khal_reads_it_and_vdirsyncer_carries_it_to_radicale_and_back(
    store: Store, tmp_path: Path, radicale: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    vdir = tmp_path / "calendars" / "weekplan"
    store.put_activity(Activity("a1", date(2026, 11, 24), t("19:00"), t("21:00"), "climbing", "friends"))
    store.put_date(SpecialDate("d1", date(2026, 11, 27), "dinner by the river", t("19:30"), t("22:00")))
    store.put_routine(Routine("r1", "gym", "fitness", (0, 2), t("07:00"), t("08:00"), date(2026, 11, 23)))
    config = store.config_path
    config.write_text(config.read_text() + f'\n[calendars.phone]\nsource = "{vdir}"\ntwo_way = true\n')
    assert cli.main(["refresh"]) == 0

    # khal reads the vdir weekplan wrote.
    khal_conf = tmp_path / "khal.conf"
    khal_conf.write_text(
        f"[calendars]\n[[weekplan]]\npath = {vdir}\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/Berlin\ndefault_timezone = Europe/Berlin\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n"
    )
    listed = run(
        str(TOOLS["khal"]), "-c", str(khal_conf), "list", "--format", "{start} {end} {title}",
        "--day-format", "", "2026-11-23", "7d", cwd=tmp_path,
    )  # fmt: skip
    shown = sorted(line.strip() for line in listed.splitlines() if line.strip())
    assert shown == [
        "2026-11-23 07:00 2026-11-23 08:00 gym",
        "2026-11-24 19:00 2026-11-24 21:00 climbing",
        "2026-11-25 07:00 2026-11-25 08:00 gym",
        "2026-11-27 19:30 2026-11-27 22:00 dinner by the river",
    ]

    # vdirsyncer carries it to the CalDAV server.
    sync_conf = tmp_path / "vdirsyncer.conf"
    sync_conf.write_text(
        f'[general]\nstatus_path = "{tmp_path / "status"}/"\n\n'
        '[pair weekplan]\na = "weekplan_local"\nb = "weekplan_server"\ncollections = null\n\n'
        f'[storage weekplan_local]\ntype = "filesystem"\npath = "{vdir}"\nfileext = ".ics"\n\n'
        f'[storage weekplan_server]\ntype = "caldav"\nurl = "http://127.0.0.1:{radicale}/alice/weekplan/"\n'
        'username = "alice"\npassword = "secret"\n'
    )
    run(str(TOOLS["vdirsyncer"]), "-c", str(sync_conf), "discover", cwd=tmp_path)
    run(str(TOOLS["vdirsyncer"]), "-c", str(sync_conf), "sync", cwd=tmp_path)
    on_server = sorted((tmp_path / "radicale" / "collection-root" / "alice" / "weekplan").glob("*.ics"))
    assert len(on_server) == 3

    # A phone moves the climbing on the server; it comes back into weekplan.
    (climbing,) = [p for p in on_server if "SUMMARY:climbing" in p.read_text()]
    href = f"/alice/weekplan/{climbing.name}"
    status, body = request(radicale, "GET", href)
    assert status == 200
    changed = body.replace(b"SUMMARY:climbing", b"SUMMARY:bouldering")
    changed = changed.replace(b"T190000", b"T180000").replace(b"T210000", b"T200000")
    status, _ = request(radicale, "PUT", href, changed)
    assert status in (201, 204), status
    run(str(TOOLS["vdirsyncer"]), "-c", str(sync_conf), "sync", cwd=tmp_path)
    assert cli.main(["refresh"]) == 0
    (a1,) = [a for a in Store(store.root).all_activities() if a.id == "a1"]
    assert (a1.title, format_time(a1.start), format_time(a1.end)) == ("bouldering", "18:00", "20:00")

    # And an edit in weekplan goes to the server.
    assert cli.main(["add", "wed 18:00-19:00 pottery #hobby"]) == 0
    assert cli.main(["refresh"]) == 0
    run(str(TOOLS["vdirsyncer"]), "-c", str(sync_conf), "sync", cwd=tmp_path)
    texts = [p.read_text() for p in (tmp_path / "radicale" / "collection-root" / "alice" / "weekplan").glob("*.ics")]
    assert any("SUMMARY:pottery" in text for text in texts)
