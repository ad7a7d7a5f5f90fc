"""The baseline of `igu-admin bench --http`: a trivial Flask app with one
JSON route at the eligibility operation's path, served by the same server
as igu-admin, so that the ratio of the two is igu-admin's own overhead."""

from flask import Flask, jsonify, request
from werkzeug.wrappers import Response

app = Flask(__name__)


@app.post("/api/v1/eligibility")
def eligibility() -> Response:
    return jsonify(eligible=True, facts=request.get_json())


@app.get("/healthz")
def healthz() -> Response:
    return jsonify(status="ok")
