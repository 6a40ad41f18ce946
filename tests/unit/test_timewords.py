"""The words of time, as quick add reads them: a table of everyday phrasings with the
entry each must make (against a fixed today), and phrasings that must be refused."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest

from weekplan.model import Config
from weekplan.quickadd import QuickAddError, parse_quick_add
from weekplan.weeks import format_time

TODAY = date(2026, 11, 23)  # a Monday (2026-W48), as conftest pins it
CONFIG = Config()


def d(month: int, day: int, year: int = 2026) -> str:
    return date(year, month, day).isoformat()


MON, TUE, WED, THU, FRI, SAT, SUN = (d(11, 23 + i) if 23 + i <= 30 else d(12, 23 + i - 30) for i in range(7))
TODAY_ISO = TODAY.isoformat()

# (text, date, start, end, title, category)
READINGS = [
    # days of the week and words for days
    ("fri 19:00-21:00 climbing #friends", FRI, "19:00", "21:00", "climbing", "friends"),
    ("climbing fri 19:00 #fri", FRI, "19:00", "20:00", "climbing", "friends"),
    ("mon 07:00 gym #fitness", MON, "07:00", "08:00", "gym", "fitness"),
    ("Monday 7am gym", MON, "07:00", "08:00", "gym", ""),
    ("tue 18:30 yoga #fit", TUE, "18:30", "19:30", "yoga", "fitness"),
    ("tues 18:30 yoga", TUE, "18:30", "19:30", "yoga", ""),
    ("wed 12:00 lunch", WED, "12:00", "13:00", "lunch", ""),
    ("weds noon lunch", WED, "12:00", "13:00", "lunch", ""),
    ("thu 9am standup", THU, "09:00", "10:00", "standup", ""),
    ("thurs 9am standup", THU, "09:00", "10:00", "standup", ""),
    ("Thursday 9am standup", THU, "09:00", "10:00", "standup", ""),
    ("sat 10:00 market #new", SAT, "10:00", "11:00", "market", "new"),
    ("saturday 10am market", SAT, "10:00", "11:00", "market", ""),
    ("sun 16:00 tea", SUN, "16:00", "17:00", "tea", ""),
    ("Sunday, 4pm tea", SUN, "16:00", "17:00", "tea", ""),
    ("on fri 19:00 dinner", FRI, "19:00", "20:00", "dinner", ""),
    ("this fri 19:00 dinner", FRI, "19:00", "20:00", "dinner", ""),
    ("next tue 18:30 Python course", d(12, 1), "18:30", "19:30", "Python course", ""),
    ("next mon 8am planning", d(11, 30), "08:00", "09:00", "planning", ""),
    ("next sun 10am brunch", d(12, 6), "10:00", "11:00", "brunch", ""),
    ("last fri 19:00 party", d(11, 20), "19:00", "20:00", "party", ""),
    ("coming sat 10am hike", SAT, "10:00", "11:00", "hike", ""),
    ("today 19:00 read #learning", TODAY_ISO, "19:00", "20:00", "read", "learning"),
    ("tonight 8pm movie", TODAY_ISO, "20:00", "21:00", "movie", ""),
    ("tomorrow 7pm call mum", TUE, "19:00", "20:00", "call mum", ""),
    ("Tomorrow at 7pm call mum", TUE, "19:00", "20:00", "call mum", ""),
    ("tmrw 07:30 run", TUE, "07:30", "08:30", "run", ""),
    ("Yesterday 16:00 test", d(11, 22), "16:00", "17:00", "test", ""),
    ("day after tomorrow 10:00 dentist", WED, "10:00", "11:00", "dentist", ""),
    ("in 3 days 10:00 dentist", THU, "10:00", "11:00", "dentist", ""),
    ("in a week 10:00 review", d(11, 30), "10:00", "11:00", "review", ""),
    ("in 2 weeks 18:00 concert", d(12, 7), "18:00", "19:00", "concert", ""),
    # counts in words, as "in a week" and "for an hour" already were
    ("in two weeks 18:00 concert", d(12, 7), "18:00", "19:00", "concert", ""),
    ("in three days 10:00 dentist", THU, "10:00", "11:00", "dentist", ""),
    ("in Ten Days 10:00 dentist", d(12, 3), "10:00", "11:00", "dentist", ""),
    ("in two minds 10:00", MON, "10:00", "11:00", "in two minds", ""),
    ("+2w 18:00 concert", d(12, 7), "18:00", "19:00", "concert", ""),
    ("+3d 18:00 concert", THU, "18:00", "19:00", "concert", ""),
    ("+1w 18:00 concert", d(11, 30), "18:00", "19:00", "concert", ""),
    ("fri 18:00 dinner +1", FRI, "18:00", "19:00", "dinner +1", ""),  # a guest, not a week
    ("next week 18:00 concert", d(11, 30), "18:00", "19:00", "concert", ""),
    ("19:00 climbing", TODAY_ISO, "19:00", "20:00", "climbing", ""),
    # dates in the common orders
    ("31 dec 20:00 party #fri", d(12, 31), "20:00", "21:00", "party", "friends"),
    ("dec 31 20:00 party", d(12, 31), "20:00", "21:00", "party", ""),
    ("Dec 31 8pm party", d(12, 31), "20:00", "21:00", "party", ""),
    ("31st dec 8pm party", d(12, 31), "20:00", "21:00", "party", ""),
    ("31st of December 8pm party", d(12, 31), "20:00", "21:00", "party", ""),
    ("december 31st 8pm party", d(12, 31), "20:00", "21:00", "party", ""),
    ("dec 31, 2026 8pm party", d(12, 31), "20:00", "21:00", "party", ""),
    ("31 dec 2027 8pm party", d(12, 31, 2027), "20:00", "21:00", "party", ""),
    ("jan 15 2027 18:00 dinner", d(1, 15, 2027), "18:00", "19:00", "dinner", ""),
    ("15 jan 18:00 dinner", d(1, 15, 2027), "18:00", "19:00", "dinner", ""),  # the next 15 January
    ("23 nov 18:00 dinner", TODAY_ISO, "18:00", "19:00", "dinner", ""),  # today counts as the next
    ("22 nov 18:00 dinner", d(11, 22, 2027), "18:00", "19:00", "dinner", ""),
    ("1 sept 9am school", d(9, 1, 2027), "09:00", "10:00", "school", ""),
    ("24 Dec. 18:00 dinner", d(12, 24), "18:00", "19:00", "dinner", ""),
    ("on 24 dec 18:00 dinner", d(12, 24), "18:00", "19:00", "dinner", ""),
    ("29 feb 10:00 leap", d(2, 29, 2028), "10:00", "11:00", "leap", ""),
    ("31/12 20:00 party", d(12, 31), "20:00", "21:00", "party", ""),
    ("31/12/2026 20:00 party", d(12, 31), "20:00", "21:00", "party", ""),
    ("1/2/27 20:00 party", d(2, 1, 2027), "20:00", "21:00", "party", ""),
    ("25.10.2013 10:00 history", d(10, 25, 2013), "10:00", "11:00", "history", ""),
    ("25.01. 10:00 meeting", d(1, 25, 2027), "10:00", "11:00", "meeting", ""),
    ("2026-12-31 20:00 party", d(12, 31), "20:00", "21:00", "party", ""),
    ("2017-1-1 10:00 old", d(1, 1, 2017), "10:00", "11:00", "old", ""),
    ("2026/12/31 20:00 party", d(12, 31), "20:00", "21:00", "party", ""),
    ("31-12-2026 20:00 party", d(12, 31), "20:00", "21:00", "party", ""),
    ("2028-02-29 10:00 leap", d(2, 29, 2028), "10:00", "11:00", "leap", ""),
    ("fri 2026-11-27 19:00 dinner", FRI, "19:00", "20:00", "dinner", ""),  # weekday and date agree
    ("fri 27 nov 19:00 dinner", FRI, "19:00", "20:00", "dinner", ""),
    # times
    ("fri 7pm dinner", FRI, "19:00", "20:00", "dinner", ""),
    ("fri 7 pm dinner", FRI, "19:00", "20:00", "dinner", ""),
    ("fri 7PM dinner", FRI, "19:00", "20:00", "dinner", ""),
    ("fri 7p dinner", FRI, "19:00", "20:00", "dinner", ""),
    ("fri 7:30pm dinner", FRI, "19:30", "20:30", "dinner", ""),
    ("fri 7.30pm dinner", FRI, "19:30", "20:30", "dinner", ""),
    ("fri 11:00 PM call", FRI, "23:00", "24:00", "call", ""),
    ("fri 11:00 p.m. call", FRI, "23:00", "24:00", "call", ""),
    ("fri 12pm lunch", FRI, "12:00", "13:00", "lunch", ""),
    ("fri 12am feed", FRI, "00:00", "01:00", "feed", ""),
    ("fri 8am run", FRI, "08:00", "09:00", "run", ""),
    ("fri 08:00 run", FRI, "08:00", "09:00", "run", ""),
    ("fri 8:00 run", FRI, "08:00", "09:00", "run", ""),
    ("fri noon lunch", FRI, "12:00", "13:00", "lunch", ""),
    ("fri midday lunch", FRI, "12:00", "13:00", "lunch", ""),
    ("fri midnight stars", FRI, "00:00", "01:00", "stars", ""),
    ("fri at 19:00 dinner", FRI, "19:00", "20:00", "dinner", ""),
    ("fri at 19 dinner", FRI, "19:00", "20:00", "dinner", ""),
    ("dinner at Joe's fri at 7pm", FRI, "19:00", "20:00", "dinner at Joe's", ""),
    ("fri dinner at 7pm.", FRI, "19:00", "20:00", "dinner", ""),
    # ranges
    ("fri 19:00-21:00 climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 19:00–21:00 climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 19:00 - 21:00 climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 7pm-9pm climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 7:30pm-9pm climbing", FRI, "19:30", "21:00", "climbing", ""),
    ("fri 7-9pm climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 7 - 9pm climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 11am-1pm lunch", FRI, "11:00", "13:00", "lunch", ""),
    ("fri 11-1pm lunch", FRI, "11:00", "13:00", "lunch", ""),
    ("fri 10pm-12am party", FRI, "22:00", "24:00", "party", ""),
    ("fri 22:00-24:00 party", FRI, "22:00", "24:00", "party", ""),
    ("fri 22:00 until midnight party", FRI, "22:00", "24:00", "party", ""),
    # midnight as an end however it is written, as the form's end field takes it
    ("fri 22:00-00:00 party", FRI, "22:00", "24:00", "party", ""),
    ("fri 22:00 midnight party", FRI, "22:00", "24:00", "party", ""),
    ("fri 22:00 0:00 party", FRI, "22:00", "24:00", "party", ""),
    # a 24-hour start with a 12-hour end: the end's pm is not the start's
    ("fri 23:00-12am party", FRI, "23:00", "24:00", "party", ""),
    ("fri 13:00-2pm lunch", FRI, "13:00", "14:00", "lunch", ""),
    ("fri 13:30 - 3pm lunch", FRI, "13:30", "15:00", "lunch", ""),
    ("fri 13:00 14:00 meeting", FRI, "13:00", "14:00", "meeting", ""),
    ("fri from 7pm to 9pm climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 19:00 to 21:00 climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 19:00 until 21:00 climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 19:00 till 9pm climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri noon-2pm picnic", FRI, "12:00", "14:00", "picnic", ""),
    # lengths
    ("fri 19:00 90m climbing", FRI, "19:00", "20:30", "climbing", ""),
    ("fri 19:00 45min climbing", FRI, "19:00", "19:45", "climbing", ""),
    ("fri 19:00 45 min climbing", FRI, "19:00", "19:45", "climbing", ""),
    ("fri 19:00 45 minutes climbing", FRI, "19:00", "19:45", "climbing", ""),
    ("fri 19:00 2h climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 19:00 2hrs climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 19:00 1.5h climbing", FRI, "19:00", "20:30", "climbing", ""),
    # a decimal comma, as much of Europe writes it, and a fraction without its nought
    ("fri 19:00 1,5h climbing", FRI, "19:00", "20:30", "climbing", ""),
    ("fri 19:00 for 1,5 hours climbing", FRI, "19:00", "20:30", "climbing", ""),
    ("fri 19:00 .5h climbing", FRI, "19:00", "19:30", "climbing", ""),
    # a comma with three digits after it separates thousands: a distance stays title
    ("sat 9am swim 1,500m", SAT, "09:00", "10:00", "swim 1,500m", ""),
    ("fri 7am row 2,000m test", FRI, "07:00", "08:00", "row 2,000m test", ""),
    ("sat 8am run 10,000 m", SAT, "08:00", "09:00", "run 10,000 m", ""),
    ("fri 19:00 1,25h climbing", FRI, "19:00", "20:15", "climbing", ""),
    ("fri 19:00 1h30 climbing", FRI, "19:00", "20:30", "climbing", ""),
    ("fri 19:00 1h30m climbing", FRI, "19:00", "20:30", "climbing", ""),
    ("fri 19:00 1h 30m climbing", FRI, "19:00", "20:30", "climbing", ""),
    ("1h 30m climbing fri 19:00", FRI, "19:00", "20:30", "climbing", ""),
    ("fri 19:00 1h 30 climbing", FRI, "19:00", "20:30", "climbing", ""),
    ("19:00 for 2 hours 24 dec climbing", d(12, 24), "19:00", "21:00", "climbing", ""),  # 24 is the day
    ("19:00 1h 24 dec climbing", d(12, 24), "19:00", "20:00", "climbing", ""),
    ("fri 2h 10 am climbing", FRI, "10:00", "12:00", "climbing", ""),  # 10 is the hour
    ("fri 19:00 2 hours climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 19:00 for 2 hours climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("climbing for 2 hours fri 7pm", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 19:00 for an hour climbing", FRI, "19:00", "20:00", "climbing", ""),
    ("fri 19:00 for two hours climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("fri 19:00 for three hours 15 min climbing", FRI, "19:00", "22:15", "climbing", ""),
    # a count in words is read only after "in", "for" or "every": bare, it is title
    ("fri 7pm Two Minute Drill", FRI, "19:00", "20:00", "Two Minute Drill", ""),
    ("fri 8pm film: Sixty Minutes", FRI, "20:00", "21:00", "film: Sixty Minutes", ""),
    ("sat 9pm seven minutes in heaven", SAT, "21:00", "22:00", "seven minutes in heaven", ""),
    ("fri 19:00 for ninety minutes ten minutes walk", FRI, "19:00", "20:30", "ten minutes walk", ""),
    ("fri 19:00 for forty-five minutes climbing", FRI, "19:00", "19:45", "climbing", ""),
    ("fri 19:00 two climbers", FRI, "19:00", "20:00", "two climbers", ""),
    ("fri 19:00 for half an hour call", FRI, "19:00", "19:30", "call", ""),
    ("fri 19:00 for 90 minutes climbing", FRI, "19:00", "20:30", "climbing", ""),
    ("2h fri 19:00 climbing", FRI, "19:00", "21:00", "climbing", ""),
    ("00:00 24h marathon", TODAY_ISO, "00:00", "24:00", "marathon", ""),
    # hours as French writes them: a time where no length can stand
    ("fri 19h-21h dîner", FRI, "19:00", "21:00", "dîner", ""),
    ("fri 12h30-14h déjeuner", FRI, "12:30", "14:00", "déjeuner", ""),
    ("fri 13h déjeuner", FRI, "13:00", "14:00", "déjeuner", ""),
    ("fri 21h30 film", FRI, "21:30", "22:30", "film", ""),
    ("fri 2h 19h gym", FRI, "19:00", "21:00", "gym", ""),  # 2h is no time: the length of 19h
    ("fri 12h30-14h déjeuner", FRI, "12:30", "14:00", "déjeuner", ""),
    ("fri at 8h run", FRI, "08:00", "09:00", "run", ""),
    ("fri from 12h30 to 14h lunch", FRI, "12:30", "14:00", "lunch", ""),
    ("fri 19h - 21h30 dîner", FRI, "19:00", "21:30", "dîner", ""),
    ("fri 19h 2h climbing", FRI, "19:00", "21:00", "climbing", ""),  # after a start: a length
    ("fri 19h for 1h30 climbing", FRI, "19:00", "20:30", "climbing", ""),
    # the end of a week, month or year: a day at the line's end or before a time
    ("pay rent end of month 10:00", d(11, 30), "10:00", "11:00", "pay rent", ""),
    ("end of the week 9:00 review", SUN, "09:00", "10:00", "review", ""),
    ("end of year, fireworks 23:00", d(12, 31), "23:00", "24:00", "fireworks", ""),
    ("taxes 9am end of the year", d(12, 31), "09:00", "10:00", "taxes", ""),
    # ... and the title's words before a name, or beside another day
    ("end of year party 20:00", TODAY_ISO, "20:00", "21:00", "end of year party", ""),
    ("fri 19:00 end of year party", FRI, "19:00", "20:00", "end of year party", ""),
    ("sales call end of month fri 10:00", FRI, "10:00", "11:00", "sales call end of month", ""),
    ("end of days 10:00 film", TODAY_ISO, "10:00", "11:00", "end of days film", ""),
    # a connector before them is theirs, not left at the title's end
    ("meeting at the end of the week 10:00", SUN, "10:00", "11:00", "meeting", ""),
    ("report due by end of month 9:00", d(11, 30), "09:00", "10:00", "report due", ""),
    ("taxes 9am on the end of the year", d(12, 31), "09:00", "10:00", "taxes", ""),
    ("drinks at the end of year party 20:00", TODAY_ISO, "20:00", "21:00", "drinks at the end of year party", ""),
    # numbers and words that belong to the title
    ("fri 10:00 meeting about 3 things", FRI, "10:00", "11:00", "meeting about 3 things", ""),
    ("sat 10am 5 a side football", SAT, "10:00", "11:00", "5 a side football", ""),
    ("fri 19:00 Python 3.12 talk", FRI, "19:00", "20:00", "Python 3.12 talk", ""),
    ("sat 9am 5k run", SAT, "09:00", "10:00", "5k run", ""),
    ("fri 19:00 room 101", FRI, "19:00", "20:00", "room 101", ""),
    # "24." is German's day before another language's month, never before an English one
    ("fri 19:00 Top 10. May", FRI, "19:00", "20:00", "Top 10. May", ""),
    ("19:00 Top 10. May", TODAY_ISO, "19:00", "20:00", "Top 10. May", ""),
    ("19:00 May 10. list", TODAY_ISO, "19:00", "20:00", "May 10. list", ""),
    ("fri 19:00 next steps", FRI, "19:00", "20:00", "next steps", ""),
    ("fri 19:00 march for climate", FRI, "19:00", "20:00", "march for climate", ""),
    ("fri 19:00 t-shirt shopping", FRI, "19:00", "20:00", "t-shirt shopping", ""),
    ("fri 19:00 in the park", FRI, "19:00", "20:00", "in the park", ""),
    ("fri 19:00 dinner on the roof", FRI, "19:00", "20:00", "dinner on the roof", ""),
    (
        "fri 19:00 climbing with Sam at the [red]wall[/]",
        FRI,
        "19:00",
        "20:00",
        "climbing with Sam at the [red]wall[/]",
        "",
    ),
    # quotes: the literal title
    ('fri 19:00 "Team 2026 review"', FRI, "19:00", "20:00", "Team 2026 review", ""),
    ('"Sunday roast" sat 18:00', SAT, "18:00", "19:00", "Sunday roast", ""),
    ('fri 7pm "dinner at 8" #friends', FRI, "19:00", "20:00", "dinner at 8", "friends"),
    ("fri 7pm “fri 9pm” #friends", FRI, "19:00", "20:00", "fri 9pm", "friends"),
    ('fri 7pm "say \\"hi\\""', FRI, "19:00", "20:00", 'say "hi"', ""),
    # categories by id, prefix or name
    ("fri 19:00 climbing #FIT", FRI, "19:00", "20:00", "climbing", "fitness"),
    ("fri 19:00 climbing #l", FRI, "19:00", "20:00", "climbing", "learning"),
    ("fri 19:00 climbing #tog", FRI, "19:00", "20:00", "climbing", "together"),
    ("fri 19:00 climbing #Something", FRI, "19:00", "20:00", "climbing", "new"),
    # "tonight" says which 7 "at 7" is
    ("tonight at 7 film", TODAY_ISO, "19:00", "20:00", "film", ""),
    ("at 8 tonight film", TODAY_ISO, "20:00", "21:00", "film", ""),
    # a day shift with its unit as the next word
    ("+2 days 19:00 climbing", d(11, 25), "19:00", "20:00", "climbing", ""),
    ("+2 d 19:00 climbing", d(11, 25), "19:00", "20:00", "climbing", ""),
    ("-1 days 19:00 climbing", d(11, 22), "19:00", "20:00", "climbing", ""),
    ("+1 week 19:00 climbing", d(11, 30), "19:00", "20:00", "climbing", ""),
    ("19:00 dinner +1 guest", TODAY_ISO, "19:00", "20:00", "dinner +1 guest", ""),
]


@pytest.mark.parametrize(("text", "day", "start", "end", "title", "category"), READINGS)
def test_everyday_phrasings(text: str, day: str, start: str, end: str, title: str, category: str) -> None:
    activity = parse_quick_add(text, CONFIG, TODAY)
    got = (activity.date.isoformat(), format_time(activity.start), format_time(activity.end))
    assert (*got, activity.title, activity.category) == (day, start, end, title, category)


# Digits as other scripts write them: Arabic-Indic, Devanagari and full width.
OTHER_DIGITS = {"arabic": "٠١٢٣٤٥٦٧٨٩", "devanagari": "०१२३४५६७८९", "fullwidth": "０１２３４５６７８９"}


@pytest.mark.parametrize("script", sorted(OTHER_DIGITS))
def test_digits_of_other_scripts_read_as_their_numbers_everywhere(script: str) -> None:
    """Every phrasing of the table, its digits written in another script, makes the
    same entry: each rule reads them, not only those that happen to use a regex."""
    digits = str.maketrans("0123456789", OTHER_DIGITS[script])
    for text, day, start, end, _title, _category in READINGS:
        if '"' in text:
            continue  # a quoted title keeps its digits as typed
        activity = parse_quick_add(text.translate(digits), CONFIG, TODAY)
        got = (activity.date.isoformat(), format_time(activity.start), format_time(activity.end))
        assert got == (day, start, end), text.translate(digits)


def test_the_table_is_big_enough() -> None:
    assert len(READINGS) >= 100 and len(REFUSED) >= 20


REFUSED = [
    ("fri 25:00 climbing", "'25:00' is not a time of day"),
    ("fri 19:60 climbing", "'19:60' is not a time of day"),
    ("fri 24:00 climbing", "'24:00' is not a time of day"),
    ("fri 13pm climbing", "'13pm' is not a time of day"),
    ("fri 0am climbing", "'0am' is not a time of day"),
    ("fri 7:5pm climbing", "'7:5pm' is not a time like 19:30"),
    ("31 feb 19:00 party", "'31 feb' is not a date in the calendar"),
    ("feb 30 19:00 party", "'feb 30' is not a date in the calendar"),
    ("2026-02-30 19:00 climbing", "'2026-02-30' is not a date in the calendar"),
    ("2026-13-01 19:00 climbing", "there is no month 13"),
    ("12/31 19:00 party", "'12/31' is not a date: there is no month 31"),
    ("32/12 19:00 party", "'32/12' is not a date in the calendar"),
    ("40.12. 19:00 party", "'40.12.' is not a date in the calendar"),
    ("9999-12-31 19:00 climbing", "give a year from 1900 to 2999"),
    ("jan 2027 19:00 party", "'jan 2027': which day?"),
    ("at 7 dinner", "'at 7' could be morning or evening"),
    ("fri 7-9 dinner", "'7-9' could be morning or evening: write 07:00-09:00 or 19:00-21:00"),
    ("fri 7pm 3-4 people", "'3-4' could be morning or evening: write 03:00-04:00 or 15:00-16:00"),
    # The readings offered are those that fit in a day: "9-5" once got "09:00-05:00 or
    # 9pm-5pm", neither of which is one.
    ("fri 9-5 work", "'9-5' has no am or pm: write 09:00-17:00 (or put the title in quotes)"),
    ("fri 11-1 lunch", "'11-1' has no am or pm: write 11:00-13:00 (or"),
    ("fri 12-2 lunch", "'12-2' could be morning or evening: write 00:00-02:00 or 12:00-14:00"),
    ("fri 11-12 call", "'11-12' could be morning or evening: write 11:00-12:00 or 23:00-24:00"),
    ("fri 13-15 class", "'13-15' has no minutes: write 13:00-15:00 (or"),
    ("fri 25-30 people", "'25-30' looks like a range of hours but is not one in a day (or put the title"),
    ("fri 2pm-ish coffee", "'2pm-ish' looks like a date or a time but is not one I can read"),
    ("fri dinner (7pm)", "'(7pm)' looks like a date or a time"),
    ("31-02-2026 19:00 party", "'31-02-2026' is not a date in the calendar"),
    ("fri 19:00 0m climbing", "between 1 minute and 24 hours"),
    ("fri 19:00 25h climbing", "between 1 minute and 24 hours"),
    ("fri 19:00 1h75 climbing", "minutes after the hours go up to 59"),
    ("fri climbing", "no time"),
    ("fri 90m climbing", "'90m' needs a start time"),
    # an hour up to 12 with an h is a length anyone plans: a time only after at or in a range
    ("gym 2h", "'2h' needs a start time"),
    ("fri climbing 1h30", "'1h30' needs a start time"),
    ("fri 8h run", "'8h' needs a start time"),
    ("fri 12h30 déjeuner", "'12h30' needs a start time"),
    ("fri 19:00 0,5m climbing", "'0,5m' looks like a date or a time"),
    ("", "no time"),
    ("fri 19:00", "no title"),
    ("fri 19:00 #friends", "no title"),
    ('fri 19:00 ""', "no title"),
    ("fri 21:00-19:00 climbing", "the end is not after the start"),
    ("fri 23:00-01:00 party", "the end is not after the start"),
    ("fri 19:00 18:00 climbing", "the end is not after the start"),
    ("fri 23:30 2h party", "after midnight"),
    ("fri 23:30 party", "after midnight"),
    ("fri 23:00-00:30 party", "the end is not after the start"),
    ("fri 19:00-21:00 2h climbing", "both an end time and a length"),
    ("fri 19:00 2h for 90m climbing", "two lengths"),
    ("fri 19:00 2h 90m climbing", "'2h 90m': minutes after the hours go up to 59"),
    ("fri 19:00 20:00 21:00 climbing", "more than two times"),
    ("fri until 21:00 climbing", "is an end: give the start too"),
    ("fri sat 19:00 climbing", "two different days"),
    ("fri 24 dec 19:00 climbing", "two different days"),
    ("every mon 19:00 climbing", "repeats: quick add is for one day"),
    ("mon/wed 19:00 climbing", "repeats"),
    ("w48 19:00 climbing", "is a week, not a day"),
    ("fri 19:00 climbing #f", "#f could be fitness, friends"),
    ("fri 19:00 climbing #zumba", "no category #zumba"),
    ("fri 19:00 climbing #", "a lone '#'"),
    ("fri 19:00 climbing #rest #hobby", "two categories"),
    ('fri 19:00 "climbing', "is never closed"),
    ("fri 19:00 mon-funday", "'funday' in 'mon-funday' is not a day"),
    ("in -1 days 19:00 climbing", "'in -1 days': in counts from today on"),
    ("this weekend 10:00 hike", "'this weekend' is two days: give one"),
    ("next weekend 10:00 hike", "'next weekend' is two days: give one"),
    ("fri 19:00 climb\x1b[31m", "control character"),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refused_with_the_word_named(text: str, reason: str) -> None:
    with pytest.raises(QuickAddError) as caught:
        parse_quick_add(text, CONFIG, TODAY)
    assert reason in str(caught.value)


HUGE = "9" * 5000  # more digits than int() converts


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("in 99999999 days 10:00 x", "beyond the calendar"),
        ("+99999999d 10:00 x", "beyond the calendar"),
        ("+999999 days 10:00 x", "beyond the calendar"),
        (f"in {HUGE} days 10:00 x", "beyond the calendar"),
        (f"+{HUGE}d 10:00 x", "beyond the calendar"),
        (f"10:00 {HUGE}m x", "a length between"),
        (f"10:00 {HUGE}h x", "a length between"),
        (f"10:00 {HUGE}.5h x", "a length between"),
        (f"10:00 {HUGE} min x", "a length between"),
        (f"10:00 1h {HUGE}m x", "minutes after the hours go up to 59"),
        (f"for {HUGE} minutes 10:00 x", "a length between"),
        (f"every {HUGE} weeks mon 10:00 x", "every 1 to 52 weeks"),
    ],
)
def test_a_huge_number_is_refused_by_its_rule_not_a_traceback(text: str, reason: str) -> None:
    with pytest.raises(QuickAddError, match=reason):
        parse_quick_add(text, CONFIG, TODAY)


@pytest.mark.parametrize(
    "text",
    ["1 " * 400, "3 x " * 400, "2h " * 400, "fri 19h " + "x " * 800 + "7pm", "fri " + "end of month " * 300],
    ids=["numbers", "number-words", "lengths", "time-at-the-end", "ends-of-month-beside-a-day"],
)
def test_a_long_line_is_read_looking_at_each_word_once(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # a paste into a field is read again on every key: each word asked at most once
    # whether it names a time of day, not once for every word before it
    from weekplan.timewords import read_phrase, scanner

    asked: list[str] = []
    names_a_clock = scanner._names_a_clock

    def counted(word: str, nxt: str) -> bool:
        asked.append(word)
        return names_a_clock(word, nxt)

    monkeypatch.setattr(scanner, "_names_a_clock", counted)
    with contextlib.suppress(ValueError):  # refused or not, the count is what is checked
        read_phrase(text, date(2026, 11, 23))
    assert len(asked) <= len(text.split())
    if "7pm" in text:  # 19h looks ahead for another time: every word, once
        assert "7pm" in asked


# (language, word, month, weekday): English's names in every language, the language's
# besides; where the two share a name English's wins, and a name that is an English word
# ("so", "do", "set", "out", "mars") or holds no letter stays a title's word.
NAMES_READ = [
    ("", "dec", 12, None),
    ("", "fri", None, 4),
    ("", "dez", None, None),
    ("", "freitag", None, None),
    ("de", "dez", 12, None),
    ("de", "dez.", 12, None),
    ("de", "märz", 3, None),
    ("de", "marz", 3, None),
    ("de", "mar", 3, None),
    ("de", "mai", 5, None),
    ("de", "freitag", None, 4),
    ("de", "fri", None, 4),
    ("de", "so", None, None),
    ("de", "do", None, None),
    ("de", "24", None, None),
    ("de", "", None, None),
    ("fr", "déc.", 12, None),
    ("fr", "dec", 12, None),
    ("fr", "février", 2, None),
    ("fr", "fevrier", 2, None),
    ("fr", "juin", 6, None),
    ("fr", "vendredi", None, 4),
    ("fr", "mars", None, None),
    ("pt_BR", "dezembro", 12, None),
    ("pt_BR", "sexta-feira", None, 4),
    ("pt_BR", "sábado", None, 5),
    ("pt_BR", "sabado", None, 5),
    ("pt_BR", "set", None, None),
    ("pt_BR", "set.", None, None),
    ("pt_BR", "out", None, None),
    ("tr", "aralık", 12, None),
    ("tr", "ocak", 1, None),
    ("tr", "cuma", None, 4),
]


@pytest.mark.parametrize(("language", "word", "month", "weekday"), NAMES_READ)
def test_a_word_reads_as_englishs_name_or_the_languages(
    language: str, word: str, month: int | None, weekday: int | None
) -> None:
    from weekplan.timewords.scanner import Scanner

    scanner = Scanner(word, TODAY, language=language)

    assert (scanner.months.get(word), scanner.weekdays.get(word)) == (month, weekday)


@pytest.mark.parametrize("count", [1, 30, 300])
def test_many_ends_of_a_month_beside_a_day_are_read_again_once_not_once_each(
    count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "end of month" beside another day is the title's: the line is read a second
    # time, whatever the number of them, each word stepped on once a time
    from weekplan.timewords import read_phrase, scanner

    scans: list[int] = []
    steps: list[int] = []
    scan, step = scanner.Scanner.scan, scanner.Scanner.step

    def counted_scan(self: scanner.Scanner) -> None:
        scans.append(self.at)
        scan(self)

    def counted_step(self: scanner.Scanner) -> int:
        steps.append(self.at)
        return step(self)

    monkeypatch.setattr(scanner.Scanner, "scan", counted_scan)
    monkeypatch.setattr(scanner.Scanner, "step", counted_step)
    text = "fri " + "end of month " * count
    reading = read_phrase(text, date(2026, 11, 23))
    assert " ".join(reading.title) == " ".join(["end of month"] * count)
    assert [day for _words, day in reading.days] == [date(2026, 11, 27)]
    assert len(scans) == 2
    assert len(steps) <= 2 * len(text.split())
