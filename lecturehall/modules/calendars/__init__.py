"""Calendars: an .ics file per lecture and a personal feed of the lectures a user registered for (RFC 5545)."""
