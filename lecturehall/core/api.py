"""JSON endpoints: the routes a script calls (uploads, status polls, the player's position), not a person.

A view marked with ``json_endpoint`` answers every error as ``{"error": "<message in the viewer's language>"}``
with the error's status: the error handler asks ``answers_json``, and a visitor who is not signed in gets a 401
instead of a redirect to the login page, which a script could not follow. For a request no view matched, the
address decides when it belongs to a JSON endpoint under another method (405); otherwise the client's Accept header
does (a 404 for an id no route takes).
"""

from __future__ import annotations

from typing import Callable, TypeVar

from flask import current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

F = TypeVar("F", bound=Callable)


def json_endpoint(view: F) -> F:
    view.json_endpoint = True  # type: ignore[attr-defined]
    return view


def _is_json_view(endpoint: str | None) -> bool:
    return getattr(current_app.view_functions.get(endpoint or ""), "json_endpoint", False)


def answers_json() -> bool:
    """Whether the current request's errors are answered in JSON."""
    if request.endpoint is not None:
        return _is_json_view(request.endpoint)
    routing_error = request.routing_exception
    if isinstance(routing_error, MethodNotAllowed) and routing_error.valid_methods:
        adapter = current_app.url_map.bind_to_environ(request.environ)
        try:
            endpoint, _values = adapter.match(method=next(iter(routing_error.valid_methods)))
        except HTTPException:
            endpoint = None
        if _is_json_view(endpoint):
            return True
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
