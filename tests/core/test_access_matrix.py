"""Every route has an access rule, the rule is the one we expect, and it holds for every role.

Adding a route without declaring who may use it (here and in the view) fails this test."""

import re
from datetime import datetime

import pytest

from lecturehall.core.auth import access_rule_for
from lecturehall.modules.accounts.models import Role

# endpoint -> rule ("public", "login", "roles:<sorted roles>")
EXPECTED = {
    "static": "public",
    "site.home": "public",
    "site.set_language": "public",
    "site.health": "public",
    "accounts.signup": "public",
    "accounts.signup_done": "public",
    "accounts.confirm_email": "public",
    "accounts.resend_confirmation": "public",
    "accounts.login": "public",
    "accounts.logout": "login",
    "accounts.forgot_password": "public",
    "accounts.reset_password": "public",
    "accounts.profile": "login",
    "accounts.download_data": "login",
    "accounts.delete_account": "login",
    "users.user_list": "roles:admin,coordinator",
    "users.user_new": "roles:admin",
    "users.user_edit": "roles:admin",
    "users.user_set_active": "roles:admin",
    "imports.import_participants": "roles:admin",
    "imports.participants_template": "roles:admin",
    "programmes.programme_list": "login",
    "programmes.programme_new": "roles:admin",
    "programmes.programme_edit": "login",
    "programmes.programme_translation": "login",
    "speakers.speaker_list": "login",
    "speakers.speaker_new": "login",
    "speakers.speaker_edit": "login",
    "speakers.speaker_translation": "login",
    "speakers.photo": "public",
    "speakers.tag_list": "login",
    "speakers.tag_new": "login",
    "speakers.tag_edit": "login",
    "calendars.lecture_ics": "public",
    "calendars.my_calendar": "login",
    "calendars.create_feed": "login",
    "calendars.revoke_feed": "login",
    "calendars.feed": "public",
    "lectures.catalogue": "public",
    "lectures.lecture_page": "public",
    "registrations.register": "login",
    "registrations.unregister": "login",
    "lectures.manage_list": "login",
    "lectures.manage_new": "login",
    "lectures.manage_edit": "login",
    "lectures.manage_translation": "login",
    "lectures.manage_status": "login",
    "lectures.manage_cancel": "login",
    "lectures.manage_delete": "login",
    "lectures.manage_history": "login",
    "registrations.manage_registrations": "login",
    "registrations.my_lectures": "login",
    "jobs.job_list": "roles:admin",
    "media.replay_file": "public",
    "media.replay_download": "public",
    "media.replay_position": "login",
    "media.job_status": "login",
    "media.job_cancel": "login",
    "media.job_retry": "login",
    "media.download_setting": "login",
    "media.recording_delete": "login",
    "media.track_delete": "login",
    "media.media_delete": "login",
    "media.manage_media": "login",
    "media.upload_start": "login",
    "media.upload": "login",
}

VIEWERS = [None, Role.participant, Role.coordinator, Role.admin]


def test_every_route_has_the_expected_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(e for e in endpoints if access_rule_for(app, e) is None)
    assert not missing, f"routes without an access rule: {missing}"
    actual = {e: access_rule_for(app, e).describe() for e in endpoints}
    assert actual == EXPECTED


def _fill(rule, values):
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: str(values[m.group(1)]), rule.rule)


def _managed_objects(organiser) -> dict:
    """A programme the viewer organises, a speaker and a topic: "login" routes that also check ownership (programmes,
    speakers, topics) then answer every signed-in role; refusals of non-organisers are tested in their modules."""
    from lecturehall.core.db import db
    from lecturehall.modules.lectures import operations as lectures
    from lecturehall.modules.programmes import operations as programmes
    from lecturehall.modules.speakers import operations as speakers

    programme = programmes.create_programme(programmes.ProgrammeData(
        name="Access matrix programme", organisers=[organiser] if organiser else []))
    speaker = speakers.create_speaker(speakers.SpeakerData(name="Access Matrix Speaker"))
    tag = speakers.create_tag("access-matrix", {"en": "Access matrix"})
    db.session.flush()
    lecture = lectures.create_lecture(lectures.LectureData(
        programme_id=programme.id, title="Access matrix lecture", summary="", description="",
        original_language="en", lecture_language="en", local_start=datetime(2030, 5, 5, 10, 0),
        timezone="UTC", duration_minutes=60), organiser, publish=True)
    db.session.commit()
    return {"programme_id": programme.id, "speaker_id": speaker.id, "tag_id": tag.id, "lecture_id": lecture.id,
            "language": "fr"}


@pytest.mark.parametrize("viewer", VIEWERS, ids=lambda v: v.value if v else "anonymous")
def test_rules_hold_for_each_role(app, client, forms, create_user, login, viewer):
    target = create_user(country="CL")
    values = {"user_id": target.id, "token": "not-a-token", "filename": "css/app.css", "path": "master.m3u8", "job_id": 999999, "lecture_id": 999999,
              "recording_id": 999999, "track_id": 999999,
              "upload_id": "not-an-upload"}
    organiser = None
    if viewer is not None:
        organiser = create_user(role=viewer, country="CL")
        login(organiser)
    values.update(_managed_objects(organiser))
    token = forms.token("/")
    for rule in app.url_map.iter_rules():
        expected = EXPECTED[rule.endpoint]
        if rule.endpoint in ("accounts.logout",):
            continue  # would end the session the loop relies on; covered in test_login
        url = _fill(rule, values)
        if "GET" in rule.methods:
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token})
        status = response.status_code
        location = response.headers.get("Location", "")
        if expected == "public":
            assert status != 403 and not location.startswith("/login?"), (url, viewer, status)
            continue
        if viewer is None:
            assert status == 302 and location.startswith("/login"), (url, status)
            continue
        allowed = expected == "login" or viewer.value in expected.split(":")[1].split(",")
        if allowed:
            assert status not in (302, 403) or (status == 302 and not location.startswith("/login")), (url, viewer)
        else:
            assert status == 403, (url, viewer, status)
