"""Languages, locale and timezone selection, and the localised lists of countries and timezones."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

import pycountry
from babel import Locale
from babel.dates import get_timezone_location
from flask import current_app, has_request_context, request, session
from flask_babel import Babel, get_locale
from flask_login import current_user

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
RTL_LANGUAGES = frozenset({"ar"})
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
    from_browser = request.cookies.get(TIMEZONE_COOKIE, "")
    if is_valid_timezone(from_browser):
        return from_browser
    return current_app.config["DEFAULT_TIMEZONE"]


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


def text_direction(language: str | None = None) -> str:
    return "rtl" if (language or current_language()) in RTL_LANGUAGES else "ltr"


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


def country_name(code: str | None, language: str | None = None) -> str:
    if not code:
        return ""
    return dict(_country_choices(language or current_language())).get(code, code)


@lru_cache(maxsize=1)
def timezone_ids() -> tuple[str, ...]:
    # Canonical region/city zones, plus UTC; the legacy aliases (US/Eastern, Etc/GMT+3 ...) only confuse a list.
    regions = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")
    zones = sorted(z for z in zoneinfo.available_timezones() if z.startswith(regions))
    return ("UTC", *zones)


def is_valid_timezone(name: str | None) -> bool:
    return bool(name) and name in set(timezone_ids())


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
    import unicodedata

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


def format_in_zone(value, zone: str, language: str, fmt: str = "full") -> str:
    """A UTC datetime as wall-clock time in ``zone``, written for ``language`` (mail, calendars, "organiser's time")."""
    from babel.dates import format_datetime

    return format_datetime(value, format=fmt, tzinfo=zoneinfo.ZoneInfo(zone), locale=language)
