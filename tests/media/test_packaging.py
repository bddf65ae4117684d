"""Languages and subtitles are added to a published replay without touching its video, and the master playlist
always tells players about all of them."""

from __future__ import annotations

import json

import m3u8
import pytest

from lecturehall.modules.media import packaging
from lecturehall.modules.media.errors import MediaError
from tests.media.conftest import decode_errors

SUBTITLES = """WEBVTT

STYLE
::cue { color: yellow }

intro
00:00:00.500 --> 00:00:02.000
Welcome to the lecture.

00:00:03.000 --> 00:00:05.000 line:90%
This sentence crosses a segment boundary.

00:00:08.000 --> 00:00:08.900
Thank you.
"""


def test_languages_and_subtitles_appear_in_the_master(clips, replay_copy):
    french = packaging.add_audio_language(replay_copy, clips.interpretation, "fr", "Français")
    packaging.add_audio_language(replay_copy, clips.wav, "es")  # named in Spanish by default
    packaging.add_subtitles(replay_copy, SUBTITLES, "en", "English")
    packaging.add_subtitles(replay_copy, "1\n00:00:01,000 --> 00:00:02,000\nBonjour\n", "fr")

    master = m3u8.load(str(replay_copy / "master.m3u8"))
    audio = [m for m in master.media if m.type == "AUDIO"]
    assert [(m.language, m.name, m.default, m.autoselect) for m in audio] == [
        (None, "Original", "YES", "YES"), ("fr", "Français", "NO", "YES"), ("es", "Español", "NO", "YES")]
    assert {m.group_id for m in audio} == {"audio"}
    assert [m.uri for m in audio] == ["audio/main/index.m3u8", "audio/fr/index.m3u8", "audio/es/index.m3u8"]
    subtitles = [m for m in master.media if m.type == "SUBTITLES"]
    assert [(m.language, m.name, m.group_id, m.uri) for m in subtitles] == [
        ("en", "English", "subs", "subs/en/index.m3u8"), ("fr", "Français", "subs", "subs/fr/index.m3u8")]
    for variant in master.playlists:
        assert variant.stream_info.audio == "audio" and variant.stream_info.subtitles == "subs"
        assert variant.stream_info.bandwidth > 0 and variant.stream_info.codecs
    assert french.uri == "audio/fr/index.m3u8"


def test_an_added_language_is_aac_aligned_with_the_video(clips, replay_copy):
    packaging.add_audio_language(replay_copy, clips.interpretation, "fr", "Français")
    playlist = m3u8.load(str(replay_copy / "audio/fr/index.m3u8"))
    durations = [round(s.duration) for s in playlist.segments]
    assert durations == [4, 4, 1]  # the interpreter's 10 s are cut to the lecture's 9 s
    assert playlist.segment_map[0].uri
    assert decode_errors(replay_copy / "audio/fr/index.m3u8") == ""
    done = packaging.segment_bitrates(replay_copy / "audio/fr/index.m3u8")
    assert done[1] <= 72_000  # 64 kbit/s AAC plus the fMP4 boxes


def test_the_video_is_not_touched(clips, replay_copy):
    before = {p: p.stat().st_mtime_ns for p in (replay_copy / "video").rglob("*")}
    packaging.add_audio_language(replay_copy, clips.wav, "ru", "Русский")
    packaging.add_subtitles(replay_copy, SUBTITLES, "zh-Hans", "中文")
    assert {p: p.stat().st_mtime_ns for p in (replay_copy / "video").rglob("*")} == before


def test_subtitle_segments_follow_the_video_segments(replay_copy):
    packaging.add_subtitles(replay_copy, SUBTITLES, "en", "English")
    playlist = m3u8.load(str(replay_copy / "subs/en/index.m3u8"))
    assert [round(s.duration, 3) for s in playlist.segments] == [4.0, 4.0, 1.0]
    first, second, third = (
        (replay_copy / "subs/en" / s.uri).read_text(encoding="utf-8") for s in playlist.segments)
    assert all(text.startswith("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n") for text in (first, second))
    assert "::cue { color: yellow }" in first and "::cue { color: yellow }" in second  # styles in every segment
    assert "intro\n00:00:00.500 --> 00:00:02.000\nWelcome" in first and "Welcome" not in second
    # A cue that spans a boundary is in both segments.
    assert "crosses a segment boundary" in first and "crosses a segment boundary" in second
    assert "Thank you." in third and "Thank you." not in second
    assert "line:90%" in first
    assert (replay_copy / "subs/en/subtitles.vtt").read_text(encoding="utf-8").startswith("WEBVTT")


def test_adding_a_language_again_replaces_it(clips, replay_copy):
    packaging.add_audio_language(replay_copy, clips.wav, "fr", "French (first)")
    packaging.add_audio_language(replay_copy, clips.interpretation, "fr", "Français")
    manifest = packaging.read_manifest(replay_copy)
    assert [(a.id, a.name) for a in manifest.audio] == [("main", "Original"), ("fr", "Français")]
    assert sorted(p.name for p in (replay_copy / "audio").iterdir()) == ["fr", "main"]


def test_the_master_is_rebuilt_from_the_directory(clips, replay_copy):
    packaging.add_audio_language(replay_copy, clips.wav, "ar", "العربية")
    packaging.add_subtitles(replay_copy, SUBTITLES, "en", "English")
    written = (replay_copy / "master.m3u8").read_text(encoding="utf-8")
    (replay_copy / "master.m3u8").unlink()
    packaging.write_master(replay_copy)
    assert (replay_copy / "master.m3u8").read_text(encoding="utf-8") == written
    manifest = json.loads((replay_copy / "manifest.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in manifest["audio"]] == ["main", "ar"]
    assert [s["language"] for s in manifest["subtitles"]] == ["en"]


def test_a_track_without_sound_is_refused(clips, replay_copy):
    before = (replay_copy / "master.m3u8").read_text(encoding="utf-8")
    with pytest.raises(MediaError) as caught:
        packaging.add_audio_language(replay_copy, clips.video_only, "fr", "Français")
    assert caught.value.code == "no-audio"
    assert (replay_copy / "master.m3u8").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in (replay_copy / "audio").iterdir()) == ["main"]


@pytest.mark.parametrize("language", ["", "../fr", "fr/../../x", "FRENCH", "main", "f"])
def test_language_tags_are_checked(replay_copy, language):
    with pytest.raises(ValueError, match="language tag"):
        packaging.add_subtitles(replay_copy, SUBTITLES, language, "x")


def test_names_cannot_break_the_playlist(replay_copy):
    packaging.add_subtitles(replay_copy, SUBTITLES, "en", 'English "CC"\n#EXT-X-ENDLIST')
    master = m3u8.load(str(replay_copy / "master.m3u8"))
    [track] = [m for m in master.media if m.type == "SUBTITLES"]
    assert '"' not in track.name and "\n" not in track.name


def test_subtitles_must_be_subtitles(replay_copy):
    with pytest.raises(MediaError) as caught:
        packaging.add_subtitles(replay_copy, "just some text", "en", "English")
    assert caught.value.code == "not-subtitles"
    assert not (replay_copy / "subs").exists() or not any((replay_copy / "subs").iterdir())


def test_a_withdrawn_language_leaves_the_master_and_the_disk(clips, replay_copy):
    packaging.add_audio_language(replay_copy, clips.wav, "fr")
    packaging.add_subtitles(replay_copy, SUBTITLES, "en")
    assert packaging.remove_language(replay_copy, "fr", subtitles=False) is True
    assert packaging.remove_language(replay_copy, "en", subtitles=True) is True
    master = m3u8.load(str(replay_copy / "master.m3u8"))
    assert [(m.type, m.uri) for m in master.media] == [("AUDIO", "audio/main/index.m3u8")]
    assert not (replay_copy / "audio/fr").exists() and not (replay_copy / "subs/en").exists()
    assert all(variant.stream_info.subtitles is None for variant in master.playlists)
    # The recording's own sound stays, and a language the replay never had changes nothing.
    assert packaging.remove_language(replay_copy, "main", subtitles=False) is False
    assert packaging.remove_language(replay_copy, "de", subtitles=True) is False
    assert (replay_copy / "audio/main/index.m3u8").is_file()
