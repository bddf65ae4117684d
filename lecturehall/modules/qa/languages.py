"""The language a question is written in: py3langid (a small maintained identifier that ships its model) when it is
sure enough, else the language the author uses the site in. Short texts are not guessed at."""

from __future__ import annotations

import threading

MIN_CHARS = 12
MIN_PROBABILITY = 0.5

_lock = threading.Lock()
_identifier = None


def _get_identifier():
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier  # the model takes ~1 s to load: on first use

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def warm_up() -> None:
    """Loads the model in the background (the Q&A panel was just shown: a question may follow)."""
    if _identifier is None:
        threading.Thread(target=_get_identifier, name="qa-language-model", daemon=True).start()


def primary(code: str | None) -> str:
    """"zh-Hans" -> "zh"."""
    return (code or "").replace("_", "-").split("-")[0].lower()


def detect(text: str, fallback: str) -> tuple[str, bool]:
    """(language, whether it was detected from the text rather than taken from ``fallback``)."""
    letters = sum(1 for ch in text if ch.isalpha())
    if letters >= MIN_CHARS or (letters >= 4 and any(ord(ch) > 0x2E80 for ch in text)):
        language, probability = _get_identifier().classify(text)
        if probability >= MIN_PROBABILITY:
            return primary(language), True
    return primary(fallback) or "en", False
