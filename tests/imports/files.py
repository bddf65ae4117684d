"""Real upload files for the import tests, made with csv and openpyxl."""

from __future__ import annotations

import csv
import io

import openpyxl

HEADER = ["name", "email", "country", "organisation", "sector", "language", "timezone"]


def csv_bytes(rows, *, header=HEADER, delimiter=",", encoding="utf-8", bom=False) -> bytes:
    body = io.StringIO()
    writer = csv.writer(body, delimiter=delimiter)
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    data = body.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, *, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Participants"
    for row in ([header] if header else []) + list(rows):
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The smallest valid PNG: a 1x1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
