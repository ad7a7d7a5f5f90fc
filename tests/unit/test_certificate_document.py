"""The certificate's values as the document words them (issue 19): its two
titles, the masked CPR number, each employer's period, the weeks as handed
in, and the reference."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import flask_babel
import pytest

from igu_admin import create_app
from igu_admin.documents.certificate_pdf import (
    CertificateFacts,
    Employment,
    SchoolingDone,
    document,
    filename,
)


@pytest.fixture(scope="module")
def app():
    return create_app({"IGU_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def facts(completed: bool = True) -> CertificateFacts:
    return CertificateFacts(
        agreement_id=7, completed=completed, trainee_name="Amal Østergård", cpr="1505951234",
        first_day=date(2026, 1, 5), last_day=date(2028, 1, 4),
        employments=(
            Employment("Bageriet ApS", "10000130", date(2026, 1, 5), date(2026, 7, 1),
                       "Bagerassistent", "Dej og ovn"),
            Employment("Lageret A/S", "10000394", date(2026, 7, 2), date(2028, 1, 4),
                       "Lagermedarbejder", "")),
        schooling=(SchoolingDone("amu", "Grundlæggende bageri", "AMU Syd", date(2026, 2, 2),
                                 date(2026, 2, 27), Decimal("4.0")),
                   SchoolingDone("danish", "Dansk 2", "", date(2026, 3, 2), date(2026, 6, 26),
                                 Decimal("10.5"))),
        counted_weeks=Decimal("14.5"), required_weeks=20,
        legal_reference="IGU-loven § 8, stk. 4", issued_at=datetime(2028, 1, 5, 9, tzinfo=UTC))


def test_a_completed_course_in_danish(app) -> None:
    with app.test_request_context("/", headers={"Accept-Language": "da"}):
        doc = document(facts())
    assert doc.title == "Bevis for gennemført integrationsgrunduddannelse"
    assert doc.cpr == "150595-XXXX"
    assert doc.period == "5. januar 2026 til 4. januar 2028"
    assert [(e.company, e.period) for e in doc.employments] == [
        ("Bageriet ApS", "5. januar 2026 til 1. juli 2026"),
        ("Lageret A/S", "2. juli 2026 til 4. januar 2028")]
    assert [(s.kind, s.weeks) for s in doc.schooling] == [("AMU", "4"), ("Danskuddannelse", "10,5")]
    assert (doc.counted_weeks, doc.required_weeks) == ("14,5", "20")
    assert doc.legal_reference == "IGU-loven §\N{NO-BREAK SPACE}8, stk. 4"
    assert doc.issued_on == "5. januar 2028"


def test_an_early_end_is_the_documentation_of_a_partly_completed_course(app) -> None:
    with app.test_request_context("/"), flask_babel.force_locale("da"):
        doc = document(facts(completed=False))
    assert doc.title == "Dokumentation for delvist gennemført integrationsgrunduddannelse"
    assert not doc.completed


def test_english_words_and_a_file_name_without_personal_data(app) -> None:
    with app.test_request_context("/"), flask_babel.force_locale("en"):
        doc = document(facts(), lang="en")
    assert doc.title == "Certificate of completed integration basic education"
    assert filename(7, True) == "igu-bevis-7.pdf"
    assert filename(7, False) == "igu-dokumentation-7.pdf"
