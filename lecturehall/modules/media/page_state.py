"""What the organisers' media page says about a lecture's replay: one state, in words that match what is there
(no recording; a recording waiting or being transcoded; a replay published, first version or full; a failure with
its reason), judged from the published replay, the latest transcoding job and the recordings."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from lecturehall.modules.media.models import JobStatus, Recording, Replay, TranscodeJob


@dataclass(frozen=True)
class MediaPageState:
    key: str  # empty, uploaded, queued, transcoding, failed, cancelled, published-quick, published
    text: str


def media_page_state(replay: Replay | None, job: TranscodeJob | None, recordings: list[Recording]) -> MediaPageState:
    status = job.status if job is not None else None
    if replay is not None:
        if replay.quick and status in (JobStatus.queued, JobStatus.running):
            return MediaPageState("published-quick", _(
                "A first version of the replay is published, in the recording's own quality. The other qualities "
                "and the download are being prepared."))
        if replay.quick:
            return MediaPageState("published-quick", _(
                "A first version of the replay is published, in the recording's own quality only."))
        if status in (JobStatus.queued, JobStatus.running):
            return MediaPageState("published", _(
                "The replay is published. A new version is being made from the latest recording; it replaces the "
                "published one when it is ready."))
        if status is JobStatus.failed:
            return MediaPageState("published", _(
                "The replay is published. Making a new version from the latest recording failed; the published "
                "one stays."))
        return MediaPageState("published", _("The replay is published."))
    if status is JobStatus.queued:
        return MediaPageState("queued", _(
            "The recording is uploaded. It waits for the worker, which makes the replay from it."))
    if status is JobStatus.running:
        return MediaPageState("transcoding", _(
            "The recording is uploaded. The replay is being made from it; it is published when ready."))
    if status is JobStatus.failed:
        return MediaPageState("failed", _(
            "The recording is uploaded, but making the replay from it failed. The reason is below; try again, or "
            "upload the recording again."))
    if status is JobStatus.cancelled:
        return MediaPageState("cancelled", _(
            "The recording is uploaded, but making the replay was cancelled. Start it again below."))
    if recordings:
        return MediaPageState("uploaded", _(
            "The recording is uploaded, but no replay is being made from it. Upload it again to make the replay."))
    return MediaPageState("empty", _("No recording yet: upload it below, and the replay is made from it."))
