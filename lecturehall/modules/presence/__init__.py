"""Presence: who watched what, live and replay. The player's heartbeats come in through a lean endpoint (a signed
viewing token, a group-committed raw table) and the worker compacts them into live attendance, the viewer curve,
replay watching and views, by participant, country (declared and network), device and language; organisers see
who is watching now, participants their own history."""
