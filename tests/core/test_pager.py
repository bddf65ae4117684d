"""The pager under long lists: links to the pages before and after, keeping the list's other filters, in the
viewer's language (a list longer than one page used to fail: the macro's own `_` shadowed gettext's)."""

from __future__ import annotations

from flask import render_template_string

from lecturehall.core.pagination import Page

PAGER = '{% from "macros.html" import pager %}{{ pager(page, "lectures.catalogue") }}'


def test_a_middle_page_links_both_ways_and_keeps_the_filters(app):
    with app.test_request_context("/lectures?q=logistics&page=2"):
        html = render_template_string(PAGER, page=Page(items=[], number=2, size=50, total=140))
    assert 'rel="prev"' in html and 'rel="next"' in html and "Page 2 of 3" in html
    assert "page=1" in html and "page=3" in html and html.count("q=logistics") == 2


def test_the_last_page_in_french_links_back_only(app):
    with app.test_request_context("/lectures?page=3", headers={"Accept-Language": "fr"}):
        html = render_template_string(PAGER, page=Page(items=[], number=3, size=50, total=140))
    assert 'rel="prev"' in html and 'rel="next"' not in html and "page=2" in html
    assert "Previous" not in html and "Page 3 of 3" not in html


def test_a_page_under_a_path_with_values_keeps_them(app):
    with app.test_request_context("/reports/lectures/7?page=2&date_from=2026-01-01"):
        html = render_template_string('{% from "macros.html" import pager %}{{ pager(page, "reports.lecture_report") }}',
                                      page=Page(items=[], number=2, size=50, total=140))
    assert "/reports/lectures/7?" in html and html.count("/reports/lectures/7?") == 2
    assert "page=1" in html and "page=3" in html and html.count("date_from=2026-01-01") == 2
