"""Notifications to participants: registration confirmations, reminders, reschedule and cancellation notices."""
