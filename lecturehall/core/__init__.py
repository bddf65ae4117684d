"""Shared infrastructure: database, authentication and access rules, languages, mail, security."""
