"""WSGI entry point: `gunicorn -w 4 wsgi:app` (each worker imports it, so each
settles its own heap once its app is made)."""

from igu_admin import create_app
from igu_admin.web.heap import settle_heap

app = create_app()
settle_heap()
