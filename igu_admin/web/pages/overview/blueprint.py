"""The overview's blueprint: caseworkers, finance officers and administrators."""

from flask import Blueprint

bp = Blueprint("overview", __name__)
