"""Bytes from the keyboard that are not UTF-8 are read as "�", never a crash
(weekplan.app.undecodable_input).

A key typed in a Latin-1 terminal, or a paste of binary text, reaches the planner as
bytes that do not decode: Textual's reader once stopped on them with a traceback,
taking the open form and what was typed in it along."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from planner_support import TODAY
from textual.drivers import linux_driver

from weekplan.app import run_planner
from weekplan.app.planner import PlannerApp
from weekplan.app.undecodable_input import replacing_decoder
from weekplan.store import Store


def test_the_decoder_puts_a_mark_for_each_byte_it_cannot_read() -> None:
    decode = replacing_decoder("utf-8")().decode
    assert decode(b"caf\xe9 \x9b[31m") == "caf\ufffd \ufffd[31m"
    # Still incremental: a character split between two reads is one character.
    assert decode(b"\xc3") == ""
    assert decode(b"\xa9!") == "é!"


def test_the_planner_a_person_runs_reads_keys_with_it(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linux_driver, "getincrementaldecoder", linux_driver.getincrementaldecoder)  # put back after
    decoders: list[object] = []
    monkeypatch.setattr(PlannerApp, "run", lambda app: decoders.append(linux_driver.getincrementaldecoder))
    run_planner(store, today=TODAY)
    assert decoders == [replacing_decoder]


def read_until(fd: int, wanted: bytes, seen: bytearray, timeout: float = 30) -> bool:
    """Read the terminal's output into `seen` until `wanted` is in it or time runs out
    (read all along: a planner whose output is not read stops at its next write)."""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:  # the planner has ended: its side of the terminal is closed
                break
    return wanted in seen


def test_a_byte_that_is_not_utf8_typed_into_a_form_is_no_crash(private_data_dir: Path) -> None:
    controller, terminal = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    planner = subprocess.Popen(
        [sys.executable, "-m", "weekplan"], stdin=terminal, stdout=terminal, stderr=terminal, env=env, close_fds=True
    )
    os.close(terminal)
    seen = bytearray()
    try:
        assert read_until(controller, b"Week 48", seen), bytes(seen)[-2000:]
        os.write(controller, b"a")  # the form to add an activity
        assert read_until(controller, b"Title", seen), bytes(seen)[-2000:]
        os.write(controller, b"caf\xe9 \x9b")  # Latin-1 "é", and a raw C1 CSI byte
        assert read_until(controller, "caf\ufffd \ufffd".encode(), seen), bytes(seen)[-2000:]  # in the field
        os.write(controller, b"\x1b")  # Escape: the form closes
        read_until(controller, b"\x00never", seen, timeout=1)
        os.write(controller, b"q")
        read_until(controller, b"\x00never", seen, timeout=5)  # until the planner has ended
        planner.wait(timeout=30)
    finally:
        if planner.poll() is None:
            planner.kill()
            planner.wait()
        os.close(controller)
    assert b"Traceback" not in seen and b"UnicodeDecodeError" not in seen
    assert planner.returncode == 0
