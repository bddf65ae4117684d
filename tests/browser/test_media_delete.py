"""In a real browser: deleting from the media page asks first; dismissing keeps the recording, confirming deletes
it and its file. The page with its delete buttons passes axe-core's WCAG 2.1 A/AA rules."""

import io
from datetime import datetime

import sqlalchemy as sa

from lecturehall.core.db import db
from lecturehall.core.storage import get_storage
from lecturehall.modules.accounts import operations as accounts
from lecturehall.modules.accounts.models import Role, Sector
from lecturehall.modules.lectures import operations as lectures
from lecturehall.modules.media.models import Recording
from lecturehall.modules.programmes.models import Programme
from tests.browser.test_accounts_flow import assert_accessible
from tests.conftest import STRONG_PASSWORD


def setup_lecture(app) -> tuple[int, str]:
    with app.app_context():
        accounts.create_user_by_admin(accounts.ProfileData(
            full_name="Organiser", email="organiser@example.org", country="CN", organisation="MOFCOM",
            sector=Sector.government, language="en", timezone="Asia/Shanghai"), Role.admin, None,
            password=STRONG_PASSWORD, invite=False)
        programme = Programme(name="Silk Road E-commerce", description="")
        db.session.add(programme)
        db.session.flush()
        lecture = lectures.create_lecture(lectures.LectureData(
            programme_id=programme.id, title="Digital payments", summary="", description="",
            original_language="en", lecture_language="en", local_start=datetime(2027, 1, 5, 10, 0),
            timezone="UTC", duration_minutes=60), None, publish=True)
        path = f"recordings/{lecture.id}/1-lecture.mp4"
        get_storage().save(path, io.BytesIO(b"not really a recording"))
        db.session.add(Recording(lecture_id=lecture.id, path=path, original_filename="lecture.mp4", size=22,
                                 info={"duration": 3.0, "width": 640, "height": 360}))
        db.session.commit()
        return lecture.id, path


def test_deleting_a_recording_asks_first(live_server, page):
    lecture_id, path = setup_lecture(live_server)
    base = live_server.live_url
    page.goto(f"{base}/login")
    page.fill("#email", "organiser@example.org")
    page.fill("#password", STRONG_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/manage/lectures/{lecture_id}/media")
    assert_accessible(page)
    delete = page.locator("ul.recordings button", has_text="Delete")

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    with page.expect_event("dialog"):
        delete.click()
    assert questions and "Delete this recording?" in questions[0]
    assert page.locator("ul.recordings li").count() == 1
    with live_server.app_context():
        assert get_storage().local_path(path).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        delete.click()
    assert "The recording is deleted." in page.content()
    assert page.locator("ul.recordings").count() == 0
    with live_server.app_context():
        assert not get_storage().local_path(path).exists()
        assert db.session.execute(sa.select(sa.func.count(Recording.id))).scalar_one() == 0
