"""Lectures: scheduling, translations, speakers, topics, visibility, status and the history of changes."""
