"""The PDF certificate, read back with pdftotext: in English, Arabic and Chinese it carries the holder's name, the
programme and lecture (in the reader's language where translated), the verification code and the verification
address; the QR code is there; the page is one A4 landscape page; nothing is fetched from outside."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from lecturehall.core.db import db
from lecturehall.modules.certificates import codes, operations
from lecturehall.modules.certificates.pdf import certificate_html, render_pdf
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.programmes import operations as programmes
from tests.certificates.conftest import attend

TITLES = {
    "en": ("Cross-border e-commerce policy", "Cloud Lecture Hall 2026"),
    "ar": ("سياسات التجارة الإلكترونية عبر الحدود", "قاعة المحاضرات السحابية ٢٠٢٦"),
    "zh": ("跨境电子商务政策", "云上讲堂二〇二六"),
}
HEADINGS = {"en": "Certificate of attendance", "ar": "شهادة حضور", "zh": "听课证书"}


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_info(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


@pytest.fixture
def certificate(held_lecture, create_programme, create_user):
    programme = create_programme(TITLES["en"][1])
    lecture = held_lecture(TITLES["en"][0], programme=programme)
    for language in ("ar", "zh"):
        lectures.save_translation(lecture, language, TITLES[language][0], "", "", None)
        programmes.save_translation(programme, language, TITLES[language][1], "")
    holder = create_user(full_name="Amina Diallo", timezone="Africa/Dakar")
    attend(lecture, holder, 45)
    certificate, created = operations.issue_lecture_certificate(holder.id, lecture)
    db.session.commit()
    assert created
    return certificate, holder, programme, lecture


@pytest.mark.parametrize("language", ["en", "ar", "zh"])
def test_the_pdf_says_who_what_and_how_to_check_it(app, certificate, tmp_path, language):
    certificate, holder, programme, lecture = certificate
    data = render_pdf(certificate, holder, programme, lecture, language)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    info = pdf_info(data, tmp_path)
    assert "Pages:          1" in info and "842 x 595" in info.replace(".", " ").replace("  ", " ") or \
        re.search(r"Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)", info), info
    title, programme_name = TITLES[language]
    assert "Amina Diallo" in text
    assert codes.display(certificate.code) in text
    assert f"http://localhost/certificates/verify/{certificate.code}" in text
    if language == "ar":
        # pdftotext gives Arabic in logical order or by visual runs: every word must be there, whole.
        for expected in (title, programme_name, HEADINGS["ar"]):
            assert words(expected) <= words(text), (expected, text)
    else:
        compact = re.sub(r"\s+", " ", text)
        assert title in compact and programme_name in compact and HEADINGS[language] in compact, text


def test_arabic_is_laid_out_right_to_left_and_chinese_in_chinese_fonts(app, certificate, tmp_path):
    certificate, holder, programme, lecture = certificate
    html = certificate_html(certificate, holder, programme, lecture, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    # The English name keeps its own direction inside the Arabic page.
    assert 'dir="auto">Amina Diallo<' in html
    fonts = {}
    for language in ("ar", "zh"):
        path = tmp_path / f"{language}.pdf"
        path.write_bytes(render_pdf(certificate, holder, programme, lecture, language))
        fonts[language] = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                                         text=True).stdout.replace("-", "")
    assert "NotoNaskhArabic" in fonts["ar"] or "NotoSansArabic" in fonts["ar"], fonts["ar"]
    assert "CJK" in fonts["zh"] and "SC" in fonts["zh"], fonts["zh"]


def test_the_qr_code_opens_the_verification_page(app, certificate):
    certificate, holder, programme, lecture = certificate
    html = certificate_html(certificate, holder, programme, lecture, "en")
    assert re.search(r'<img src="data:image/svg\+xml[^"]+" alt="QR code of the verification page">', html)
    # Nothing in the page points outside it: no http(s) resource, only the data URI and the printed address.
    resources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert resources and all(value.startswith("data:") for value in resources)


def test_a_replay_certificate_says_the_recording_was_watched(app, certificate, tmp_path):
    certificate, holder, programme, lecture = certificate
    certificate.by_replay = True
    text = pdf_text(render_pdf(certificate, holder, programme, lecture, "en", by_replay=True), tmp_path)
    assert "watched the recording of the lecture" in text
