"""Languages, locale and timezone selection, and the localised lists of countries and timezones."""

from __future__ import annotations

import unicodedata
import zoneinfo
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import unquote

import pycountry
from babel import Locale
from babel.dates import (DateTimePattern, format_skeleton, get_datetime_format, get_timezone_location, match_skeleton,
                         parse_pattern)
from flask import current_app, has_app_context, has_request_context, request, session
from flask_babel import Babel, force_locale, get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

babel = Babel()

# The six UN languages, each named in itself (a reader looks for their own language's name).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "zh": "中文（简体）",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
    "ar": "العربية",
}
# Written right to left: Arabic among the UI's languages, and Persian and Urdu among those lectures come in.
RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he"})
# BCP 47 tags for the html lang attribute.
HTML_LANG = {"en": "en", "zh": "zh-Hans", "fr": "fr", "es": "es", "ru": "ru", "ar": "ar"}

LANGUAGE_SESSION_KEY = "language"
TIMEZONE_COOKIE = "tz"


def select_locale() -> str:
    """The user's preference, else a language picked with the switcher, else the browser's, else the default."""
    if not has_request_context():
        return current_app.config["DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    chosen = session.get(LANGUAGE_SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    best = request.accept_languages.best_match(list(LANGUAGES))
    if best:
        return best
    # Browsers send regional tags such as zh-CN or es-419: match on the primary subtag.
    for tag, _quality in request.accept_languages:
        primary = tag.split("-")[0].split("_")[0].lower()
        if primary in LANGUAGES:
            return primary
    return current_app.config["DEFAULT_LOCALE"]


def select_timezone() -> str:
    if not has_request_context():
        return current_app.config["DEFAULT_TIMEZONE"]
    if current_user and current_user.is_authenticated and is_valid_timezone(current_user.timezone):
        return current_user.timezone
    # static/js/app.js writes the zone as it is (Asia/Shanghai); older versions wrote it URL-encoded
    # (Asia%2FShanghai), and browsers keep such cookies for a year.
    from_browser = unquote(request.cookies.get(TIMEZONE_COOKIE, ""))
    if is_valid_timezone(from_browser):
        return from_browser
    return current_app.config["DEFAULT_TIMEZONE"]


def viewer_timezone() -> str:
    """The IANA name of the timezone this page is shown in (see select_timezone)."""
    return str(get_timezone())


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


def text_direction(language: str | None = None) -> str:
    return "rtl" if (language or current_language()) in RTL_LANGUAGES else "ltr"


def content_attributes(language: str | None) -> Markup:
    """``lang`` and ``dir`` for text written by people in ``language`` (a title, a biography): an Arabic page
    showing an English title must lay it out, and read it aloud, as English. Without a language, the browser
    judges the direction from the text itself."""
    if not language:
        return Markup('dir="auto"')
    return Markup('lang="{}" dir="{}"').format(HTML_LANG.get(language, language), text_direction(language))


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def is_valid_country(code: str | None) -> bool:
    return bool(code) and code in country_codes()


@lru_cache(maxsize=16)
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(language).territories
    english = {c.alpha_2: c.name for c in pycountry.countries}
    pairs = [(code, names.get(code) or english[code]) for code in country_codes()]
    return tuple(sorted(pairs, key=lambda pair: _sort_key(pair[1])))


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(ISO 3166 alpha-2 code, name in the page's language), sorted by name."""
    return list(_country_choices(language or current_language()))


@lru_cache(maxsize=16)
def _country_names(language: str) -> dict[str, str]:
    return dict(_country_choices(language))


def country_name(code: str | None, language: str | None = None) -> str:
    if not code:
        return ""
    return _country_names(language or current_language()).get(code, code)


@lru_cache(maxsize=1)
def timezone_ids() -> tuple[str, ...]:
    # Canonical region/city zones, plus UTC; the legacy aliases (US/Eastern, Etc/GMT+3 ...) only confuse a list.
    regions = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")
    zones = sorted(z for z in zoneinfo.available_timezones() if z.startswith(regions))
    return ("UTC", *zones)


@lru_cache(maxsize=1)
def _timezone_set() -> frozenset[str]:
    return frozenset(timezone_ids())


def is_valid_timezone(name: str | None) -> bool:
    return bool(name) and name in _timezone_set()


@lru_cache(maxsize=16)
def _timezone_choices(language: str) -> tuple[tuple[str, str], ...]:
    locale = Locale.parse(language)
    choices = []
    for zone in timezone_ids():
        try:
            label = get_timezone_location(zoneinfo.ZoneInfo(zone), locale=locale)
        except (LookupError, ValueError):
            label = zone
        choices.append((zone, f"{label} — {zone}"))
    return tuple(choices)


def timezone_choices(language: str | None = None) -> list[tuple[str, str]]:
    return list(_timezone_choices(language or current_language()))


def _sort_key(name: str) -> str:
    return unicodedata.normalize("NFKD", name).casefold()


def init_app(app) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(app.config["TRANSLATIONS_DIR"]),
    )

    @app.context_processor
    def language_context() -> dict:
        language = current_language()
        return {
            "LANGUAGES": LANGUAGES,
            "current_language": language,
            "html_lang": HTML_LANG.get(language, language),
            "text_direction": text_direction(language),
        }



# Languages a lecture can be given, interpreted or subtitled in (wider than the UI's six).
CONTENT_LANGUAGES = ("en", "zh", "fr", "es", "ru", "ar", "pt", "de", "it", "ja", "ko", "vi", "th", "id", "ms",
                     "tr", "fa", "ur", "hi", "sw", "am", "uz", "kk", "is")


@lru_cache(maxsize=16)
def _language_names(language: str) -> dict[str, str]:
    names = Locale.parse(language).languages
    return {code: names.get(code, code) for code in CONTENT_LANGUAGES}


def language_name(code: str | None, language: str | None = None) -> str:
    if not code:
        return ""
    return _language_names(language or current_language()).get(code) or Locale.parse(
        language or current_language()).languages.get(code, code)


def content_language_choices(language: str | None = None) -> list[tuple[str, str]]:
    names = _language_names(language or current_language())
    return sorted(names.items(), key=lambda pair: _sort_key(pair[1]))


@lru_cache(maxsize=256)
def _moment_patterns(zone: str, language: str, weekday: bool) -> tuple[zoneinfo.ZoneInfo, Locale, DateTimePattern,
                                                                         DateTimePattern, str]:
    """What format_in_zone looks up for every value, looked up once per zone and language: the zone, the locale,
    the day's pattern (the skeleton matched to the locale's own), the clock's, and how the two are joined."""
    locale = Locale.parse(language)
    skeleton = "yMMMEd" if weekday else "yMMMd"
    if skeleton not in locale.datetime_skeletons:
        skeleton = match_skeleton(skeleton, locale.datetime_skeletons)
    return (zoneinfo.ZoneInfo(zone), locale, parse_pattern(locale.datetime_skeletons[skeleton]),
            parse_pattern(locale.time_formats["short"]), get_datetime_format("medium", locale=locale))


@lru_cache(maxsize=4096)
def _day_text(zone: str, language: str, weekday: bool, day: date) -> str:
    """A day as format_in_zone writes it: the same for each of a day's minutes on a report's curve."""
    _tz, locale, pattern, _clock, _glue = _moment_patterns(zone, language, weekday)
    return pattern.apply(day, locale)


def _zone_suffixes(language: str) -> tuple[str, str]:
    """The translated "time (offset, city)" and "time (offset)", to fill in without a locale switch per value;
    kept by the app whose catalogs translated them (outside an app, Flask-Babel translates nothing)."""
    cache = current_app.extensions.setdefault("lecturehall.zone_suffixes", {}) if has_app_context() else {}
    found = cache.get(language)
    if found is None:
        with force_locale(language):
            found = cache[language] = (_("%(time)s (%(offset)s, %(city)s)"), _("%(time)s (%(offset)s)"))
    return found


def format_in_zone(value: datetime, zone: str, language: str, *, with_zone: bool = True,
                   weekday: bool = True) -> str:
    """A UTC datetime as people read it in ``zone``, written the way ``language`` writes dates and times: no
    seconds, and the zone as a short offset and its city in that language, e.g. "Tue, 8 Dec 2026, 15:20 (UTC+8,
    Shanghai)". The page's own times, mail, "organiser's time" and admin lists all use it. Babel's patterns are
    looked up once per zone and language (a report's minute-by-minute curve formats hundreds of times a page)."""
    tz, locale, _day, clock, glue = _moment_patterns(zone, language, weekday)
    local = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(tz)
    moment = glue.replace("{1}", _day_text(zone, language, weekday, local.date())).replace(
        "{0}", clock.apply(local, locale))
    if not with_zone:
        return moment
    city = _zone_city(zone, language)
    with_city, without_city = _zone_suffixes(language)
    if city is None:
        return without_city % {"time": moment, "offset": "UTC"}
    return with_city % {"time": moment, "offset": utc_offset_text(local.utcoffset()), "city": city}


def format_date_in_zone(value: datetime, zone: str, language: str) -> str:
    """Only the day, in the reader's form ("8 Dec 2026", "2026年12月8日")."""
    return format_skeleton("yMMMd", value, tzinfo=zoneinfo.ZoneInfo(zone), locale=Locale.parse(language))


def utc_offset_text(offset: timedelta | None) -> str:
    """UTC+8, UTC+5:30, UTC-3, UTC+0: the short form people know from travel and video calls."""
    minutes = round((offset or timedelta()).total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


@lru_cache(maxsize=1024)
def _zone_city(zone: str, language: str) -> str | None:
    """The zone's exemplar city in ``language`` (Shanghai, 上海, شنغهاي); None for UTC itself."""
    if zone in ("UTC", "Etc/UTC"):
        return None
    try:
        city = get_timezone_location(zoneinfo.ZoneInfo(zone), locale=Locale.parse(language), return_city=True)
    except (LookupError, ValueError):
        city = None
    return city or zone.rsplit("/", 1)[-1].replace("_", " ")
