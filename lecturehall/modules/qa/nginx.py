"""The nginx micro-cache for the Q&A feed (README, production section; tests/qa/test_nginx_cache.py runs it in a real
nginx). Every open page polls its lecture's feed every QA_POLL_SECONDS; the answer is the same for everyone, so nginx
keeps it for a second and answers the pages itself: the app sees about one request per second per lecture and
``since`` value in use, however many pages are open. Expired entries are revalidated with the ETag (a 304 from the
app costs one indexed read), one request at a time per address (``proxy_cache_lock``).

The feed needs no cookie, so none is sent to the app, and the app's ``Vary: Cookie`` (Flask-Login reads the session
after every request) is ignored: the answer does not depend on it."""

from __future__ import annotations


def cache_path(directory: str = "/var/cache/nginx/lecturehall-qa") -> str:
    """The line for nginx's ``http`` block."""
    return (f"proxy_cache_path {directory} levels=1:2 keys_zone=lecturehall_qa:10m max_size=64m inactive=10m "
            "use_temp_path=off;")


def feed_location(upstream: str = "http://127.0.0.1:8000") -> str:
    """The block for the ``server`` that passes requests to the app (before its catch-all ``location /``)."""
    return f"""location ~ ^/qa/lectures/[0-9]+/feed/ {{
    proxy_pass {upstream};
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header Cookie "";
    proxy_cache lecturehall_qa;
    proxy_cache_key $uri$is_args$args;
    proxy_cache_valid 200 1s;
    proxy_cache_revalidate on;
    proxy_cache_lock on;
    proxy_cache_lock_timeout 2s;
    proxy_cache_use_stale updating error timeout;
    proxy_ignore_headers Vary Set-Cookie;
    proxy_hide_header Set-Cookie;
    add_header X-Cache-Status $upstream_cache_status always;
}}"""
