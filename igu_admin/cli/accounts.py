"""Logins, companies and API tokens from the command line."""

from __future__ import annotations

import click
from flask_babel import gettext as _

from igu_admin.cli.common import in_default_language, role_name, service_error
from igu_admin.core.errors import ServiceError
from igu_admin.models import Role
from igu_admin.services import accounts
from igu_admin.services.accounts import api_tokens


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="")
@click.option("--company-cvr", default=None, help="The employer's company (role employer).")
@click.option("--municipality", default=None, help="Municipality code (caseworker, finance).")
@in_default_language
def create_user(email: str, role: str, password: str, name: str, company_cvr: str | None,
                municipality: str | None) -> None:
    """Create a login."""
    company_id = None
    if company_cvr:
        company = next((c for c in accounts.list_companies() if c.cvr == company_cvr), None)
        if company is None:
            raise click.UsageError(_("No company with CVR %(cvr)s.", cvr=company_cvr))
        company_id = company.id
    try:
        user = accounts.create_user(None, accounts.NewUser(
            email=email, password=password, role=Role(role), name=name,
            company_id=company_id, municipality_code=municipality))
    except ServiceError as error:
        raise service_error(error) from error
    click.echo(_("Created the user %(email)s with the role %(role)s.", email=user.email,
                 role=role_name(user.role)))


@click.command("create-company")
@click.option("--cvr", required=True)
@click.option("--name", required=True)
@click.option("--municipality", required=True, help="Municipality code, e.g. 101.")
@click.option("--public", "is_public", is_flag=True, help="A public employer (no IGU bonus).")
@in_default_language
def create_company(cvr: str, name: str, municipality: str, is_public: bool) -> None:
    """Create a company."""
    try:
        company = accounts.create_company(None, accounts.NewCompany(
            cvr=cvr, name=name, municipality_code=municipality, is_private=not is_public))
    except ServiceError as error:
        raise service_error(error) from error
    click.echo(_("Created the company %(name)s (CVR %(cvr)s).", name=company.name,
                 cvr=company.cvr))


@click.group("api-token")
def api_token() -> None:
    """Personal API tokens."""


@api_token.command("create")
@click.option("--email", required=True, help="The user the token acts as.")
@click.option("--label", default="", help="What the token is for, shown on the user's page.")
@in_default_language
def api_token_create(email: str, label: str) -> None:
    """Make a token for a user; the token alone is printed on the last line, once."""
    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.UsageError(_("No user with the e-mail %(email)s.", email=email))
    try:
        made = api_tokens.create_token(None, user, label)
    except ServiceError as error:
        raise service_error(error) from error
    click.echo(_("API key for %(email)s (%(role)s). It is shown only now:", email=user.email,
                 role=role_name(user.role)), err=True)
    click.echo(made.secret)
