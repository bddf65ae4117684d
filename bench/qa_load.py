"""The viewers of bench/qa.py: a bounded load generator on loopback. One process runs many viewers on asyncio, each
polling the lecture's Q&A feed through nginx as the page's script does (every POLL seconds, ``?since=<last
version>`` with the ETag it holds, keep-alive connections), and notes when it first sees each question."""

from __future__ import annotations

import asyncio
import json
import random
import time


class Connection:
    """One keep-alive HTTP/1.1 connection (nginx answers with Content-Length; 304s have no body)."""

    def __init__(self, port: int):
        self.port, self.reader, self.writer = port, None, None

    async def get(self, path: str, headers: dict) -> tuple[int, dict, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1"] + [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        found = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            found[name.strip().lower()] = value.strip()
        length = int(found.get("content-length", "0"))
        body = await self.reader.readexactly(length) if length else b""
        if found.get("connection", "").lower() == "close":
            self.close()
        return status, found, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def viewer(port: int, feed: str, poll: float, until: float, seen: dict, counters: dict) -> None:
    connection, version, etags, mine = Connection(port), None, {}, set()
    await asyncio.sleep(random.random() * poll)  # pages opened at different moments
    while time.time() < until:
        started = time.time()
        path = feed if version is None else f"{feed}?since={version}"
        headers = {"If-None-Match": etags[path]} if path in etags else {}
        try:
            status, found, body = await connection.get(path, headers)
            counters["requests"] += 1
            if status == 200:
                data = json.loads(body)
                if version is None or data["version"] >= version:
                    version = data["version"]
                now = time.time()
                for item in data["questions"]:
                    if not item.get("removed") and item["id"] not in mine:
                        mine.add(item["id"])
                        first = seen.setdefault(item["id"], [now, now, 0])  # earliest, latest, viewers
                        first[0], first[1], first[2] = min(first[0], now), max(first[1], now), first[2] + 1
                if "etag" in found:
                    etags = {path: found["etag"]}
            elif status != 304:
                counters["errors"] += 1
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError):
            counters["errors"] += 1
            connection.close()
        await asyncio.sleep(max(0.0, poll - (time.time() - started)))
    connection.close()


def run(port: int, feed: str, viewers: int, poll: float, until: float, queue) -> None:
    """Runs ``viewers`` viewers in this process; puts (seen, counters) on ``queue``: for each question id the first
    and last time one of them first saw it and how many did."""
    seen, counters = {}, {"requests": 0, "errors": 0}

    async def main():
        await asyncio.gather(*(viewer(port, feed, poll, until, seen, counters) for _ in range(viewers)))

    asyncio.run(main())
    queue.put((seen, counters))
