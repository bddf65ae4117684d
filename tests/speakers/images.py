"""Real image bytes made with Pillow, and files that only pretend to be images."""

from __future__ import annotations

import io

from PIL import Image


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (800, 600), mode: str = "RGB", colour="teal",
                **save_options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format=fmt, **save_options)
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "Secret Photographer"  # Artist
    exif[0x0110] = "Camera serial 123456"  # Model
    return image_bytes("JPEG", (1200, 900), exif=exif.tobytes())


def truncated_png() -> bytes:
    # Noise does not compress, so cutting the file in half cuts the pixel data.
    noise = Image.frombytes("RGB", (300, 300), bytes((i * 7919) % 251 for i in range(300 * 300 * 3)))
    out = io.BytesIO()
    noise.save(out, format="PNG")
    data = out.getvalue()
    return data[: len(data) // 2]


def upload(data: bytes, filename: str) -> tuple[io.BytesIO, str]:
    return io.BytesIO(data), filename
