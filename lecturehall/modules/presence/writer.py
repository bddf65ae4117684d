"""Group commit for heartbeats: one writer thread per process batches the beats of concurrent requests into one
multi-row INSERT ... ON CONFLICT DO NOTHING and one COMMIT, then releases the waiting requests. A request is answered
"stored" only after that commit, so an acknowledged beat is durable; a beat stored twice (a retry whose first answer
was lost) is ignored by the unique (session, seq) index.

On PostgreSQL each batch takes a transaction-level advisory lock before it inserts: batches of all processes then
get their ids and commit in the same order, so a reader that sees beat N has also seen every committed beat below
N. The compaction's cursor relies on that (no beat can appear below it later). SQLite has one writer at a time anyway.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.dialects import postgresql, sqlite

from lecturehall.core.db import db, utcnow
from lecturehall.modules.presence.models import Beat

log = logging.getLogger(__name__)

BEATS_LOCK_KEY = 0x4C4842  # "LHB"
IDLE_SECONDS = 30.0
COLUMNS = [column for column in Beat.__table__.columns if column.name != "id"]


def _unnest_insert() -> str:
    """PostgreSQL: one INSERT of the whole batch as arrays, one per column (a third less work than executemany,
    which converts every row's parameters on its own)."""
    dialect = postgresql.dialect()
    names = ", ".join(column.name for column in COLUMNS)
    arrays = ", ".join(f"%s::{column.type.compile(dialect=dialect)}[]" for column in COLUMNS)
    return (f"INSERT INTO {Beat.__tablename__} ({names}) SELECT * FROM unnest({arrays}) "
            "ON CONFLICT (session_id, seq) DO NOTHING")


UNNEST_INSERT = _unnest_insert()


class StoreFailed(Exception):
    """The beats could not be stored (database down, or no answer in time): the client keeps them and retries."""


@dataclass
class _Pending:
    rows: list[dict]
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


class BeatWriter:
    def __init__(self, app: Flask):
        self.app = app
        self.queue: queue.Queue[_Pending] = queue.Queue()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.pid = os.getpid()
        self.batch_max = int(app.config["PRESENCE_BATCH_MAX"])
        self.batches = 0  # for tests and the benchmark: how many commits it took

    def store(self, rows: list[dict], timeout: float) -> None:
        """Blocks until ``rows`` are committed; raises StoreFailed otherwise."""
        pending = _Pending(rows)
        self._ensure_running()
        self.queue.put(pending)
        if not pending.done.wait(timeout):
            raise StoreFailed("no answer from the database in time")
        if pending.error is not None:
            raise StoreFailed(str(pending.error)) from pending.error

    def _ensure_running(self) -> None:
        if self.thread is not None and self.thread.is_alive() and self.pid == os.getpid():
            return
        with self.lock:
            if self.thread is None or not self.thread.is_alive() or self.pid != os.getpid():
                self.pid = os.getpid()
                self.thread = threading.Thread(target=self._run, name="presence-writer", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            try:
                first = self.queue.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                with self.lock:
                    if self.queue.empty():
                        self.thread = None
                        return
                continue
            batch, count = [first], len(first.rows)
            while count < self.batch_max:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                batch.append(item)
                count += len(item.rows)
            error = None
            try:
                self._write([row for item in batch for row in item.rows])
            except Exception as exc:  # any failure: every request of the batch answers 503 and the client retries
                log.warning("presence: storing %d beats failed: %s", count, exc)
                error = exc
            for item in batch:
                item.error = error
                item.done.set()

    def _write(self, rows: list[dict]) -> None:
        received = utcnow()
        for row in rows:
            row["received_at"] = received
        with self.app.app_context():
            engine = db.engine
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                # One round trip: a bounded wait for the lock, then the lock.
                connection.execute(sa.text("SELECT set_config('lock_timeout', '10s', true), "
                                           "pg_advisory_xact_lock(:key)"), {"key": BEATS_LOCK_KEY})
                connection.exec_driver_sql(UNNEST_INSERT, tuple([row[column.name] for row in rows]
                                                                for column in COLUMNS))
            else:
                statement = sqlite.insert(Beat.__table__).on_conflict_do_nothing(index_elements=["session_id", "seq"])
                connection.execute(statement, rows)
        self.batches += 1


def get_writer(app: Flask) -> BeatWriter:
    writer = app.extensions.get("lecturehall.presence.writer")
    if writer is None:
        writer = app.extensions.setdefault("lecturehall.presence.writer", BeatWriter(app))
    return writer
