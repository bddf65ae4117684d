"""Interpretation tracks and subtitles, one per language, added or replaced after the main recording."""

from __future__ import annotations


from lecturehall.core.db import db
from lecturehall.modules.media import operations as media_operations
from lecturehall.modules.media.models import Track, TrackKind
from tests.media_upload.conftest import sha256


def _tracks() -> list[Track]:
    db.session.expire_all()
    return db.session.execute(db.select(Track).order_by(Track.kind, Track.language)).scalars().all()


def test_srt_subtitles_are_stored_as_webvtt(app, uploader, media_files, media_dir, lecture):
    _started, last = uploader.upload(media_files.srt.read_bytes(), "lecture.es.srt", "subtitles", "es")
    assert last.status_code == 200, last.get_json()
    [track] = _tracks()
    assert last.get_json() == {"status": "complete", "track_id": track.id}
    assert (track.kind, track.language) == (TrackKind.subtitles, "es")
    assert track.path == f"tracks/{lecture.id}/subtitles-es.vtt"
    stored = (media_dir / track.path).read_text(encoding="utf-8")
    assert stored == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nWelcome to the <b>Cloud Lecture Hall</b>.\n\n"
        "00:00:01.000 --> 00:00:02.000\nToday: cross-border e-commerce &amp; payments.\n")
    assert list((media_dir / "uploads").iterdir()) == []


def test_new_subtitles_replace_those_in_the_same_language(app, uploader, media_files, media_dir, lecture):
    uploader.upload(media_files.srt.read_bytes(), "first.srt", "subtitles", "fr")
    uploader.upload(media_files.srt.read_bytes(), "other.srt", "subtitles", "ar")
    _started, last = uploader.upload(media_files.vtt.read_bytes(), "second.vtt", "subtitles", "fr")
    assert last.status_code == 200
    tracks = _tracks()
    assert [(t.language, t.path) for t in tracks] == [
        ("ar", f"tracks/{lecture.id}/subtitles-ar.vtt"), ("fr", f"tracks/{lecture.id}/subtitles-fr.vtt")]
    assert last.get_json()["track_id"] == tracks[1].id
    assert (media_dir / tracks[1].path).read_text(encoding="utf-8") == media_files.vtt.read_text(encoding="utf-8")
    assert sorted(p.name for p in (media_dir / "tracks" / str(lecture.id)).iterdir()) == [
        "subtitles-ar.vtt", "subtitles-fr.vtt"]


def test_an_interpretation_track_is_stored_and_a_new_one_replaces_it(app, uploader, media_files, media_dir,
                                                                     lecture, monkeypatch):
    told = []
    monkeypatch.setattr(media_operations, "track_added", lambda track: told.append((track.kind, track.language)))

    mp3 = media_files.audio.read_bytes()
    _started, last = uploader.upload(mp3, "interpretation-zh.mp3", "audio", "zh", chunk=len(mp3) // 3 + 1)
    assert last.status_code == 200, last.get_json()
    [track] = _tracks()
    assert track.path == f"tracks/{lecture.id}/audio-zh.mp3"
    assert sha256((media_dir / track.path).read_bytes()) == sha256(mp3)

    # Replaced by a WAV: the row stays (one per language), the MP3 goes once the change is stored.
    wav = media_files.wav.read_bytes()
    _started, last = uploader.upload(wav, "interpretation-zh.wav", "audio", "zh")
    assert last.status_code == 200
    [replaced] = _tracks()
    assert replaced.id == track.id and replaced.path == f"tracks/{lecture.id}/audio-zh.wav"
    assert sha256((media_dir / replaced.path).read_bytes()) == sha256(wav)
    assert not (media_dir / f"tracks/{lecture.id}/audio-zh.mp3").exists()
    assert told == [(TrackKind.audio, "zh"), (TrackKind.audio, "zh")]


def test_tracks_are_listed_on_the_media_page(app, uploader, media_files):
    uploader.upload(media_files.srt.read_bytes(), "s.srt", "subtitles", "ru")
    page = uploader.client.get(uploader.page).get_data(as_text=True)
    assert "The subtitles are uploaded." in page
    subtitles = page.split('id="subtitles-heading"')[1].split("<form")[0]
    assert "Russian" in subtitles and "No subtitles yet." not in subtitles
