"""The sign-in area's blueprint, shared by its modules (passwords, password
reset, single sign-on)."""

from flask import Blueprint

from forms.kept_input import KEPT_INPUT

bp = Blueprint("auth", __name__)
# What survives the fresh session made at login: the language chosen and
# input kept from a form whose session had ended.
CARRIED_OVER_LOGIN = ("lang", KEPT_INPUT)
