"""The WSGI application for a production server: `gunicorn -w 4
igu_admin.wsgi:app` from an installed wheel (the working copy's wsgi.py
serves the same app). Each worker imports it, so each makes its app and
then settles its own heap."""

from igu_admin import create_app
from igu_admin.web.heap import settle_heap

app = create_app()
settle_heap()
