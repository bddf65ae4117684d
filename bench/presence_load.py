"""The load generator of bench/presence.py: viewers whose players send real heartbeats (real tokens, sequence
numbers, the time) over keep-alive HTTP/1.1 connections on loopback. Paced, each viewer beats once per interval
(the player's 15 s), spread evenly, and a beat's latency counts from when it was due, so time spent waiting for a
free connection when the server falls behind is counted too; with no interval, as fast as the server answers (the
capacity). A beat that got no 200 stays with its viewer and goes again (with the viewer's next beats) on the
viewer's next turn, as the player's queue does. Bounded: every connection stops at its deadline. Run in a few
processes (``run_slice``)."""

from __future__ import annotations

import asyncio
import json
import random
import time
from dataclasses import dataclass, field


@dataclass
class Viewer:
    path: str
    token: str
    session: str
    live: bool
    seq: int = 0
    pending: list = field(default_factory=list)
    position: float = 0.0
    last_beat: float = 0.0

    def next_beats(self) -> list[dict]:
        now = time.monotonic()
        played, self.last_beat = (min(15.0, now - self.last_beat) if self.last_beat else 0.0), now
        self.seq += 1
        beat = {"seq": self.seq, "t": time.time() * 1000, "ev": "beat" if self.seq > 1 else "play"}
        if self.live:
            beat.update(d=round(played, 1), q="720p")
        else:  # the range played since the viewer's previous beat (the first beat is the play beat)
            start = self.position
            self.position = min(590.0, self.position + played)
            beat.update({"from": start, "to": self.position, "speed": 1})
        self.pending.append(beat)
        del self.pending[:-50]
        return self.pending


@dataclass
class Result:
    acked: list = field(default_factory=list)  # "session:seq"
    latencies: list = field(default_factory=list)  # seconds, answered requests
    errors: int = 0
    refused: dict = field(default_factory=dict)  # status -> count


async def _request(reader, writer, host: str, path: str, body: bytes) -> tuple[int, bytes]:
    writer.write(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                 f"User-Agent: Mozilla/5.0 (X11; Linux x86_64) bench\r\nContent-Length: {len(body)}\r\n\r\n"
                 .encode() + body)
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, close = 0, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "connection" and value.strip().lower() == "close":
            close = True
    payload = await reader.readexactly(length) if length else b""
    if close:
        raise ConnectionResetError("server closed")  # after reading: the answer counts
    return status, payload


async def _connection(host: str, port: int, viewers: list[Viewer], turn: list[int], result: Result,
                      deadline: float, start: float, interval: float) -> None:
    reader = writer = None
    while time.monotonic() < deadline:
        index = turn[0]
        viewer = viewers[index % len(viewers)]
        turn[0] += 1
        started = time.monotonic()
        if interval:
            due = start + index * interval / len(viewers)
            if due > started:
                await asyncio.sleep(due - started)
                if time.monotonic() >= deadline:
                    break
            started = due
        beats = viewer.next_beats()
        body = json.dumps({"token": viewer.token, "sent": time.time() * 1000, "beats": beats}).encode()
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 5)
            status, payload = await asyncio.wait_for(_request(reader, writer, f"{host}:{port}", viewer.path, body),
                                                     15)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
            result.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.2 + random.random() * 0.3)
            continue
        result.latencies.append(time.monotonic() - started)
        if status == 200:
            stored = set(json.loads(payload)["stored"])
            result.acked.extend(f"{viewer.session}:{seq}" for seq in stored)
            viewer.pending = [beat for beat in viewer.pending if beat["seq"] not in stored]
        elif status == 204:  # the ceiling endpoint
            viewer.pending = []
        else:
            result.refused[status] = result.refused.get(status, 0) + 1
            if status not in (429, 503):
                viewer.pending = []
            else:
                await asyncio.sleep(0.1)
    if writer is not None:
        writer.close()


def run_slice(host: str, port: int, viewers: list[Viewer], connections: int, seconds: float, out,
              interval: float = 0.0) -> None:
    """One load process: ``connections`` connections sharing ``viewers`` in turn, each viewer once per ``interval``
    seconds (0: as fast as the server answers); puts its Result on ``out``."""
    result = Result()

    async def main():
        start = time.monotonic()
        deadline = start + seconds
        turn = [0 if interval else random.randrange(len(viewers))]
        await asyncio.gather(*(_connection(host, port, viewers, turn, result, deadline, start, interval)
                               for _ in range(connections)))

    asyncio.run(main())
    out.put(result)
