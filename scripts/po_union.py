#!/usr/bin/env python3
"""Resolves a merge conflict in a translation catalog: the union of both sides' messages (ours wins where both
translate the same message), written back in the catalog's sorted order.

    python3 scripts/po_union.py translations/fr/LC_MESSAGES/messages.po   (during a conflicted merge)

Reads the two sides from git's index (stages 2 and 3), so it works on the conflicted file as git left it; then run
`lecturehall i18n update` to drop messages that no code uses any more."""

from __future__ import annotations

import io
import subprocess
import sys

from babel.messages.pofile import read_po, write_po


def side(path: str, stage: int):
    data = subprocess.run(["git", "show", f":{stage}:{path}"], capture_output=True, check=True).stdout
    return read_po(io.BytesIO(data))


def main(path: str) -> None:
    ours, theirs = side(path, 2), side(path, 3)
    for message in theirs:
        if not message.id:
            continue
        mine = ours.get(message.id, message.context)
        if mine is None:
            ours[message.id] = message
        elif not mine.string or (isinstance(mine.string, tuple) and not any(mine.string)):
            mine.string = message.string
    with open(path, "wb") as handle:
        write_po(handle, ours, sort_output=True, omit_header=False)


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        main(argument)
