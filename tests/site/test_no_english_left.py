"""A translated page shows no English: none of the catalog's English sentences appears on any page a visitor, a
participant who organises a programme, a country coordinator or an admin can reach (every GET route of the app,
filled with objects that exist)."""

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from lecturehall.core.auth import access_rule_for
from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role
from tests.site_objects import fill, populate

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["zh", "fr", "es", "ru", "ar"]
ANONYMOUS_PAGES = ["/", "/login", "/signup", "/password/forgot", "/signup/done", "/no-such-page"]
NOT_PAGES = {"static", "accounts.logout"}  # files, or a button that would end the walk


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


def _leftover(sentences: list[str], body: str) -> list[str]:
    text = visible_text(body)
    return [s for s in sentences if s in text]


@pytest.mark.parametrize("language", LANGUAGES)
def test_anonymous_pages_have_no_english(client, language):
    sentences = english_sentences()
    for page in ANONYMOUS_PAGES:
        leftover = _leftover(sentences, client.get(page, headers={"Accept-Language": language}).get_data(as_text=True))
        assert not leftover, f"{language} {page}: English left: {leftover[:3]}"


@pytest.mark.parametrize("role", [Role.participant, Role.coordinator, Role.admin], ids=lambda role: role.value)
def test_every_page_a_signed_in_user_reaches_has_no_english(app, client, create_user, login, role):
    sentences = english_sentences()
    viewer = create_user(role=role, country="CL")
    login(viewer)
    values = populate(viewer, create_user(country="CL"))
    pages = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.endpoint):
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
            continue
        access = access_rule_for(app, rule.endpoint)
        if access.kind == "roles" and role.value not in access.roles:
            continue
        pages.append(fill(rule, values))
    assert len(pages) > 25
    checked = 0
    for language in LANGUAGES:
        viewer.language = language  # a signed-in user's own language wins over the browser's
        db.session.commit()
        for url in pages:
            response = client.get(url)
            if not response.content_type.startswith("text/html"):
                continue
            checked += 1
            leftover = _leftover(sentences, response.get_data(as_text=True))
            assert not leftover, f"{role.value} {language} {url}: English left: {leftover[:3]}"
    assert checked >= 20 * len(LANGUAGES)
