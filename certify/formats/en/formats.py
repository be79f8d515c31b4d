"""How the site writes dates and times in English (US), used by name everywhere a person reads
them: a day is written long ("December 7, 2026"), never with a shortened month; a moment is the
day and its time on the 12-hour clock with the zone's name ("December 7, 2026, 11:59 p.m. CST"),
in the program's time zone where the page has one (RULINGS; ADR 0076). Django's own English
formats stay for what is not named here. tests/core/test_date_formats_guard.py keeps templates
on these names."""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, g:i a T"
TIME_FORMAT = "g:i a T"
