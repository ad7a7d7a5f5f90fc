"""wording.catalogue gives what Flask-Babel gives (it only finds the
catalogue and the date patterns once per locale): every Danish message of
the catalogue, plural forms, dates in every width and numbers, under
force_locale too, inside `settled`, and outside a request."""

from __future__ import annotations

from datetime import date, datetime

import flask_babel
import pytest
from babel.messages.pofile import read_po

from igu_admin import create_app
from igu_admin.paths import LOCALE_DIR
from igu_admin.wording import catalogue

DAYS = [date(2028, 6, 1), date(2025, 3, 3), date(2016, 12, 31)]
WIDTHS = ["short", "medium", "long", "full", "d. MMMM y"]


@pytest.fixture(scope="module")
def app():
    return create_app({"IGU_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def _messages() -> list[str]:
    with (LOCALE_DIR / "da" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return [m.id for m in read_po(po) if isinstance(m.id, str) and m.id and "%(" not in m.id]


@pytest.mark.parametrize("language", ["da", "en"])
def test_messages_and_dates_are_flask_babels(app, language: str) -> None:
    with app.test_request_context("/", headers={"Accept-Language": language}):
        for message in _messages():
            assert catalogue.gettext(message) == flask_babel.gettext(message), message
        assert (catalogue.gettext("%(hours)s hours", hours=5)
                == flask_babel.gettext("%(hours)s hours", hours=5))
        for day in DAYS:
            for width in WIDTHS:
                assert catalogue.format_date(day, width) == flask_babel.format_date(day, width)
        for number in (0, 7, 8000, 12345678):
            assert catalogue.format_number(number) == flask_babel.format_number(number)


def test_plurals_and_force_locale_follow_the_locale_of_the_moment(app) -> None:
    singular = ("The person has had a registered address in Denmark for %(num)s whole year on "
                "the start date.")
    plural = ("The person has had a registered address in Denmark for %(num)s whole years on "
              "the start date.")
    with app.test_request_context("/", headers={"Accept-Language": "da"}):
        danish = catalogue.gettext("Yes")
        with flask_babel.force_locale("en"):
            assert catalogue.gettext("Yes") == "Yes" != danish
            assert catalogue.format_date(DAYS[0], "long") == "1 June 2028"
        assert catalogue.gettext("Yes") == danish == "Ja"
        assert catalogue.format_date(DAYS[0], "long") == "1. juni 2028"
        assert catalogue.ngettext(singular, plural, 1).startswith("Personen har haft")
        for n in (1, 2):
            assert (catalogue.ngettext(singular, plural, n)
                    == flask_babel.ngettext(singular, plural, n))


def test_outside_a_request_the_message_itself(app) -> None:
    assert catalogue.gettext("Yes") == "Yes"
    with pytest.raises(TypeError):
        catalogue.format_date(datetime(2028, 6, 1, 12, 0), "long")


def test_settled_words_a_block_in_the_locale_it_began_in(app) -> None:
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        with catalogue.settled():
            assert catalogue.gettext("Yes") == "Yes"
            assert catalogue.format_date(DAYS[0], "long") == "1 June 2028"
        with flask_babel.force_locale("da"):
            assert catalogue.gettext("Yes") == "Ja"  # outside the block: the locale of the moment
            with catalogue.settled():
                assert catalogue.format_date(DAYS[0], "long") == "1. juni 2028"
