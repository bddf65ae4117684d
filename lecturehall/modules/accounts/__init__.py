"""Accounts: sign-up, confirmation, login, password reset, profile, personal data export and account deletion."""
