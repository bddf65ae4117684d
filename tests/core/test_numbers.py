"""Numbers and times on report pages read exactly as Babel writes them in each of the six languages: the quick
paths (core/numbers.py, format_in_zone's patterns looked up once) are checked against Babel itself."""

import threading
import zoneinfo
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from babel import Locale
from babel.dates import format_skeleton, format_time, get_datetime_format
from babel.numbers import format_decimal
from hypothesis import HealthCheck, given, settings, strategies as st

from lecturehall.core import numbers
from lecturehall.core.i18n import LANGUAGES, format_in_zone

SIX = sorted(LANGUAGES)
languages = st.sampled_from(SIX + ["zh_Hans_CN", "hi", "bn"])  # and locales left to Babel (Indian grouping, digits)


@settings(max_examples=400, deadline=None)
@given(languages, st.integers(min_value=-10**16, max_value=10**16))
def test_whole_numbers_as_babel_writes_them(language, value):
    assert numbers.integer(value, language) == format_decimal(value, locale=language)
    assert numbers.integer(Decimal(value), language) == format_decimal(Decimal(value), locale=language)
    assert numbers.integer(float(value), language) == format_decimal(float(value), locale=language)


@settings(max_examples=400, deadline=None)
@given(languages, st.one_of(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.integers(min_value=-10**6, max_value=10**6).map(lambda n: n / 100),  # halves: 0.25, 0.35, 2.45
    st.decimals(min_value=-10**6, max_value=10**6, places=3)))
def test_one_decimal_place_as_babel_writes_it(language, value):
    assert numbers.one_place(value, language) == format_decimal(value, format="#,##0.0", locale=language)


def test_a_fraction_given_as_a_whole_number_is_not_cut(app):
    assert numbers.integer(1234.5, "en") == "1,234.5"
    assert numbers.integer(Decimal("1234.50"), "fr") == format_decimal(Decimal("1234.50"), locale="fr")


def test_the_six_languages_take_the_quick_path_and_the_others_babel():
    assert all(numbers._symbols(language) is not None for language in SIX)
    assert numbers._symbols("hi") is None  # 12,34,567: not three-digit groups
    assert numbers.integer(1234567, "hi") == "12,34,567"


def test_the_request_language_is_the_default(app):
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        assert numbers.integer(1234567) == "1\u202f234\u202f567"
        assert numbers.one_place(2.25) == "2,2"


def babel_moment(value, zone, language, weekday):
    tz, locale = zoneinfo.ZoneInfo(zone), Locale.parse(language)
    day = format_skeleton("yMMMEd" if weekday else "yMMMd", value, tzinfo=tz, locale=locale)
    clock = format_time(value, "short", tzinfo=tz, locale=locale)
    return get_datetime_format("medium", locale=locale).replace("{1}", day).replace("{0}", clock)


ZONES = ["UTC", "Asia/Shanghai", "Asia/Kolkata", "America/Santiago", "Europe/Paris", "Australia/Lord_Howe",
         "Pacific/Chatham", "America/St_Johns"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(SIX), st.sampled_from(ZONES), st.integers(min_value=0, max_value=10 * 366 * 24 * 60),
       st.booleans())
def test_a_moment_as_babel_writes_it_in_every_zone(app, language, zone, minutes, weekday):
    value = datetime(2020, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=minutes)
    expected = babel_moment(value, zone, language, weekday)
    assert format_in_zone(value, zone, language, with_zone=False, weekday=weekday) == expected
    with_zone = format_in_zone(value, zone, language, weekday=weekday)
    assert with_zone.startswith(expected + (" (" if language != "zh" else "（"))


def test_a_time_written_outside_the_app_does_not_keep_the_app_from_translating(app):
    winter = datetime(2026, 12, 8, 7, 20, tzinfo=timezone.utc)
    outside = []
    thread = threading.Thread(target=lambda: outside.append(format_in_zone(winter, "Asia/Shanghai", "zh")))
    thread.start()
    thread.join()
    assert outside == ["2026年12月8日周二 15:20 (UTC+8, 上海)"]  # no app, no catalog: the English brackets
    assert format_in_zone(winter, "Asia/Shanghai", "zh") == "2026年12月8日周二 15:20（UTC+8，上海）"
