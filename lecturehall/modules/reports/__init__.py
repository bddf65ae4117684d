"""Participation reports: dashboards by programme, country, lecture and participant, their charts, map and exports,
and scheduled summaries by mail. Reads presence, registrations and accounts; writes only its own subscriptions."""
