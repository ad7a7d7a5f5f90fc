"""What the command modules share: the default language, how a refused
request is worded, the exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click
from flask import current_app
from flask_babel import force_locale

from igu_admin.core.errors import ServiceError
from igu_admin.models import Role
from igu_admin.web.labels import ROLE_LABELS
from igu_admin.wording.accounts import account_error

P = ParamSpec("P")
R = TypeVar("R")


def in_default_language(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command's messages in the app's default language (Danish); a
    command with --lang uses force_locale itself."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return command(*args, **kwargs)

    return run


def service_error(error: ServiceError) -> click.UsageError:
    """A refused request, worded as the admin pages word it, naming the field."""
    message = account_error(error.code)
    return click.UsageError(f"{error.field}: {message}" if error.field else message)


def role_name(code: str) -> str:
    return str(ROLE_LABELS[Role(code)])
