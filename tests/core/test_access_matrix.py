"""Every route has an access rule, the rule is the one we expect, and it holds for every role.

Adding a route without declaring who may use it (here and in the view) fails this test."""

import pytest

from lecturehall.core.auth import access_rule_for
from lecturehall.modules.accounts.models import Role
from lecturehall.modules.live.signing import COOKIE_NAME as VIEWER_COOKIE
from tests.site_objects import fill, populate

# endpoint -> rule ("public", "login", "roles:<sorted roles>")
EXPECTED = {
    "static": "public",
    "site.home": "public",
    "site.set_language": "public",
    "site.health": "public",
    "site.favicon": "public",
    "accounts.signup": "public",
    "accounts.signup_done": "public",
    "accounts.confirm_email": "public",
    "accounts.resend_confirmation": "public",
    "accounts.login": "public",
    "accounts.logout": "login",
    "accounts.forgot_password": "public",
    "accounts.reset_password": "public",
    "accounts.profile": "login",
    "accounts.change_password": "login",
    "accounts.end_other_sessions": "login",
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
    "media.replay_source": "public",
    "media.replay_download": "public",
    "media.replay_progress": "public",
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
    "presence.beats": "public",
    "presence.renew_token": "public",
    "presence.live_panel": "login",
    "presence.live_panel_data": "login",
    "presence.attendance_rule": "login",
    "live.callback": "public",
    "live.stream_panel": "login",
    "live.stream_report": "login",
    "live.regenerate_key": "login",
    "live.set_recording": "login",
    "live.add_interpreter": "login",
    "live.regenerate_interpreter": "login",
    "live.remove_interpreter": "login",
    "live.end_lecture": "login",
    "live.state": "public",
    "live.live_file": "public",
    "qa.feed": "public",
    "qa.me": "login",
    "qa.ask": "login",
    "qa.vote": "login",
    "qa.moderate": "login",
    "qa.ban": "login",
    "qa.settings": "login",
    "qa.unban": "login",
    "reports.dashboard": "login",
    "reports.compare_periods": "login",
    "reports.by_country": "login",
    "reports.by_lecture": "login",
    "reports.compare_lectures": "login",
    "reports.lecture_report": "login",
    "reports.participants": "login",
    "reports.participant_report": "login",
    "reports.subscription": "roles:admin,coordinator",
    "reports.export_countries": "login",
    "reports.export_lectures": "login",
    "reports.export_lecture_countries": "login",
    "reports.export_attendees": "login",
    "reports.export_questions": "login",
    "reports.export_participants": "login",
    "reports.export_sectors": "login",
    "reports.export_organisations": "login",
    "reports.export_participant": "login",
    "certificates.lecture_certificate": "login",
    "certificates.download": "login",
    "certificates.verify": "public",
    "certificates.verify_code": "public",
    "certificates.manage": "login",
    "certificates.issue": "login",
    "certificates.batch_status": "login",
}

VIEWERS = [None, Role.participant, Role.coordinator, Role.admin]


def test_every_route_has_the_expected_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(e for e in endpoints if access_rule_for(app, e) is None)
    assert not missing, f"routes without an access rule: {missing}"
    actual = {e: access_rule_for(app, e).describe() for e in endpoints}
    assert actual == EXPECTED


# Buttons that destroy what later routes need go last; POSTs carry only a CSRF token, so forms with fields refuse
# them (400/422) and the rest act on the objects for real.
DESTRUCTIVE = ("delete", "cancel", "set_active", "revoke")


def _order(rule) -> tuple:
    posts = "GET" not in rule.methods
    return (posts, posts and any(word in rule.endpoint for word in DESTRUCTIVE), rule.endpoint)


@pytest.mark.parametrize("viewer", VIEWERS, ids=lambda v: v.value if v else "anonymous")
def test_rules_hold_for_each_role(app, client, forms, create_user, login, viewer):
    """Every route, filled with ids that exist, for each kind of viewer: a route the viewer may use answers without
    a 5xx and, for a GET, without a 404 (it exists); one they may not use refuses them (login or 403)."""
    target = create_user(country="CL")
    organiser = None
    if viewer is not None:
        organiser = create_user(role=viewer, country="CL")
        login(organiser)
    values = populate(organiser, target)
    client.set_cookie(VIEWER_COOKIE, values["viewer_cookie"])  # the browser the signed live URL was made for
    token = forms.token("/")
    for rule in sorted(app.url_map.iter_rules(), key=_order):
        expected = EXPECTED[rule.endpoint]
        if rule.endpoint in ("accounts.logout",):
            continue  # would end the session the loop relies on; covered in test_login
        url = fill(rule, values)
        get = "GET" in rule.methods
        response = client.get(url) if get else client.post(url, data={"csrf_token": token})
        status = response.status_code
        location = response.headers.get("Location", "")
        assert status < 500, (url, viewer, status)
        if expected == "public":
            assert status != 403 and not location.startswith("/login?"), (url, viewer, status)
            assert not (get and status == 404), (url, viewer, "a public page that exists answered 404")
            continue
        if viewer is None:
            if getattr(app.view_functions[rule.endpoint], "json_endpoint", False):
                assert status == 401 and response.is_json, (url, status)  # a script cannot follow a redirect
            else:
                assert status == 302 and location.startswith("/login"), (url, status)
            continue
        allowed = expected == "login" or viewer.value in expected.split(":")[1].split(",")
        if allowed:
            assert status not in (302, 403) or (status == 302 and not location.startswith("/login")), (url, viewer)
            assert not (get and status == 404), (url, viewer, "an allowed page that exists answered 404")
        else:
            assert status == 403, (url, viewer, status)
