"""WSGI entry point: ``gunicorn wsgi:app``."""

from lecturehall.app import create_app

app = create_app()
