"""Every form keeps the fields and messages its rows made and finds them there (not by
looking them up on every opening and keystroke): a mistake typed in one field must
mark that field and the message beside it on screen, and no other, for each kind of
form; saving must take the cursor to the first field marked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from screens_host import ScreenHost
from textual.widgets import Input, Static

from weekplan.app.screens import ActivityForm, DateForm, RoutineForm
from weekplan.app.screens.form_base import REFUSED, FormScreen
from weekplan.app.together import TOGETHER_CSS
from weekplan.app.together.goals_form import GoalsForm
from weekplan.app.together.idea_form import IdeaForm
from weekplan.model import Config, Goal, Idea, PartnerSettings

FRIDAY = date(2026, 11, 27)
PARTNERED = Config(partner=PartnerSettings("Alex", "/srv/together.git"))


class FormHost(ScreenHost):
    CSS_PATH = [*ScreenHost.CSS_PATH, TOGETHER_CSS]
    today = FRIDAY  # what the forms read "fri" and their notes against


# Each form, the field a mistake is typed in, and the keys that type it.
CLEAR_TITLE = ["x", "backspace"]  # touched and left empty: "Give it a title"
FORMS = {
    "activity": (lambda: ActivityForm(Config(), day=FRIDAY, start=19 * 60), "title", CLEAR_TITLE),
    "activity, with a partner": (lambda: ActivityForm(PARTNERED, day=FRIDAY, start=19 * 60), "start", ["end", "z"]),
    "date, with ideas": (
        lambda: DateForm(Config(), [Idea("i1", "Picnic")], day=FRIDAY, start=None),
        "title",
        CLEAR_TITLE,
    ),
    "routine, with a partner": (lambda: RoutineForm(PARTNERED, day=FRIDAY, start=7 * 60), "end", ["end", "z"]),
    "idea": (lambda: IdeaForm(), "title", CLEAR_TITLE),
    "goals": (lambda: GoalsForm(Config(), [Goal("fitness", count=3)]), "goal1", ["end", "z"]),
}


def _rows_on_screen(form: FormScreen[Any]) -> dict[str, tuple[Any, Static]]:
    """Each row's field and message as the screen shows them, by the field's name."""
    found = {}
    for row in form.query(".field-row"):
        control = row.query_one(".field")
        found[(control.id or "").removeprefix("field-")] = (control, row.query_one(".field-message", Static))
    return found


@pytest.mark.parametrize(("make", "name", "keys"), FORMS.values(), ids=FORMS.keys())
async def test_a_mistake_marks_its_own_field_and_message_and_no_other(make: Any, name: str, keys: list[str]) -> None:
    form: FormScreen[Any] = make()
    app = FormHost(form)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen is form
        rows = _rows_on_screen(form)
        assert len(rows) >= 3 and name in rows
        assert form.focused is form.query(".field").first()  # the cursor starts on the first field shown
        assert not any(message.has_class("-error") for _control, message in rows.values())
        control, message = rows[name]
        control.focus()
        await pilot.pause()
        assert form.focused is control
        await pilot.press(*keys)
        await pilot.pause()
        assert control.has_class("-invalid") and message.has_class("-error")
        assert str(message.render()).strip()  # it says what is wrong
        await pilot.press(keys[-1])  # one more key: still wrong, still marked
        await pilot.pause()
        assert control.has_class("-invalid") and message.has_class("-error")
        for other, (other_control, other_message) in rows.items():
            if other != name:
                assert not other_control.has_class("-invalid"), other
                assert not other_message.has_class("-error"), other
        # Saving from the last text field is refused and takes the cursor to the first
        # field marked, top to bottom (saving marks an untouched empty title too).
        last_text = [c for c, _m in rows.values() if isinstance(c, Input)][-1]
        assert last_text is not control
        last_text.focus()
        await pilot.pause()
        assert form.focused is last_text
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form and app.results == []
        assert control.has_class("-invalid")
        marked = [c for c, _m in rows.values() if c.has_class("-invalid")]
        assert form.focused is marked[0]
        assert str(form.query_one("#form-status", Static).render()) == REFUSED


async def test_a_field_made_with_an_id_of_its_own_is_refused() -> None:
    # The name a field is kept under and the one read back from its id are one name.
    form = IdeaForm()
    with pytest.raises(ValueError):
        form.row("Where", "place", Input(id="somewhere"))
