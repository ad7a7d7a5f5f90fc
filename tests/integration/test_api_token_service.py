"""API tokens: made once, stored as a hash, refused when revoked or the user is gone."""

import hashlib

import pytest
from sqlalchemy import select

from igu_admin.core.errors import NotFound
from igu_admin.extensions import db
from igu_admin.models import ApiToken, Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_user


def test_a_token_is_stored_only_as_its_hash(app) -> None:
    user = make_user(Role.CASEWORKER)
    made = api_tokens.create_token(user, user, "Sagssystem")
    stored = db.session.scalar(select(ApiToken))
    assert made.secret.startswith("igu_") and len(made.secret) > 40
    assert made.secret not in (stored.token_hash, stored.prefix, stored.label)
    assert stored.token_hash == hashlib.sha256(made.secret.encode()).hexdigest()
    assert api_tokens.user_for_bearer(made.secret).id == user.id


def test_a_revoked_token_or_a_deactivated_user_is_refused_at_once(app) -> None:
    user = make_user(Role.EMPLOYER)
    first, second = (api_tokens.create_token(user, user) for _ in range(2))
    api_tokens.revoke_token(user, first.record.id)
    assert api_tokens.user_for_bearer(first.secret) is None
    assert api_tokens.user_for_bearer(second.secret) is not None
    user.active = False
    db.session.commit()
    assert api_tokens.user_for_bearer(second.secret) is None


@pytest.mark.parametrize("presented", ["", "igu_", "igu_" + "x" * 43, "Bearer igu_x",
                                       "igu_\u00e6\u00f8\u00e5", "igu_" + "a" * 5000])
def test_unknown_or_malformed_tokens_act_as_nobody(app, presented: str) -> None:
    assert api_tokens.user_for_bearer(presented) is None


def test_nobody_revokes_another_users_token(app) -> None:
    owner, stranger = make_user(Role.EMPLOYER), make_user(Role.EMPLOYER)
    made = api_tokens.create_token(owner, owner)
    with pytest.raises(NotFound):
        api_tokens.revoke_token(stranger, made.record.id)
    assert api_tokens.user_for_bearer(made.secret) is not None


def test_the_cli_prints_the_token_alone_on_the_last_line(app) -> None:
    user = make_user(Role.FINANCE)
    result = app.test_cli_runner().invoke(
        args=["api-token", "create", "--email", user.email, "--label", "Økonomisystem"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert result.stdout.strip() == token
    assert api_tokens.user_for_bearer(token).id == user.id
    assert db.session.scalar(select(ApiToken.label)) == "Økonomisystem"


def test_the_cli_refuses_an_unknown_user(app) -> None:
    result = app.test_cli_runner().invoke(args=["api-token", "create", "--email", "no@x.dk"])
    assert result.exit_code == 2


def test_the_cli_speaks_danish_and_names_the_role(app) -> None:
    user = make_user(Role.CASEWORKER)
    result = app.test_cli_runner().invoke(args=["api-token", "create", "--email", user.email])
    assert "(Sagsbehandler)" in result.stderr and "(caseworker)" not in result.stderr
    too_long = app.test_cli_runner().invoke(
        args=["api-token", "create", "--email", user.email, "--label", "x" * 101])
    assert too_long.exit_code == 2
    assert "label: Brug højst 100 tegn." in too_long.stderr


def test_the_last_use_is_kept_to_the_minute_without_a_write_per_request(app) -> None:
    from datetime import timedelta

    user = make_user(Role.EMPLOYER)
    made = api_tokens.create_token(user, user)
    api_tokens.user_for_bearer(made.secret)
    db.session.expire_all()
    first = db.session.scalar(select(ApiToken.last_used_at))
    assert first is not None
    api_tokens.user_for_bearer(made.secret)
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken.last_used_at)) == first
    token = db.session.scalar(select(ApiToken))
    token.last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    api_tokens.user_for_bearer(made.secret)
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken.last_used_at)) > first - timedelta(minutes=2)
