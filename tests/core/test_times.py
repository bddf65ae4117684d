"""Times are written as people read them: the reader's own date and time forms, no seconds, and the zone as a short
UTC offset with its city in the reader's language; half-hour zones and summer time included."""

from datetime import datetime, timedelta, timezone

import pytest

from lecturehall.core.i18n import format_in_zone, utc_offset_text

WINTER = datetime(2026, 12, 8, 7, 20, tzinfo=timezone.utc)
SUMMER = datetime(2026, 7, 8, 7, 20, tzinfo=timezone.utc)


@pytest.mark.parametrize("language,zone,expected", [
    ("en", "Asia/Shanghai", "Tue, Dec 8, 2026, 3:20\u202fPM (UTC+8, Shanghai)"),
    ("en", "Asia/Kolkata", "Tue, Dec 8, 2026, 12:50\u202fPM (UTC+5:30, Kolkata)"),
    ("en", "UTC", "Tue, Dec 8, 2026, 7:20\u202fAM (UTC)"),
    ("fr", "Asia/Shanghai", "mar. 8 déc. 2026, 15:20 (UTC+8, Shanghai)"),
    ("fr", "Asia/Kolkata", "mar. 8 déc. 2026, 12:50 (UTC+5:30, Calcutta)"),
    ("zh", "Asia/Shanghai", "2026年12月8日周二 15:20（UTC+8，上海）"),
    ("zh", "America/Santiago", "2026年12月8日周二 04:20（UTC-3，圣地亚哥）"),
    ("ar", "Asia/Shanghai", "الثلاثاء، 8 ديسمبر 2026، 3:20 م (UTC+8، شنغهاي)"),
    ("ar", "Asia/Kolkata", "الثلاثاء، 8 ديسمبر 2026، 12:50 م (UTC+5:30، كالكتا)"),
])
def test_a_moment_in_each_language_and_zone(app, language, zone, expected):
    assert format_in_zone(WINTER, zone, language) == expected


@pytest.mark.parametrize("zone,winter,summer", [
    ("Europe/Berlin", "8:20\u202fAM (UTC+1, Berlin)", "9:20\u202fAM (UTC+2, Berlin)"),
    ("America/Santiago", "4:20\u202fAM (UTC-3, Santiago)", "3:20\u202fAM (UTC-4, Santiago)"),  # southern summer
    ("Asia/Kolkata", "12:50\u202fPM (UTC+5:30, Kolkata)", "12:50\u202fPM (UTC+5:30, Kolkata)"),  # no DST
])
def test_summer_time_moves_the_offset(app, zone, winter, summer):
    assert format_in_zone(WINTER, zone, "en").endswith(winter)
    assert format_in_zone(SUMMER, zone, "en").endswith(summer)


def test_no_seconds_and_no_long_zone_names(app):
    text = format_in_zone(datetime(2026, 12, 8, 7, 20, 59, tzinfo=timezone.utc), "UTC", "en")
    assert ":59" not in text and "Coordinated" not in text and "GMT" not in text


def test_without_the_zone(app):
    assert format_in_zone(WINTER, "Asia/Shanghai", "en", with_zone=False) == "Tue, Dec 8, 2026, 3:20\u202fPM"


@pytest.mark.parametrize("minutes,expected", [(480, "UTC+8"), (330, "UTC+5:30"), (-180, "UTC-3"), (0, "UTC+0"),
                                              (-570, "UTC-9:30"), (345, "UTC+5:45"), (840, "UTC+14")])
def test_offsets_are_short(minutes, expected):
    assert utc_offset_text(timedelta(minutes=minutes)) == expected
