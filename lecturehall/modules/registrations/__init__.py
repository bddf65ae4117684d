"""Registrations: a participant's place at a lecture, the waiting list, and "my lectures"."""
