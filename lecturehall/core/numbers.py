"""Numbers written the way the reader's language writes them: what Babel's ``format_decimal`` gives (whole numbers,
and one decimal place for hours and percentages), without its per-call pattern work. A report page writes hundreds of
numbers; Babel takes about 12 µs for each, this about 1 µs.

Each locale's symbols are read from Babel once and checked against Babel on sample numbers; a locale whose numbers
do not follow the plain three-digit grouping with Latin digits is left to Babel itself."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_decimal
from flask_babel import get_locale

ONE_PLACE = "#,##0.0"
_TENTH = Decimal("0.1")
_SAMPLES = (0, 7, -7, 999, 1000, -1234, 12345, 1234567, -987654321, 10**15)
_DECIMAL_SAMPLES = (0.0, 0.05, 0.15, 0.25, 0.35, -0.04, -2.5, 1234.56, 999.95, -12345.25, 1e9 + 0.45)


@dataclass(frozen=True)
class _Symbols:
    group: str
    decimal: str
    minus: str

    def integer(self, value: int) -> str:
        text = f"{value:,}"
        if self.group != ",":
            text = text.replace(",", self.group)
        return text.replace("-", self.minus) if value < 0 else text

    def one_place(self, value: float | Decimal) -> str:
        # As Babel does: the number's shortest decimal text, rounded half to even to one place.
        rounded = (value if isinstance(value, Decimal) else Decimal(str(value))).quantize(_TENTH, ROUND_HALF_EVEN)
        text = f"{rounded:,}"
        return text.translate({ord(","): self.group, ord("."): self.decimal, ord("-"): self.minus})


@lru_cache(maxsize=64)
def _symbols(locale_id: str) -> _Symbols | None:
    locale = Locale.parse(locale_id)
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    minus = format_decimal(-1, locale=locale)[:-1]  # what the pattern puts before a negative number
    found = _Symbols(symbols["group"], symbols["decimal"], minus)
    for value in _SAMPLES:
        if found.integer(value) != format_decimal(value, locale=locale):
            return None
    for value in _DECIMAL_SAMPLES:
        if found.one_place(value) != format_decimal(value, format=ONE_PLACE, locale=locale):
            return None
    return found


def _locale_id(locale: Locale | str | None) -> str:
    if locale is None:
        locale = get_locale() or "en"
    return str(locale)


def integer(value: int, locale: Locale | str | None = None) -> str:
    """``value`` with the locale's grouping (1,234 · 1 234 · 1.234), as Babel writes it; the request's locale by
    default."""
    locale_id = _locale_id(locale)
    symbols = _symbols(locale_id)
    if symbols is None or not _whole(value):
        return format_decimal(value, locale=locale_id)
    return symbols.integer(int(value))


def _whole(value) -> bool:
    """An int, or a float or Decimal without a fraction (PostgreSQL's sums come as Decimal)."""
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value()


def one_place(value: float | Decimal, locale: Locale | str | None = None) -> str:
    """``value`` rounded half to even to one decimal place (1,234.5 · 1 234,5), as Babel's ``#,##0.0`` writes it."""
    locale_id = _locale_id(locale)
    symbols = _symbols(locale_id)
    if symbols is None:
        return format_decimal(value, format=ONE_PLACE, locale=locale_id)
    return symbols.one_place(value)
