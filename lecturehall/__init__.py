"""Lecture Hall: a distance-learning platform for capacity-building lecture programmes."""

from lecturehall.app import create_app

__all__ = ["create_app"]
