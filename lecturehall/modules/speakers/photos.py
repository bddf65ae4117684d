"""Speaker photos, judged by their content: what Pillow finds in the bytes decides, never the file name.

An accepted photo is decoded whole and re-encoded as a small JPEG, which drops EXIF (GPS, camera serials) and any
payload hidden after the image data."""

from __future__ import annotations

import io
import warnings
from typing import IO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 6000
OUTPUT_SIDE = 512
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


class PhotoError(Exception):
    """A refused upload, with a translatable message for the person who sent it."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def prepare_photo(stream: IO[bytes]) -> bytes:
    """The uploaded photo as JPEG bytes at most OUTPUT_SIDE pixels a side, or PhotoError."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PhotoError(_l("The photo is larger than 5 MB. Choose a smaller file."))
    if not data:
        raise PhotoError(_l("The photo file is empty."))
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused, not merely warned about.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                _check_header(probe)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # a full decode catches truncated pixel data that verify() lets through
                return _reencode(image)
    except PhotoError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(_l("This file is not a photo we can read. Upload a JPEG, PNG or WebP image.")) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError(_l("This photo is damaged or incomplete. Upload the file again, or another one.")) from exc


def _check_header(image: Image.Image) -> None:
    if image.format not in ACCEPTED_FORMATS:
        raise PhotoError(_l("This file is not a photo we can read. Upload a JPEG, PNG or WebP image."))
    if max(image.size) > MAX_SIDE:
        raise PhotoError(_l("The photo is too large: at most %(pixels)d pixels a side.", pixels=MAX_SIDE))


def _reencode(image: Image.Image) -> bytes:
    image = ImageOps.exif_transpose(image)  # keep the orientation the camera recorded before EXIF is dropped
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.thumbnail((OUTPUT_SIDE, OUTPUT_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif= or icc_profile= given: the new file carries none of the original's metadata.
    image.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
