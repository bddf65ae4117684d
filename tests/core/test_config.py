"""One home for configuration: every setting has a default in config.py, the environment and create_app's
overrides both reach it, and the README's table is the same as config.py's."""

from pathlib import Path

import pytest

from lecturehall import config

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_table_is_the_settings_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert config.readme_table() in readme


def test_environment_and_overrides_reach_every_setting(tmp_path):
    environ = {"LECTUREHALL_SMTP_PORT": "2525", "LECTUREHALL_SMTP_STARTTLS": "yes",
               "LECTUREHALL_SCHEDULER_LEADER_POLL": "0.5", "LECTUREHALL_INSTANCE_DIR": str(tmp_path / "inst")}
    values = config.load({"SMTP_PORT": 587}, environ=environ)
    assert values["SMTP_PORT"] == 587  # an override wins over the environment
    assert values["SMTP_STARTTLS"] is True and values["SCHEDULER_LEADER_POLL"] == 0.5
    # Paths in the instance folder follow it, whichever way it was given.
    assert values["OUTBOX_DIR"] == str(tmp_path / "inst" / "outbox")
    assert values["DATABASE_URL"] == f"sqlite:///{tmp_path / 'inst' / 'lecturehall.sqlite3'}"
    assert set(values) == {setting.name for setting in config.SETTINGS}


def test_create_app_takes_every_setting_as_an_override(make_app, tmp_path):
    overrides = {"INSTANCE_DIR": str(tmp_path / "elsewhere"), "IMPORT_MAX_ROWS": 7, "TRUSTED_PROXIES": 2,
                 "MEDIA_JOB_STALE_SECONDS": 5, "SCHEDULER_THREADS": 1}
    app = make_app(**overrides)
    for name, value in overrides.items():
        assert app.config[name] == value
    assert Path(app.instance_path) == tmp_path / "elsewhere"
    for setting in config.SETTINGS:
        assert setting.name in app.config


def test_a_bad_number_in_the_environment_says_which_setting():
    with pytest.raises(ValueError, match="LECTUREHALL_SMTP_PORT"):
        config.from_environment({"LECTUREHALL_SMTP_PORT": "twenty-five"})
