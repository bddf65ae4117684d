"""``lecturehall users``: account administration from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lecturehall.core.db import db
from lecturehall.core.i18n import LANGUAGES, is_valid_country, is_valid_timezone
from lecturehall.modules.accounts import operations
from lecturehall.modules.accounts.models import Role, Sector
from lecturehall.modules.accounts.passwords import password_problem


@click.group("users")
def users_group() -> None:
    """Manage user accounts."""


@users_group.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "full_name", prompt="Full name")
@click.option("--country", default="CN", show_default=True, help="ISO 3166 alpha-2 code.")
@click.option("--language", default="en", type=click.Choice(list(LANGUAGES)), show_default=True)
@click.option("--timezone", "tz", default="UTC", show_default=True)
@click.password_option()
@with_appcontext
def create_admin(email: str, full_name: str, country: str, language: str, tz: str, password: str) -> None:
    """Create an administrator account, confirmed and ready to log in."""
    country = country.upper()
    if not is_valid_country(country):
        raise click.BadParameter(f"{country} is not an ISO 3166 alpha-2 country code", param_hint="--country")
    if not is_valid_timezone(tz):
        raise click.BadParameter(f"{tz} is not an IANA timezone such as Asia/Shanghai", param_hint="--timezone")
    problem = password_problem(password, [email, full_name])
    if problem:
        raise click.BadParameter(str(problem), param_hint="--password")
    data = operations.ProfileData(full_name=full_name, email=email, country=country, organisation="",
                                  sector=Sector.other, language=language, timezone=tz)
    try:
        user = operations.create_user_by_admin(data, Role.admin, password=password, invite=False)
    except operations.AccountError:
        raise click.ClickException(f"an account with the address {email} exists already")
    db.session.commit()
    click.echo(f"Created admin {user.email} (id {user.id}).")
