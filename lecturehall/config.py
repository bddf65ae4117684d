"""Every setting of Lecture Hall, with its default and its meaning: the one table the README's is checked against.

A setting's value comes from, in order of precedence: the override given to ``create_app``, the environment variable
``LECTUREHALL_<NAME>``, then the default below. Paths that default into the instance folder follow INSTANCE_DIR,
whichever way that was given. Everything else in the code reads ``current_app.config``.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    # A value, or a function of the instance folder (for paths that live in it).
    default: Any
    kind: type
    meaning: str
    # Settable as LECTUREHALL_<NAME>; False for settings that only tests and code pass to create_app.
    environment: bool = True
    # Shown in the README's configuration table.
    documented: bool = True

    def default_for(self, instance: Path) -> Any:
        return self.default(instance) if callable(self.default) else self.default


def _in_instance(name: str) -> Callable[[Path], str]:
    return lambda instance: str(instance / name)


SETTINGS: tuple[Setting, ...] = (
    # -- where things live ----------------------------------------------------------------------------------------
    Setting("INSTANCE_DIR", lambda instance: str(instance), str,
            "SQLite file, secret key, outbox, scheduler lock"),
    Setting("DATABASE_URL", lambda instance: f"sqlite:///{instance / 'lecturehall.sqlite3'}", str,
            "SQLAlchemy URL; PostgreSQL: `postgresql+psycopg://user:pass@host/db`"),
    Setting("MEDIA_DIR", lambda instance: str(instance.parent / "media"), str,
            "recordings, HLS renditions, posters"),
    Setting("SECRET_KEY", None, str, "signs sessions and emailed links; generated once into `instance/secret_key`"),
    Setting("BASE_URL", "http://127.0.0.1:8000", str,
            "public address, used in mail and calendar links; `https://` turns on secure cookies and HSTS"),
    Setting("TRANSLATIONS_DIR", str(PROJECT_ROOT / "translations"), str, "compiled translation catalogs",
            documented=False),
    Setting("STATIC_BUILD_DIR", str(PROJECT_ROOT / "build" / "static"), str,
            "static files with content-hashed names and brotli/gzip copies (`lecturehall assets build`, or the "
            "app on first use); nginx serves its `files/` in production"),
    Setting("STATIC_MAX_AGE", 300, int,
            "seconds browsers may cache a static file under its plain name (hashed names: a year, immutable)"),
    # -- mail -----------------------------------------------------------------------------------------------------
    Setting("SMTP_HOST", "", str, "SMTP server; unset writes mail to the outbox"),
    Setting("SMTP_PORT", 25, int, "SMTP port"),
    Setting("SMTP_USERNAME", "", str, "SMTP login"),
    Setting("SMTP_PASSWORD", "", str, "SMTP password"),
    Setting("SMTP_STARTTLS", False, bool, "STARTTLS after connecting"),
    Setting("SMTP_SSL", False, bool, "TLS from the start (port 465)"),
    Setting("MAIL_FROM", "Lecture Hall <no-reply@lecturehall.localhost>", str, "sender"),
    Setting("OUTBOX_DIR", _in_instance("outbox"), str, "where mail goes without SMTP"),
    Setting("MAIL_CLAIM_LEASE_SECONDS", 300, int,
            "a mail whose sender died is sent again once its claim is this old (and only if never marked sent)"),
    # -- languages and time ---------------------------------------------------------------------------------------
    Setting("DEFAULT_LOCALE", "en", str, "language when neither the user nor the browser names one of ours"),
    Setting("DEFAULT_TIMEZONE", "UTC", str, "timezone for visitors whose browser does not tell"),
    # -- security -------------------------------------------------------------------------------------------------
    Setting("TRUSTED_PROXIES", 0, int,
            "how many proxies in front of the app set `X-Forwarded-For`/`-Proto` (1 behind one nginx); 0 trusts "
            "none, so a client cannot spoof its address"),
    Setting("SECURE_COOKIES", None, bool, "force secure cookies on or off (default: on when BASE_URL is https)"),
    Setting("RATELIMIT_STORAGE_URI", "memory://", str, "rate-limit counters; use `redis://…` with several processes"),
    Setting("RATELIMIT_ENABLED", True, bool, "rate limits on sign-in, sign-up, reset and starting uploads"),
    Setting("LOGIN_RATE_LIMIT_IP", "30 per minute", str,
            "sign-in attempts from one client address, whichever accounts they name"),
    Setting("LOGIN_RATE_LIMIT_ACCOUNT_ADDRESS", "5 per minute", str,
            "wrong passwords for one account from one client address (at login and on the profile); the owner "
            "elsewhere is not held up"),
    Setting("LOGIN_RATE_LIMIT_ACCOUNT", "50 per hour", str,
            "sign-in attempts for one account from all addresses together; browsers that logged in to it before "
            "are not held to it"),
    Setting("SIGNUP_RATE_LIMIT", "10 per hour", str, "sign-ups from one address"),
    Setting("RESET_RATE_LIMIT", "5 per 15 minutes", str, "password-reset and confirmation mails from one address"),
    Setting("TOKEN_MAX_AGE", 2 * 24 * 3600, int, "lifetime of confirmation and reset links, in seconds"),
    Setting("MAX_CONTENT_LENGTH", 16 * 1024 * 1024, int,
            "largest request body, in bytes (an upload chunk must fit)"),
    # -- scheduler ------------------------------------------------------------------------------------------------
    Setting("EMBEDDED_SCHEDULER", True, bool, "`lecturehall serve` also runs scheduled jobs"),
    Setting("SCHEDULER_LEADER_POLL", 15.0, float,
            "seconds between a follower's attempts to take the scheduler lead"),
    Setting("SCHEDULER_SWEEP_SECONDS", 60, int, "seconds between catch-up sweeps for work whose job was lost"),
    Setting("SCHEDULER_THREADS", 4, int, "jobs one worker runs at once"),
    Setting("SCHEDULER_STOP_GRACE_SECONDS", 20.0, float,
            "on stop, how long running jobs may take to finish; unfinished ones run again on the next leader"),
    # -- recordings -----------------------------------------------------------------------------------------------
    Setting("MAX_UPLOAD_BYTES", 8 * 1024 ** 3, int, "largest recording an organiser may upload"),
    Setting("UPLOAD_CHUNK_BYTES", 8 * 1024 ** 2, int, "chunk size the upload page sends (at most MAX_CONTENT_LENGTH)"),
    Setting("UPLOAD_RATE_LIMIT", "100 per hour", str,
            "uploads one person may start (resuming one does not count; its chunks are not limited)"),
    Setting("MEDIA_JOB_STALE_SECONDS", 60, int,
            "a transcoding job whose worker stopped beating this long ago is started again"),
    # -- participant imports --------------------------------------------------------------------------------------
    Setting("IMPORT_MAX_ROWS", 10_000, int, "rows in one participant import"),
    Setting("IMPORT_MAX_BYTES", 5 * 1024 * 1024, int, "size of one participant import file"),
    Setting("IMPORT_INLINE_INVITATIONS", 50, int,
            "above this many new accounts, invitations go out from the scheduler"),
    # -- attendance and replay tracking ----------------------------------------------------------------------------
    Setting("GEOIP_DB", "", str,
            "MaxMind-format country database (`.mmdb`, e.g. DB-IP's free IP to Country Lite) for the network "
            "country; unset records it as unknown"),
    Setting("PRESENCE_BEAT_SECONDS", 15, int,
            "seconds between the player's heartbeats; gaps shorter than two beats are bridged"),
    Setting("PRESENCE_TOKEN_MAX_AGE", 12 * 3600, int, "lifetime of a page's viewing token, in seconds"),
    Setting("PRESENCE_TOKEN_RENEW_AGE", 7 * 24 * 3600, int,
            "how long after it was issued a viewing token can be renewed by its own viewer (a page left open, "
            "beats a closed page left unsent), in seconds"),
    Setting("PRESENCE_RATE_LIMIT", "60 per minute", str, "heartbeat requests from one viewing session"),
    Setting("PRESENCE_RENEW_RATE_LIMIT", "30 per hour", str, "viewing token renewals by one user or address"),
    Setting("PRESENCE_MAX_BODY_BYTES", 16384, int, "largest heartbeat request, in bytes"),
    Setting("PRESENCE_CLOCK_SKEW_SECONDS", 900, int,
            "how far a browser's clock may be off before its heartbeats are refused"),
    Setting("PRESENCE_ACK_TIMEOUT", 10.0, float,
            "seconds a heartbeat request waits for its beats to be stored before answering 503"),
    Setting("PRESENCE_BATCH_MAX", 1000, int, "most beats written in one group commit"),
    Setting("PRESENCE_COMPACT_SECONDS", 5, int, "seconds between the worker's compactions of heartbeats"),
    Setting("PRESENCE_REPLAY_VIEW_SECONDS", 30, int,
            "seconds watched in a day that make a replay view (half the length for shorter recordings)"),
    Setting("PRESENCE_ATTENDED_PERCENT", 50, int,
            "share of the lecture's live time that counts as attended, unless its programme sets a rule"),
    Setting("PRESENCE_LIVE_FRESH_SECONDS", 30, int, "a live viewer seen this recently counts as watching now"),
    Setting("PRESENCE_RETENTION_DAYS", 90, int, "days raw heartbeats are kept once compacted"),
    # -- live lectures ------------------------------------------------------------------------------------------
    Setting("LIVE_EMBEDDED_NGINX", True, bool,
            "`lecturehall serve` runs nginx with the RTMP module as a child under `instance/nginx`; off in production, "
            "where nginx from `lecturehall live nginx-config` runs on its own and serves the live and replay files"),
    Setting("LIVE_RTMP_LISTEN", "0.0.0.0:1935", str, "where nginx takes RTMP pushes from encoders (OBS, Zoom, Teams)"),
    Setting("LIVE_HTTP_LISTEN", "127.0.0.1:8935", str,
            "nginx's HTTP side: its statistics on loopback (and the live and replay files in production)"),
    Setting("LIVE_INGEST_URL", "", str,
            "the RTMP address organisers are shown (default: `rtmp://<BASE_URL's host>:<RTMP port>/live`)"),
    Setting("LIVE_CALLBACK_URL", "", str,
            "where nginx asks the app about pushes (default: `<BASE_URL>/internal/live`)"),
    Setting("LIVE_CALLBACK_SECRET", "", str,
            "shared secret nginx on another host presents to the internal endpoint (loopback needs none)"),
    Setting("LIVE_DIR", "", str, "live sessions being recorded (default: `<MEDIA_DIR>/live`)"),
    Setting("LIVE_NGINX_PREFIX", _in_instance("nginx"), str, "the embedded nginx's configuration, logs and temp files"),
    Setting("LIVE_WINDOW_BEFORE_MINUTES", 60, int, "how long before the scheduled start a push is accepted"),
    Setting("LIVE_WINDOW_AFTER_MINUTES", 60, int, "how long after the planned end a push is still accepted"),
    Setting("LIVE_GRACE_SECONDS", 300, int,
            "a publisher that reconnects within this continues the same live session; after it, the lecture ends"),
    Setting("LIVE_LINK_TTL_SECONDS", 21600, int, "lifetime of a viewer's signed live playlist and segment URLs"),
    Setting("LIVE_POLL_SECONDS", 0.5, float,
            "how often the worker running the live pipelines reads nginx and the database", documented=True),
    # -- live Q&A -------------------------------------------------------------------------------------------------
    Setting("QA_OPEN_BEFORE_MINUTES", 30, int, "minutes before a lecture's start that participants may ask questions"),
    Setting("QA_POLL_SECONDS", 2, int, "seconds between a Q&A page's polls of the lecture's question feed"),
    Setting("QA_FEED_MAX_AGE", 1, int,
            "seconds a shared cache (nginx) may keep a lecture's question feed (`Cache-Control: public`)"),
    Setting("QA_ASK_RATE_LIMIT", "5 per minute", str, "questions one person may ask in a lecture"),
    Setting("QA_VOTE_RATE_LIMIT", "60 per minute", str, "upvotes (and withdrawals) one person may send"),
    # -- certificates ---------------------------------------------------------------------------------------------
    Setting("CERTIFICATES_VERIFY_RATE_LIMIT", "30 per minute", str,
            "certificate verifications (the code form and code pages together) from one client address"),
    Setting("CERTIFICATES_DOWNLOAD_RATE_LIMIT", "30 per minute", str,
            "certificate PDFs one person may download (each is rendered afresh, about half a second of work)"),
    # -- reports --------------------------------------------------------------------------------------------------
    Setting("REPORTS_WORK_MEM", "64MB", str,
            "PostgreSQL's work_mem for report queries (each sort or hash of one; the server's default is 4MB)"),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


def default_text(setting: Setting) -> str:
    """The default as the README's configuration table writes it (paths relative to the project)."""
    default = setting.default_for(Path("instance"))
    if setting.name == "MEDIA_DIR":
        return "`media/`"
    if setting.name == "INSTANCE_DIR":
        return "`instance/`"
    if setting.name == "STATIC_BUILD_DIR":
        return "`build/static/`"
    if setting.name == "SECRET_KEY":
        return "generated"
    if default is None or default == "":
        return "unset"
    if isinstance(default, bool):
        return "`1`" if default else "`0`"
    return f"`{default}`"


def readme_table() -> str:
    """The README's configuration table, made from SETTINGS (tests check that the README holds it)."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    rows += [f"| `LECTUREHALL_{setting.name}` | {default_text(setting)} | {setting.meaning} |"
             for setting in SETTINGS if setting.environment and setting.documented]
    return "\n".join(rows)


def _as_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _parse(setting: Setting, raw: str) -> Any:
    if setting.kind is bool:
        return _as_bool(raw)
    if setting.kind in (int, float):
        try:
            return setting.kind(raw)
        except ValueError as exc:
            raise ValueError(f"LECTUREHALL_{setting.name}={raw!r} is not a {setting.kind.__name__}") from exc
    return raw


def from_environment(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if not setting.environment:
            continue
        raw = environ.get(f"LECTUREHALL_{setting.name}")
        if raw is None or raw == "":
            continue
        values[setting.name] = _parse(setting, raw)
    return values


def load(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Every setting's value: the overrides, then the environment, then the defaults."""
    overrides = dict(overrides or {})
    from_env = from_environment(environ)
    instance = Path(overrides.get("INSTANCE_DIR") or from_env.get("INSTANCE_DIR") or PROJECT_ROOT / "instance")
    values = {setting.name: setting.default_for(instance) for setting in SETTINGS}
    values.update(from_env)
    values.update(overrides)
    values["INSTANCE_DIR"] = str(instance)
    return values


def load_or_create_secret_key(instance_path: str) -> str:
    """A secret key kept in the instance folder, made once on first run so that sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
