"""Subtitle files: WebVTT or SubRip in, clean WebVTT out, and WebVTT read back as timed cues (to cut it into HLS
segments, see packaging.add_subtitles).

Every cue's text is sanitised the same way whichever format it came in: WebVTT's own cue tags stay (``<i> <b> <u>
<c.class> <v Speaker> <lang xx> <ruby> <rt>`` and timestamps), every other tag (``<script>``, ``<iframe>``,
``<font>`` …) and SSA override (``{\\an8}``) goes, and a bare ``& < >`` becomes a character reference. STYLE blocks keep
their ``::cue`` rules but lose anything that could fetch or run something (``url()``, ``@import``, ``expression()``);
REGION blocks and NOTE comments are harmless and stay."""

from __future__ import annotations

import re

from lecturehall.modules.media.errors import MediaError

MAX_SUBTITLE_BYTES = 5 * 1024 * 1024

_SRT_TIMING = re.compile(
    r"^\s*(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})\s*-->\s*(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})(.*)$"
)
_CUE_TIMING = re.compile(r"^\s*((?:\d+:)?\d{1,2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}\.\d{3})(.*)$")
# A tag, a timestamp tag (karaoke), or an SSA override block.
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|<(?:\d+:)?\d{2}:\d{2}\.\d{3}>|\{\\[^}]*\}")
_CUE_TAG = re.compile(
    r"<(?P<close>/)?(?P<name>[A-Za-z]+)(?P<classes>(?:\.[A-Za-z0-9_-]+)*)(?P<annotation>[ \t][^<>]*)?>")
_TIMESTAMP_TAG = re.compile(r"<(?:\d+:)?\d{2}:\d{2}\.\d{3}>")
# Tags of WebVTT cue text (https://www.w3.org/TR/webvtt1/#webvtt-cue-components); v and lang carry an annotation.
CUE_TAGS = frozenset({"c", "i", "b", "u", "ruby", "rt", "v", "lang"})
_ANNOTATED = frozenset({"v", "lang"})
_ENTITY = re.compile(r"&(?:amp|lt|gt|lrm|rlm|nbsp|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def subtitle_to_webvtt(data: bytes) -> str:
    """Sanitised WebVTT text from a WebVTT or SubRip file (recognised by content, UTF-8 with or without BOM, or
    UTF-16), or MediaError("not-subtitles")."""
    if not data or len(data) > MAX_SUBTITLE_BYTES:
        raise MediaError("not-subtitles")
    text = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise MediaError("not-subtitles")
    if re.match(r"WEBVTT(?:[ \t\n]|$)", text):
        # A header followed by text that is neither a cue nor a note is not a subtitle file.
        stray = "-->" not in text and text.strip() != "WEBVTT"
        if stray and not re.search(r"^NOTE\b", text, flags=re.MULTILINE):
            raise MediaError("not-subtitles")
        return _clean_webvtt(text)
    return _srt_to_webvtt(text)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise MediaError("not-subtitles") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MediaError("not-subtitles") from exc


def _blocks(text: str) -> list[str]:
    return re.split(r"\n[ \t]*\n", text.strip("\n"))


def _clean_webvtt(text: str) -> str:
    """The WebVTT file block by block: the header line, REGION and NOTE blocks kept, STYLE blocks cleaned, each
    cue's identifier and timing kept and its text sanitised."""
    blocks = _blocks(text)
    header = blocks[0].split("\n")[0]  # "WEBVTT" and its optional title; header metadata lines are not needed
    kept = [_clean_line(header)]
    for block in blocks[1:]:
        lines = block.split("\n")
        if lines[0].startswith("STYLE"):
            kept.append(_clean_style(lines))
            continue
        if lines[0].startswith(("NOTE", "REGION")):
            kept.append("\n".join(_clean_line(line) for line in lines))
            continue
        timing_at = 0 if "-->" in lines[0] else 1 if len(lines) > 1 and "-->" in lines[1] else None
        if timing_at is None or not _CUE_TIMING.match(lines[timing_at]):
            continue  # neither a cue nor a known block: browsers ignore it, and so do we
        identifier = [_clean_line(lines[0])] if timing_at == 1 else []
        body = [sanitize_cue_text(line) for line in lines[timing_at + 1:]]
        kept.append("\n".join(identifier + [lines[timing_at].strip()] + [line for line in body if line.strip()]))
    return "\n\n".join(kept) + "\n"


_UNSAFE_CSS = re.compile(r"url\s*\(|@import|expression\s*\(|\\", re.IGNORECASE)


def _clean_style(lines: list[str]) -> str:
    """A STYLE block without lines that could load a resource or hide one behind CSS escapes."""
    return "\n".join(["STYLE"] + [line.replace("<", "").replace(">", "") for line in lines[1:]
                                   if not _UNSAFE_CSS.search(line)])


def _clean_line(line: str) -> str:
    """Text outside cues (titles, notes, identifiers): no markup at all."""
    return _escape(_MARKUP.sub("", line))


def _srt_to_webvtt(text: str) -> str:
    cues = []
    for block in _blocks(text):
        lines = block.split("\n")
        if lines and lines[0].strip().isdigit():
            lines = lines[1:]
        if not lines:
            continue
        match = _SRT_TIMING.match(lines[0])
        if not match:
            raise MediaError("not-subtitles")
        h1, m1, s1, f1, h2, m2, s2, f2, _rest = match.groups()
        start, end = _timestamp(h1, m1, s1, f1), _timestamp(h2, m2, s2, f2)
        body = [sanitize_cue_text(line) for line in lines[1:]]
        body = [line for line in body if line.strip()]
        cues.append(f"{start} --> {end}\n" + "\n".join(body))
    if not cues:
        raise MediaError("not-subtitles")
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def _timestamp(hours: str, minutes: str, seconds: str, fraction: str) -> str:
    if int(minutes) > 59 or int(seconds) > 59:
        raise MediaError("not-subtitles")
    return f"{int(hours):02d}:{int(minutes):02d}:{int(seconds):02d}.{fraction.ljust(3, '0')}"


def sanitize_cue_text(line: str) -> str:
    """One line of cue text with only WebVTT's own tags left (lower-cased, classes kept, annotations escaped) and
    every other character safe: tags of HTML or SSA are removed, their text stays."""
    kept = []
    position = 0
    for match in _MARKUP.finditer(line):
        kept.append(_escape(line[position:match.start()]))
        kept.append(_allowed_tag(match.group(0)))
        position = match.end()
    kept.append(_escape(line[position:]))
    return "".join(kept)


def _allowed_tag(tag: str) -> str:
    if _TIMESTAMP_TAG.fullmatch(tag):
        return tag
    match = _CUE_TAG.fullmatch(tag)
    if not match:
        return ""
    name = match.group("name").lower()
    if name not in CUE_TAGS:
        return ""
    if match.group("close"):
        return f"</{name}>"
    annotation = ""
    if name in _ANNOTATED and match.group("annotation"):
        annotation = " " + _escape(match.group("annotation").strip())
    return f"<{name}{match.group('classes') or ''}{annotation}>"


def _escape(text: str) -> str:
    """``& < >`` as character references; references already written as such stay as they are."""
    parts, position = [], 0
    for match in _ENTITY.finditer(text):
        parts.append(_escape_plain(text[position:match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(_escape_plain(text[position:]))
    return "".join(parts)


def _escape_plain(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- reading WebVTT back -------------------------------------------------------------------------------------------

def parse_webvtt(text: str) -> tuple[list[str], list[tuple[float, float, str]]]:
    """REGION blocks (to repeat in every segment) and the cues as (start, end, block text), from clean WebVTT."""
    blocks = _blocks(text.replace("\r\n", "\n"))
    header, cues = [], []
    for block in blocks[1:]:  # blocks[0] is the WEBVTT line (and header text)
        lines = block.split("\n")
        timing_at = 0 if "-->" in lines[0] else 1 if len(lines) > 1 and "-->" in lines[1] else None
        if timing_at is None:
            if lines[0].startswith(("STYLE", "REGION")) and not cues:
                header += [block, ""]
            continue
        match = _CUE_TIMING.match(lines[timing_at])
        if not match:
            continue
        start, end = cue_seconds(match.group(1)), cue_seconds(match.group(2))
        if end <= start:
            continue
        lines[timing_at] = f"{vtt_timestamp(start)} --> {vtt_timestamp(end)}{match.group(3)}"
        cues.append((start, end, "\n".join(lines) + "\n"))
    return header, cues


def cue_seconds(stamp: str) -> float:
    parts = [float(part) for part in stamp.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0.0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def vtt_timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"
