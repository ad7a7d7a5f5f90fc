"""The calendar page of a company's employers and of a municipality's finance
officers: make or renew the secret address of the calendar of claim dates.

The address is shown once, in the answer to the request that made it (it is
stored only as a hash): the page says to copy it now.
"""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from forms.claims import LockForm
from igu_admin.services.claims import calendar_feeds


def calendar() -> str:
    return render_template("shared/calendar.html", feed=calendar_feeds.feed_of(current_user),
                           form=None, renew_form=LockForm(formdata=None), address=None)


def calendar_renew() -> tuple[str, int] | str:
    form = LockForm()
    if not form.validate_on_submit():
        return render_template("shared/calendar.html", feed=calendar_feeds.feed_of(current_user),
                               form=form, renew_form=form, address=None), 400
    token = calendar_feeds.renew(current_user)
    address = url_for("calendar.feed", token=token, _external=True)
    return render_template("shared/calendar.html", feed=calendar_feeds.feed_of(current_user),
                           form=None, renew_form=LockForm(formdata=None), address=address)


def add_calendar_pages(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/calendar", "calendar", calendar, methods=["GET"])
    blueprint.add_url_rule("/calendar", "calendar_renew", calendar_renew, methods=["POST"])
