"""Presence: who attended a live lecture, and for how long."""
