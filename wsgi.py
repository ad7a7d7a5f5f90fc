"""WSGI entry point: `gunicorn -w 4 wsgi:app`."""

from igu_admin import create_app

app = create_app()
