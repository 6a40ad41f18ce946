"""Keys answered one at a time, in the order they were typed.

Textual sends a key to the widget that has the focus when the app reads the key, not
once the key before it has been answered.  Escape followed at once by `a` — typed
quickly, pasted, or read from the terminal in one go — sends both to the add form's
title field: the Escape closes the form, and the `a` has already been typed into the
form that is closing.  The add form the person asked for never opens, and the letter
is gone.

So the app routes a key only once the key before it has been answered: it sends a
`KeyAnswered` note behind each key, along the same way, and it comes back to the app
after the key.  The note then goes once through the screen now on top, so that a
dialog the key opened (or uncovered) has taken its focus before the next key is
routed.  A key read while another is still on its way waits in `held_keys`; so does a
paste, which Textual sends where it sends keys (else "a" and a pasted title in one go
open the form with the paste gone to the week).

A note that never comes back (the widget it went to was removed on the way) must not
stop the keys: after `NOTE_PATIENCE` seconds the held keys are routed anyway, which is
what Textual would have done with them.
"""

from __future__ import annotations

from collections import deque
from time import monotonic
from typing import Any

from textual import events
from textual.app import App, ScreenStackError
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer

# Long enough for any key to be answered on a loaded machine, short enough that a lost
# note is not felt as a stuck planner.
NOTE_PATIENCE = 0.5


class KeyAnswered(Message):
    """Sent behind key number `serial` along its way: the key has been answered when it
    comes back (`through_screen`: the screen on top has settled too)."""

    def __init__(self, serial: int, through_screen: bool) -> None:
        super().__init__()
        self.serial = serial
        self.through_screen = through_screen


class KeysInOrder:
    """For the App (first among its bases, before App): keys routed one at a time."""

    _serial = 0  # the key last routed
    _answering = False  # that key's note has not come back yet
    _routed_at = 0.0
    _patience: Timer | None = None
    _held_keys: deque[events.Key | events.Paste] | None = None

    @property
    def held_keys(self) -> deque[events.Key | events.Paste]:
        """Keys (and pastes) read while the one before them was still on its way, oldest
        first."""
        if self._held_keys is None:
            self._held_keys = deque()
        return self._held_keys

    @property
    def answering_keys(self) -> bool:
        """Whether a key is still on its way, or keys wait behind it: work that can wait
        (weekplan.app.warm_up) lets them go first."""
        answering = self._answering and monotonic() - self._routed_at <= NOTE_PATIENCE  # a note may be lost
        return answering or bool(self._held_keys)

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            await super().on_event(event)  # type: ignore[misc]
            return
        if self._answering and monotonic() - self._routed_at > NOTE_PATIENCE:
            self._answering = False  # its note was lost on the way
        if self._answering or self.held_keys:
            self.held_keys.append(event)
            if self._patience is None:
                self._patience = self._app.set_timer(NOTE_PATIENCE, self._stop_waiting)
            return
        await self._route(event)

    @property
    def _app(self) -> App[Any]:
        assert isinstance(self, App)
        return self

    async def _route(self, key: events.Key | events.Paste) -> None:
        app = self._app
        self._serial += 1
        self._answering = True
        self._routed_at = monotonic()
        screen = self._screen_on_top()
        if screen is None:
            self._answering = False  # the app is closing: no screen is left to answer it
            return
        target: MessagePump = app.focused or screen  # where Textual forwards a key
        await super().on_event(key)  # type: ignore[misc]
        # Forwarded: it is on its way through `target`; otherwise a key of the app's own
        # (a priority binding) was answered already.
        self._send_note(target if key.is_forwarded else self._screen_on_top(), through_screen=not key.is_forwarded)

    def _screen_on_top(self) -> Screen[Any] | None:
        """The screen on top, or None once the app has taken its screens down (it is
        closing, and a note or a held key may still come)."""
        try:
            return self._app.screen
        except ScreenStackError:
            return None

    def _send_note(self, target: MessagePump | None, *, through_screen: bool) -> None:
        if target is None or not target.post_message(KeyAnswered(self._serial, through_screen)):
            self._answering = False  # it is closing: nothing further will come of the key there

    async def on_key_answered(self, note: KeyAnswered) -> None:
        note.stop()
        if note.serial != self._serial:
            return  # a late note for a key given up on
        if not note.through_screen:
            self._send_note(self._screen_on_top(), through_screen=True)
            if self._answering:
                return
        self._answering = False
        await self._route_held()

    async def _stop_waiting(self) -> None:
        self._patience = None
        if self._answering and monotonic() - self._routed_at >= NOTE_PATIENCE:
            self._answering = False
        await self._route_held()

    async def _route_held(self) -> None:
        held = self.held_keys
        while held and not self._answering:
            await self._route(held.popleft())
        if not held and self._patience is not None:
            self._patience.stop()
            self._patience = None
        elif held and self._patience is None:
            self._patience = self._app.set_timer(NOTE_PATIENCE, self._stop_waiting)
