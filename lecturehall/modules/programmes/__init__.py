"""Programmes: a lecture series (e.g. "Cloud Lecture Hall 2026") with partner countries and organisers."""
