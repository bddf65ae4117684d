"""Writes to accounts. Each operation flushes; the caller (request, CLI command, job) commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from lecturehall.core.db import db, on_commit, utcnow
from lecturehall.core.mail import Recipient, send_mail
from lecturehall.core.scheduler import get_scheduler
from lecturehall.core.urls import external_url
from lecturehall.modules.accounts import queries, signals
from lecturehall.modules.accounts.models import Role, Sector, User
from lecturehall.modules.accounts.models.user import new_session_nonce
from lecturehall.modules.accounts.passwords import hash_password, needs_rehash, verify_password
from lecturehall.modules.accounts.tokens import CONFIRM_EMAIL, RESET_PASSWORD, make_token


class AccountError(Exception):
    """A request that the data forbids, with a translatable message for the user."""


@dataclass
class ProfileData:
    full_name: str
    email: str
    country: str
    organisation: str
    sector: Sector
    language: str
    timezone: str


def normalise_email(email: str) -> str:
    return email.strip().lower()


def recipient(user: User) -> Recipient:
    return Recipient(email=user.email or "", name=user.full_name or "", language=user.language)


def register_user(data: ProfileData, password: str) -> User | None:
    """A self-service sign-up: the account can log in once its email address is confirmed.

    An address that has an account already gets no new one and its account is not touched: its owner is told by
    mail instead (``None`` is returned), and the visitor's answer must not differ from a new address's."""
    # Hashed before looking the address up, whatever it finds: the hash is most of the time a sign-up takes.
    password_hash = hash_password(password)
    email = normalise_email(data.email)
    owner = queries.user_by_email(email)
    if owner is not None:
        if owner.is_active:
            send_signup_attempt_notice_on_commit(owner)
        return None
    user = User(
        email=email,
        full_name=data.full_name.strip(),
        country=data.country,
        organisation=data.organisation.strip() or None,
        sector=data.sector,
        language=data.language,
        timezone=data.timezone,
        role=Role.participant,
        password_hash=password_hash,
    )
    db.session.add(user)
    db.session.flush()
    send_confirmation_on_commit(user)
    return user


def create_user_by_admin(data: ProfileData, role: Role, coordinator_country: str | None = None,
                         password: str | None = None, invite: bool = True) -> User:
    """An account made by an admin (or an import): confirmed already; without a password, an invitation is sent."""
    email = normalise_email(data.email)
    if queries.email_taken(email):
        raise AccountError("email-taken")
    user = User(
        email=email,
        full_name=data.full_name.strip(),
        country=data.country,
        organisation=(data.organisation or "").strip() or None,
        sector=data.sector,
        language=data.language,
        timezone=data.timezone,
        role=role,
        coordinator_country=coordinator_country if role is Role.coordinator else None,
        password_hash=hash_password(password) if password else None,
        created_by_admin=True,
        email_confirmed_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    if invite and not password:
        send_invitation_on_commit(user)
    return user


def link_for(user: User, purpose: str) -> str:
    """The emailed link for a confirmation, or for setting a password (reset and invitation)."""
    endpoint = "accounts.confirm_email" if purpose == CONFIRM_EMAIL else "accounts.reset_password"
    return external_url(endpoint, token=make_token(user, purpose))


def _mail_link_on_commit(user: User, template: str, purpose: str) -> None:
    # The link and address are taken now: the token must match the state being committed.
    link, to = link_for(user, purpose), recipient(user)
    on_commit(lambda: send_mail(template, to, link=link))


def send_confirmation_on_commit(user: User) -> None:
    _mail_link_on_commit(user, "confirm_email", CONFIRM_EMAIL)


def send_invitation_on_commit(user: User) -> None:
    user.invited_at = utcnow()
    _mail_link_on_commit(user, "invitation", RESET_PASSWORD)


def queue_invitations_on_commit(user_ids: list[int], batch: int = 500) -> None:
    """Many invitations (a big import) go out from the scheduler, in batches, not inside the request."""
    app = current_app._get_current_object()

    def queue() -> None:
        for start in range(0, len(user_ids), batch):
            chunk = user_ids[start:start + batch]
            get_scheduler(app).add(f"invitations:{chunk[0]}-{chunk[-1]}", "accounts.send_invitations", utcnow(),
                                   chunk)

    on_commit(queue)


def send_password_reset_on_commit(user: User) -> None:
    _mail_link_on_commit(user, "reset_password", RESET_PASSWORD)


def send_signup_attempt_notice_on_commit(user: User) -> None:
    """Tells an account's owner that someone tried to sign up with their address, with a link to log in and one to
    set a new password (in case it was them, having forgotten they had an account)."""
    login_link, reset_link, to = external_url("accounts.login"), link_for(user, RESET_PASSWORD), recipient(user)
    on_commit(lambda: send_mail("signup_attempt", to, login_link=login_link, reset_link=reset_link))


def confirm_email(user: User) -> None:
    user.email_confirmed_at = utcnow()
    db.session.flush()


def end_sessions(user: User) -> None:
    """Starts a new session generation: every session and remember cookie of the account stops working, on every
    device. The caller signs the current device in again (login_user) when it is to stay signed in."""
    user.session_nonce = new_session_nonce()
    db.session.flush()


def set_password(user: User, password: str) -> None:
    """A new password (changed, reset or chosen from an invitation) signs the account out everywhere."""
    user.password_hash = hash_password(password)
    end_sessions(user)
    # Following an emailed link proves the address too.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    db.session.flush()


def authenticate(email: str, password: str) -> User | None:
    """The user with these credentials, or None. Runs the hash even for unknown addresses (no timing oracle)."""
    user = queries.user_by_email(normalise_email(email))
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    return user


def record_login(user: User, when: datetime | None = None) -> None:
    user.last_login_at = when or utcnow()
    db.session.flush()


def update_profile(user: User, data: ProfileData) -> bool:
    """Stores the profile; returns True when the email changed (the new address must be confirmed again)."""
    email = normalise_email(data.email)
    email_changed = email != user.email
    if email_changed and queries.email_taken(email, except_user_id=user.id):
        raise AccountError("email-taken")
    user.full_name = data.full_name.strip()
    user.country = data.country
    user.organisation = data.organisation.strip() or None
    user.sector = data.sector
    user.language = data.language
    user.timezone = data.timezone
    if email_changed:
        user.email = email
        user.email_confirmed_at = None
        db.session.flush()
        send_confirmation_on_commit(user)
    db.session.flush()
    return email_changed


def set_language(user: User, language: str) -> None:
    user.language = language
    db.session.flush()


def change_role(user: User, role: Role, coordinator_country: str | None) -> None:
    if role is Role.coordinator and not coordinator_country:
        raise AccountError("coordinator-needs-country")
    country = coordinator_country if role is Role.coordinator else None
    if (role, country) != (user.role, user.coordinator_country):
        end_sessions(user)  # pages opened under the old role are not to be used under the new one
    user.role = role
    user.coordinator_country = country
    db.session.flush()


def set_active(user: User, active: bool) -> None:
    """Deactivating ends the account's sessions for good: reactivating it does not bring them back."""
    user.active = active
    end_sessions(user)
    db.session.flush()


def personal_data(user: User) -> dict:
    """Everything we hold about the user, for the data download: the account, and what other modules hold (each
    answers ``personal_data_requested`` with a section of its own)."""
    data = {
        "id": user.id,
        "email": user.email,
        "full_name": user.full_name,
        "country": user.country,
        "organisation": user.organisation,
        "sector": user.sector.value,
        "language": user.language,
        "timezone": user.timezone,
        "role": user.role.value,
        "coordinator_country": user.coordinator_country,
        "email_confirmed_at": _iso(user.email_confirmed_at),
        "created_at": _iso(user.created_at),
        "last_login_at": _iso(user.last_login_at),
        "created_by_admin": user.created_by_admin,
    }
    for _receiver, section in signals.personal_data_requested.send(user):
        if section:
            name, value = section
            data[name] = value
    return data


def delete_account(user: User) -> None:
    """Erases the personal data. The row stays as an anonymous stub (country and sector only), so that the
    participation it is linked to still counts in programme totals without saying who it was."""
    user.email = None
    user.full_name = None
    user.password_hash = None
    user.organisation = None
    user.timezone = "UTC"
    user.language = "en"
    user.role = Role.participant
    user.coordinator_country = None
    user.last_login_at = None
    user.calendar_token = None
    user.active = False
    user.deleted_at = utcnow()
    end_sessions(user)
    db.session.flush()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


_DUMMY_HASH = hash_password("timing-equaliser-not-a-real-password")
