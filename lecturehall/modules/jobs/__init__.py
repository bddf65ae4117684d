"""Scheduled jobs: the admin view of what the scheduler will run and what it ran (with failures)."""
