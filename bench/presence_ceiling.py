"""The stack's ceiling for bench/presence.py: a bare Flask endpoint at the heartbeat URL that only parses the JSON
body and answers 204, served by gunicorn with the same settings as the app (``gunicorn bench.presence_ceiling:app``)."""

from flask import Flask, request

app = Flask(__name__)


@app.post("/presence/lectures/<int:lecture_id>/beats")
def beats(lecture_id: int):
    request.get_json()
    return "", 204
