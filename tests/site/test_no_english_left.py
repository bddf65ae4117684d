"""A translated page shows no English: none of the catalog's English sentences appears on it."""

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/", "/login", "/signup", "/password/forgot", "/signup/done", "/no-such-page"]


def english_sentences() -> list[str]:
    with (ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    sentences = []
    for message in catalog:
        text = message.id[0] if isinstance(message.id, tuple) else message.id
        text = re.sub(r"%\(\w+\)[sd]", "", text).strip()
        if len(text.split()) >= 2:  # single words (names, "OK") may legitimately coincide
            sentences.append(text)
    return sentences


def visible_text(body: str) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<option[^>]*lang=\"[a-z]+\"[^>]*>.*?</option>", " ", body)  # language names are endonyms
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize("language", ["zh", "fr", "es", "ru", "ar"])
def test_translated_pages_have_no_english(client, language):
    sentences = english_sentences()
    for page in PAGES:
        text = visible_text(client.get(page, headers={"Accept-Language": language}).get_data(as_text=True))
        leftover = [s for s in sentences if s in text]
        assert not leftover, f"{language} {page}: English left: {leftover[:3]}"
