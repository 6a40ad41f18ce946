"""weekplan.ics_write's values: what it writes is what a calendar reads back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import vDuration

from weekplan.ics_write import duration


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (-timedelta(hours=1), "-PT1H"),
        (timedelta(hours=7), "PT7H"),
        (-timedelta(minutes=30), "-PT30M"),
        (timedelta(days=-2, hours=5), "-P1DT19H"),
        (timedelta(days=1, minutes=30), "P1DT30M"),
        (timedelta(hours=1, seconds=5), "PT1H0M5S"),
        (timedelta(0), "P0D"),
        (timedelta(days=3), "P3D"),
    ],
)
def test_a_duration_is_written_as_rfc_5545_says(span: timedelta, text: str) -> None:
    assert duration(span) == text
    assert vDuration.from_ical(text) == span  # and it reads back as the same span


@settings(max_examples=500, deadline=None)
@given(seconds=st.integers(min_value=-400 * 86400, max_value=400 * 86400))
def test_a_duration_is_the_text_the_library_writes(seconds: int) -> None:
    # The export's alarms went out through the library before: the same bytes now.
    span = timedelta(seconds=seconds)
    assert duration(span) == vDuration(span).to_ical().decode()
