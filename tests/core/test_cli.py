"""Command-line tools."""

from lecturehall.core.db import db
from lecturehall.modules.accounts.models import Role, User
from tests.conftest import STRONG_PASSWORD


def test_create_admin(app, runner, forms):
    result = runner.invoke(args=["users", "create-admin", "--email", "Chief@Example.org", "--name", "Chief",
                                 "--country", "cn", "--password", STRONG_PASSWORD])
    assert result.exit_code == 0, result.output
    user = db.session.execute(db.select(User).where(User.email == "chief@example.org")).scalar_one()
    assert user.role is Role.admin and user.is_confirmed and user.country == "CN"
    assert forms.post("/login", {"email": "chief@example.org", "password": STRONG_PASSWORD}).status_code == 302


def test_create_admin_refuses_weak_password_and_duplicates(app, runner):
    result = runner.invoke(args=["users", "create-admin", "--email", "a@example.org", "--name", "A",
                                 "--password", "short"])
    assert result.exit_code != 0 and "at least 10" in result.output
    args = ["users", "create-admin", "--email", "b@example.org", "--name", "B", "--password", STRONG_PASSWORD]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and "exists already" in result.output
    assert db.session.execute(db.select(db.func.count(User.id))).scalar_one() == 1


def test_demo_data_has_twenty_countries_and_a_working_admin(app, runner, forms):
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "Demo admin login" in result.output
    # the lecture that is live now waits for a push from OBS: its key is printed (and on its stream panel)
    key = result.output.split("Stream key ")[1].split()[0]
    assert "rtmp://" in result.output and len(key) >= 32
    countries = db.session.execute(db.select(db.func.count(db.distinct(User.country)))).scalar_one()
    assert countries >= 20
    password = result.output.split("password:")[1].split()[0]
    assert forms.post("/login", {"email": "admin@lecturehall.example", "password": password}).status_code == 302
    again = runner.invoke(args=["demo", "--if-empty"])
    assert "no demo data added" in again.output and password in again.output
