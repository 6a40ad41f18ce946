"""Every form finds its fields and their messages through the rows it made (not by
looking them up on every opening and keystroke): those rows must be exactly what is
on screen, in the order shown, for each kind of form."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from screens_host import ScreenHost
from textual.widgets import Input, Static

from weekplan.app.screens import ActivityForm, DateForm, RoutineForm
from weekplan.app.screens.form_base import FormScreen
from weekplan.app.together import TOGETHER_CSS
from weekplan.app.together.goals_form import GoalsForm
from weekplan.app.together.idea_form import IdeaForm
from weekplan.model import Config, Goal, Idea, PartnerSettings

FRIDAY = date(2026, 11, 27)
PARTNERED = Config(partner=PartnerSettings("Alex", "/srv/together.git"))


class FormHost(ScreenHost):
    CSS_PATH = [*ScreenHost.CSS_PATH, TOGETHER_CSS]


FORMS = {
    "activity": lambda: ActivityForm(Config(), day=FRIDAY, start=19 * 60),
    "activity, with a partner": lambda: ActivityForm(PARTNERED, day=FRIDAY, start=19 * 60),
    "date, with ideas": lambda: DateForm(Config(), [Idea("i1", "Picnic")], day=FRIDAY, start=None),
    "routine, with a partner": lambda: RoutineForm(PARTNERED, day=FRIDAY, start=7 * 60),
    "idea": lambda: IdeaForm(),
    "goals": lambda: GoalsForm(Config(), [Goal("fitness", count=3)]),
}


@pytest.mark.parametrize("make", FORMS.values(), ids=FORMS.keys())
async def test_a_forms_rows_are_its_fields_and_messages_on_screen(make: Any) -> None:
    form: FormScreen[Any] = make()
    app = FormHost(form)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen is form
        messages = list(form.query(".field-message").results(Static))
        assert len(messages) >= 3
        assert [message for _control, message in form._fields.values()] == messages
        assert [control.id for control, _message in form._fields.values()] == [f"field-{name}" for name in form._fields]
        assert all(control.screen is form for control, _message in form._fields.values())
        # The cursor starts on the first field shown (the date form's own choice aside).
        if not isinstance(form, DateForm):
            assert form.focused is form.query(".field").first()
        # A mistake typed in a field marks that field and its message, and no other.
        first_text = next(name for name, (control, _m) in form._fields.items() if isinstance(control, Input))
        other_names = [name for name in form._fields if name != first_text]
        form.text_input(first_text).value = "\x1b[31m" * 200  # too long and hostile for any field
        form._show_all = True
        checked = form.refresh_messages()
        await pilot.pause()
        assert first_text in checked.errors
        control, message = form._fields[first_text]
        assert control.has_class("-invalid") and message.has_class("-error")
        assert form.query_one(f"#field-{first_text}").has_class("-invalid")
        for name in other_names:
            if name not in checked.errors:
                assert not form._fields[name][0].has_class("-invalid")
