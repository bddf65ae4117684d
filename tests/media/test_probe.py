"""Uploads are judged by their content: real recordings are described, everything else is refused with a reason
the uploader can act on."""

from __future__ import annotations

import time

import pytest

from lecturehall.modules.media import probe as probe_module
from lecturehall.modules.media.errors import FFmpegMissing, MediaError
from lecturehall.modules.media.filenames import safe_filename
from lecturehall.modules.media.probe import MediaInfo, probe, require_ffmpeg
from lecturehall.modules.media.subtitles import subtitle_to_webvtt


def test_a_recording_is_described(clips):
    info = probe(clips.hd)
    assert isinstance(info, MediaInfo)
    assert info.has_video and info.has_audio
    assert (info.width, info.height, info.fps) == (1280, 720, 30.0)
    assert (info.video_codec, info.audio_codec, info.audio_channels) == ("h264", "aac", 1)
    assert info.duration == pytest.approx(9, abs=0.1)
    assert info.bit_rate and info.format_name.startswith("mov")


def test_a_webm_recording_is_accepted(clips):
    info = probe(clips.webm)
    assert (info.video_codec, info.audio_codec, info.format_name) == ("vp8", "opus", "matroska,webm")


def test_audio_files_are_recordings_and_interpretation_tracks(clips):
    for kind in ("recording", "audio"):
        info = probe(clips.wav, kind=kind)
        assert info.has_audio and not info.has_video and info.width is None
        assert info.duration == pytest.approx(5, abs=0.1)


def test_cover_art_is_not_video(clips):
    info = probe(clips.mp3_with_cover)
    assert info.has_audio and not info.has_video


@pytest.mark.parametrize(("clip", "kind", "code"), [
    ("empty", "recording", "empty"),
    ("text", "recording", "not-media"),
    ("png", "recording", "not-media"),
    ("half_mp4", "recording", "not-media"),
    ("half_faststart", "recording", "truncated"),
    ("half_webm", "recording", "truncated"),
    ("video_only", "audio", "no-audio"),
    ("sliver", "recording", "bad-dimensions"),
    ("blink", "recording", "bad-duration"),
])
def test_what_is_refused_and_why(clips, clip, kind, code):
    with pytest.raises(MediaError) as caught:
        probe(getattr(clips, clip), kind=kind)
    assert caught.value.code == code
    # A whole sentence for the uploader, usable without an app (lazy, translated when shown).
    assert str(caught.value.message).endswith(".") and len(str(caught.value.message).split()) > 5


def test_a_video_without_sound_is_a_recording(clips):
    info = probe(clips.video_only)
    assert info.has_video and not info.has_audio and info.audio_codec is None


def test_probing_a_small_file_is_quick(clips):
    probe(clips.sd)  # warm the page cache
    started = time.perf_counter()
    probe(clips.sd)
    assert time.perf_counter() - started < 1.5  # < 1 s on an idle machine; CI machines are busy


def test_a_missing_ffmpeg_is_named_with_the_fix(monkeypatch, clips):
    monkeypatch.setattr(probe_module.shutil, "which", lambda name: None)
    with pytest.raises(FFmpegMissing, match="sudo apt-get install ffmpeg"):
        require_ffmpeg()
    with pytest.raises(FFmpegMissing):
        probe(clips.sd)


@pytest.mark.parametrize(("name", "expected"), [
    ("Lecture 3 - Trade.MP4", "Lecture_3_-_Trade.mp4"),
    ("../../etc/passwd", "passwd"),
    ("/var/www/../secret/talk.webm", "talk.webm"),
    ("C:\\Users\\ana\\Desktop\\clase.mov", "clase.mov"),
    ("na\x00me\x07.mp4", "name.mp4"),
    ("Café résumé.m4a", "Cafe_resume.m4a"),
    ("con.mp4", "con_.mp4"),
])
def test_file_names_are_made_safe(name, expected):
    assert safe_filename(name) == expected


def test_names_in_other_scripts_stay_distinct():
    chinese, arabic = safe_filename("讲座.mp4"), safe_filename("محاضرة.mp4")
    assert chinese.endswith(".mp4") and arabic.endswith(".mp4") and chinese != arabic
    assert chinese.isascii()


def test_long_names_are_shortened_keeping_the_extension():
    name = safe_filename("a" * 500 + ".webm")
    assert len(name) <= 120 and name.endswith(".webm")


@pytest.mark.parametrize("name", ["", "..", "../..", "/", "...mp4", "\x00\x01.mp4", "  "])
def test_nothing_usable_is_refused(name):
    with pytest.raises(MediaError) as caught:
        safe_filename(name)
    assert caught.value.code == "bad-name"


SRT = (
    "\ufeff1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Welcome</i> & <font color=\"red\">hello</font>\r\n\r\n"
    "2\r\n00:00:03,000 --> 00:00:04,000\r\nTwo\r\nlines\r\n"
)


def test_subrip_becomes_webvtt():
    text = subtitle_to_webvtt(SRT.encode("utf-8"))
    assert text == (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<i>Welcome</i> &amp; hello\n\n"
        "00:00:03.000 --> 00:00:04.000\nTwo\nlines\n"
    )


def test_webvtt_is_kept():
    vtt = "WEBVTT\n\n00:01.000 --> 00:02.000 align:start\nBonjour à tous\n"
    assert subtitle_to_webvtt(b"\xef\xbb\xbf" + vtt.encode("utf-8")) == vtt


@pytest.mark.parametrize("data", [b"", b"hello world\n", b"\x89PNG\r\n\x1a\n\x00\x00", b"WEBVTTX\n",
                                  "1\n00:00:01,000 --> 00:00:02,000\nnot utf-8 \xe9\n".encode("latin-1")])
def test_other_files_are_not_subtitles(data):
    with pytest.raises(MediaError) as caught:
        subtitle_to_webvtt(data)
    assert caught.value.code == "not-subtitles"
