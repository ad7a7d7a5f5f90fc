"""WSGI entry point of the working copy: `gunicorn -w 4 wsgi:app`. An
installed wheel serves the same app as `igu_admin.wsgi:app`."""

from igu_admin.wsgi import app

__all__ = ["app"]
