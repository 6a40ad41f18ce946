"""Display preferences: 12- or 24-hour times and weekday and month names in the
person's language, from config.toml or, where it says nothing, the locale."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from weekplan.display import Display, display_for, locale_language, reading_language
from weekplan.language_names import names_to_read
from weekplan.model import Config
from weekplan.record import replace


def test_the_24_hour_clock_pads_and_the_12_hour_clock_says_am_and_pm() -> None:
    assert Display("24h", "en").time(7 * 60 + 5) == "07:05"
    twelve = Display("12h", "en")
    assert [twelve.time(m) for m in (0, 7 * 60 + 5, 12 * 60, 19 * 60 + 30, 24 * 60)] == [
        "12:00am",
        "7:05am",
        "12:00pm",
        "7:30pm",
        "12:00am",
    ]
    assert (twelve.hour(19 * 60), twelve.hour(19 * 60 + 30)) == ("7pm", "7:30pm")
    assert twelve.time_range(19 * 60, 21 * 60) == "7:00–9:00pm"
    assert twelve.time_range(11 * 60, 13 * 60) == "11:00am–1:00pm"


def test_names_in_another_language_come_from_cldr() -> None:
    german = Display("24h", "de")
    monday = date(2026, 11, 23)
    assert german.weekday(monday) == "Mo" and german.month(monday) == "Nov"
    assert german.weekday_day_month(monday) == "Mo., 23. Nov."
    assert german.month_year(date(2026, 3, 1)) == "März 2026"
    assert german.week_label(date(2026, 11, 30)) == "Week 49 · 30. Nov.\u2009–\u20096. Dez. 2026"
    assert Display("24h", "fr").weekday(monday) == "lun."


@pytest.mark.parametrize(
    ("language", "day_month", "with_year", "week", "weeks_across_years"),
    [
        ("en", "30 Nov", "30 Nov 2026", "23–29 Nov 2026", "28 Dec 2026 – 3 Jan 2027"),
        ("de", "30. Nov.", "30. Nov. 2026", "23.–29. Nov. 2026", "28. Dez. 2026\u2009–\u20093. Jan. 2027"),
        ("ja", "11月30日", "2026年11月30日", "2026年11月23日～29日", "2026年12月28日～2027年1月3日"),
        ("fr", "30 nov.", "30 nov. 2026", "23–29 nov. 2026", "28 déc. 2026\u2009–\u20093 janv. 2027"),
        ("xx", "30 Nov", "30 Nov 2026", "23–29 Nov 2026", "28 Dec 2026 – 3 Jan 2027"),  # unknown: English
    ],
)  # CLDR sets a span's dash between thin spaces where both sides have a month
def test_a_day_and_a_span_of_days_are_written_in_the_languages_own_order(
    language: str, day_month: str, with_year: str, week: str, weeks_across_years: str
) -> None:
    display = Display("", language)
    assert display.day_month(date(2026, 11, 30)) == day_month
    assert display.day_month_year(date(2026, 11, 30)) == with_year
    assert display.week_label(date(2026, 11, 23)) == f"Week 48 · {week}"
    assert display.days_span(date(2026, 12, 28), date(2027, 1, 3)) == weeks_across_years


def test_a_week_has_a_label_in_every_form_the_year_given_up_last() -> None:
    labels = Display("", "fi").week_labels(date(2026, 12, 28))
    assert labels == (
        "Week 53 · 28. joulukuuta 2026\u2009–\u20093. tammikuuta 2027",
        "Week 53 · 28.12.2026–3.1.2027",
        "Week 53 · 28. joulukuuta\u2009–\u20093. tammikuuta",
        "Week 53 · 28.12.–3.1.",
    )
    assert Display("", "en").week_labels(date(2026, 12, 28)) == ("Week 53 · 28 Dec 2026 – 3 Jan 2027",)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "December 2026"),
        ("en_GB", "December 2026"),
        ("de", "Dezember 2026"),
        ("fr", "décembre 2026"),
        ("ja", "2026年12月"),
        ("ko", "2026년 12월"),
        ("hu", "2026. december"),
        ("xx", "December 2026"),  # a language babel does not know: English, as its names are
    ],
)
def test_a_month_and_its_year_are_written_in_the_languages_own_order(language: str, shown: str) -> None:
    assert Display("", language).month_year(date(2026, 12, 6)) == shown


@pytest.mark.parametrize(
    ("language", "english"),
    [
        ("und", True),  # undetermined: babel reads it as American English
        ("iw", True),  # babel reads it as Hebrew, "he"
        ("tl", True),  # babel reads it as Filipino, "fil"
        ("he", False),
        ("fil", False),
        ("de", False),
    ],
)
def test_a_language_config_toml_warns_of_is_the_one_shown_in_english(language: str, english: bool) -> None:
    config, problems, warnings = Config.from_toml({"language": language})
    assert problems == []
    warned = [message for _table, key, message in warnings if key == "language"]
    assert warned == (
        [f"'language' = {language!r} is not a language the planner knows; English names are used"] if english else []
    )
    display = Display("", config.language)
    assert display.english is english
    assert (display.day_month(date(2026, 11, 30)) == "30 Nov") is english
    assert (reading_language(config) and names_to_read(reading_language(config))[0] != {}) is not english


def test_english_is_the_fallback_for_an_unknown_language() -> None:
    assert Display("", "xx").weekday(date(2026, 11, 23)) == "Mon"


def test_the_locale_decides_what_config_leaves_open() -> None:
    assert locale_language({"LANG": "de_DE.UTF-8"}) == "de_DE"
    assert locale_language({"LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8"}) == ""
    assert locale_language({"LC_TIME": "fr_FR.UTF-8@euro", "LANG": "en_GB.UTF-8"}) == "fr_FR"
    assert locale_language({}) == ""
    # An American locale reads a 12-hour clock, a German or British one 24 hours.
    assert Display(environ={"LANG": "en_US.UTF-8"}).twelve_hour
    assert not Display(environ={"LANG": "en_GB.UTF-8"}).twelve_hour
    assert not Display(environ={"LANG": "de_DE.UTF-8"}).twelve_hour
    assert Display("24h", environ={"LANG": "en_US.UTF-8"}).time(19 * 60) == "19:00"


def test_config_toml_keeps_the_preferences_and_reports_bad_ones() -> None:
    config, problems, _warnings = Config.from_toml({"clock": "12H", "language": "pt_BR"})
    assert (config.clock, config.language, problems) == ("12h", "pt_BR", [])
    assert config.to_toml()["clock"] == "12h" and config.to_toml()["language"] == "pt_BR"
    assert "clock" not in Config().to_toml() and "language" not in Config().to_toml()
    config, problems, _warnings = Config.from_toml({"clock": "13h", "language": "../etc"})
    assert (config.clock, config.language) == ("", "")
    assert [key for _, key, _ in problems] == ["clock", "language"]
    assert display_for(replace(Config(), clock="12h")).time(13 * 60) == "1:00pm"


@pytest.mark.parametrize("language", ["", "en_US"])
def test_an_english_display_never_imports_babel(language: str) -> None:
    code = (
        "import sys; from weekplan.display import Display; "
        f"Display('', {language!r}).week_label(__import__('datetime').date(2026, 11, 23)); "
        "print('babel' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_reading_a_config_with_a_language_does_not_import_babel() -> None:
    # Every command reads config.toml; only the ones that show names need babel.
    code = (
        "import sys; from weekplan.model import Config; "
        "_c, problems, warnings = Config.from_toml({'language': 'pt-br'}); "
        "print(problems, warnings, 'babel' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] [] False"


@pytest.mark.parametrize("language", ["zh_TW", "es-419", "sr_Latn"])
def test_a_language_babel_knows_by_another_name_is_known(language: str) -> None:
    assert Config.from_toml({"language": language})[2] == []


def test_plain_english_reads_as_cldr_says_and_no_locale_keeps_24_hours() -> None:
    assert Display("", "en").twelve_hour  # CLDR's "en" is American English
    assert not Display("", "en_IE").twelve_hour
    assert not Display(environ={"LANG": "C.UTF-8"}).twelve_hour
    assert not Display(environ={}).twelve_hour


def test_a_config_reads_and_shows_one_language_though_the_locale_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    config = Config()
    assert reading_language(config) == "de_DE"

    monkeypatch.setenv("LANG", "fr_FR.UTF-8")

    assert display_for(config).language == reading_language(config) == "de_DE"  # asked once a config
    assert display_for(config).months[11] == "Dez"
    fresh = Config()
    assert display_for(fresh).language == reading_language(fresh) == "fr_FR"  # a new config asks again


def test_a_config_of_the_c_locale_shows_english_though_a_locale_comes_later(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C")
    config = Config()
    assert reading_language(config) == ""

    monkeypatch.setenv("LANG", "de_DE.UTF-8")

    assert display_for(config).months[11] == "Dec"  # English, as its words are read
    assert reading_language(config) == ""
