"""The employer's agreement page after the municipality's review: the
decision with its reason, the conversation, and after approval the next
steps in order (sign, register in VITAS) with the VITAS-ready summary, the
signing and registration days and the signed scan; tenancy throughout."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from html import unescape

import pytest

from igu_admin.extensions import db
from igu_admin.models import AgreementStatus, Comment, Role, SignedCopy
from igu_admin.services.review import decisions, next_steps
from igu_admin.services.review.vitas_summary import vitas_summary
from igu_admin.testing.agreements import CPR
from igu_admin.testing.reviews import submitted_case
from tests import upload_files
from tests.conftest import csrf_token
from tests.pdf_text import pdf_text


def _page(case) -> str:
    return f"/employer/agreements/{case.agreement.id}"


def _approved():
    case = submitted_case()
    decisions.decide_agreement(case.caseworker, case.agreement, "approve", "",
                               case.agreement.lock_version)
    return case


def _post(client, case, action: str, data: dict, **kwargs):
    token = csrf_token(client, "/")
    # The upload's form checks its own (prefixed) token: the page's check waits for it.
    field = "signed_copy-csrf_token" if action == "signed-copy" else "csrf_token"
    return client.post(f"{_page(case)}/{action}", data={field: token, **data}, **kwargs)


def _day(day) -> str:
    return day.strftime("%d.%m.%Y")


# --- before approval ----------------------------------------------------------

@pytest.mark.parametrize(("decision", "heading"), [
    ("request_changes", "Aftalen blev sendt tilbage til rettelser"),
    ("reject", "Aftalen blev afvist")])
def test_the_employer_sees_the_decision_and_its_reason(app, client, auth, decision,
                                                       heading) -> None:
    case = submitted_case()
    decisions.decide_agreement(case.caseworker, case.agreement, decision,
                               "Lønnen er under overenskomsten.", case.agreement.lock_version)
    auth.login(case.employer.email)
    html = unescape(client.get(_page(case)).get_data(as_text=True))
    told = html[html.index("data-told-decision"):]
    assert heading in told and "Lønnen er under overenskomsten." in told
    assert html.index("data-told-decision") < html.index("<h2>Dokumenter</h2>")
    assert 'data-section="next-steps"' not in html


def test_a_submitted_agreement_has_no_next_steps_yet(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.employer.email)
    html = client.get(_page(case)).get_data(as_text=True)
    assert 'data-section="next-steps"' not in html and "data-told-decision" not in html
    assert 'data-section="conversation"' in html


def test_the_employer_writes_in_the_conversation(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.employer.email)
    response = _post(client, case, "comments", {"comment-text": "Eleven kan starte mandag."})
    assert response.status_code == 303
    html = client.get(_page(case)).get_data(as_text=True)
    assert "Eleven kan starte mandag." in html and "Bente Bager" in html
    auth.logout()
    auth.login(case.caseworker.email)
    assert "Eleven kan starte mandag." in client.get(
        f"/caseworker/agreements/{case.agreement.id}").get_data(as_text=True)


# --- the next steps ------------------------------------------------------------

def test_after_approval_the_steps_come_in_order_with_the_deadline(app, client, auth) -> None:
    case = _approved()
    auth.login(case.employer.email)
    html = unescape(client.get(_page(case)).get_data(as_text=True))
    sign, register = html.index('data-step="sign"'), html.index('data-step="register"')
    assert html.index('data-section="next-steps"') < sign < register
    assert html.index('data-pdf="approved"') < register
    deadline = next_steps.registration_deadline(case.agreement)
    assert f'data-registration-deadline="{deadline.isoformat()}"' in html
    assert '<script src="/static/js/copy.js"></script>' in html


def test_the_vitas_summary_lists_every_field_as_selectable_text_with_a_copy_button(
        app, client, auth) -> None:
    case = _approved()
    auth.login(case.employer.email)
    html = unescape(client.get(_page(case)).get_data(as_text=True))
    rows = re.findall(r'<tr data-vitas="([^"]+)">(.*?)</tr>', html, re.S)
    assert [path for path, _ in rows] == [f.path for f in vitas_summary(case.agreement)]
    by_path = dict(rows)
    assert CPR in by_path["trainee.cpr"]  # the employer registers the number in full
    assert "Bagermedhjælper" in by_path["job_title"]
    button = re.search(r"<button[^>]*igu-copy[^>]*>", by_path["job_title"])
    assert button is not None and " hidden" in button.group(0)  # shown by the script only
    assert "data-copy-target" in button.group(0)


def test_the_approved_copy_downloads_with_the_approval_stamped_in(app, client, auth) -> None:
    case = _approved()
    auth.login(case.employer.email)
    response = client.get(f"{_page(case)}/agreement.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "godkendt" in response.headers["Content-Disposition"]
    assert "KarenSagsbehandler" in pdf_text(response.data)


def test_signing_and_registration_are_recorded_and_the_deadline_goes(app, client, auth) -> None:
    case = _approved()
    start = case.agreement.start_date
    auth.login(case.employer.email)
    response = _post(client, case, "signed", {
        "signing-day": _day(start - timedelta(days=10)),
        "signing-lock_version": str(case.agreement.lock_version)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#next-steps-heading")
    db.session.refresh(case.agreement)
    assert case.agreement.signed_on == start - timedelta(days=10)
    assert _post(client, case, "registered", {
        "registration-day": _day(start + timedelta(days=3)),
        "registration-lock_version": str(case.agreement.lock_version)}).status_code == 303
    db.session.refresh(case.agreement)
    assert case.agreement.registered_on == start + timedelta(days=3)
    html = client.get(_page(case)).get_data(as_text=True)
    assert "data-registration-deadline" not in html
    assert "data-registered-on" in html


def test_a_signing_day_after_the_start_is_refused_at_the_field(app, client, auth) -> None:
    case = _approved()
    auth.login(case.employer.email)
    typed = _day(case.agreement.start_date + timedelta(days=1))
    html = unescape(_post(client, case, "signed", {
        "signing-day": typed, "signing-lock_version": str(case.agreement.lock_version),
    }).get_data(as_text=True))
    assert "<title>Fejl:" in html and f'value="{typed}"' in html
    field = re.search(r'<input[^>]*id="signing-day"[^>]*>', html)
    assert field is not None and 'aria-invalid="true"' in field.group(0)
    db.session.refresh(case.agreement)
    assert case.agreement.signed_on is None


def test_a_registration_before_the_signing_is_recorded_is_refused(app, client, auth) -> None:
    case = _approved()
    auth.login(case.employer.email)
    html = _post(client, case, "registered", {
        "registration-day": _day(case.agreement.start_date),
        "registration-lock_version": str(case.agreement.lock_version)}).get_data(as_text=True)
    assert "<title>Fejl:" in html
    db.session.refresh(case.agreement)
    assert case.agreement.registered_on is None


def test_a_stale_signing_form_says_so_and_keeps_the_day(app, client, auth) -> None:
    case = _approved()
    auth.login(case.employer.email)
    typed = _day(case.agreement.start_date - timedelta(days=2))
    html = _post(client, case, "signed", {
        "signing-day": typed,
        "signing-lock_version": str(case.agreement.lock_version - 1)}).get_data(as_text=True)
    assert "Sagen er ændret af en anden" in html and f'value="{typed}"' in html


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(("content", "name"), [
    (PDF, "underskrevet.pdf"), (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "scan.png"),
    (b"\xff\xd8\xff\xe0" + b"0" * 100, "foto.jpg")])
def test_the_signed_scan_is_uploaded(app, client, auth, content: bytes, name: str) -> None:
    case = _approved()
    auth.login(case.employer.email)
    response = _post(client, case, "signed-copy", {
        "signed_copy-file": (io.BytesIO(content), name)}, content_type="multipart/form-data")
    assert response.status_code == 303
    copy = db.session.query(SignedCopy).one()
    assert copy.content == content and copy.size == len(content)
    download = client.get(f"{_page(case)}/signed-copy")
    assert download.status_code == 200 and download.data == content
    assert download.mimetype == copy.media_type


def test_a_file_that_is_not_a_pdf_or_an_image_is_refused_by_its_content(
        app, client, auth) -> None:
    case = _approved()
    auth.login(case.employer.email)
    html = _post(client, case, "signed-copy", {
        "signed_copy-file": (io.BytesIO(b"MZ not a pdf"), "aftale.pdf")},
        content_type="multipart/form-data").get_data(as_text=True)
    assert "<title>Fejl:" in html and 'id="signed_copy-file-error"' in html
    assert db.session.query(SignedCopy).count() == 0


@pytest.mark.parametrize(("content", "name", "message"), [
    (upload_files.pdf(upload_files.names_javascript), "underskrevet.pdf",
     "PDF-filen indeholder JavaScript eller en handling, der kører, når den åbnes."),
    (upload_files.pdf(upload_files.page_aa), "underskrevet.pdf",
     "PDF-filen indeholder JavaScript eller en handling, der kører, når den åbnes."),
    (upload_files.png_header(30000, 30000), "scan.png",
     "Billedet er større end 50 millioner pixel."),
    (upload_files.jpeg_of_size(10000, 6000), "foto.jpg",
     "Billedet er større end 50 millioner pixel."),
])
def test_a_scan_that_acts_when_opened_or_has_too_many_pixels_is_refused_at_the_field(
        app, client, auth, content: bytes, name: str, message: str) -> None:
    case = _approved()
    auth.login(case.employer.email)
    response = _post(client, case, "signed-copy", {
        "signed_copy-file": (io.BytesIO(content), name)}, content_type="multipart/form-data")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "<title>Fejl:" in html
    assert re.search(r'id="signed_copy-file-error"[^>]*>.*?' + re.escape(message), html, re.S)
    assert db.session.query(SignedCopy).count() == 0


def test_a_scan_over_ten_megabytes_is_refused(app, client, auth) -> None:
    case = _approved()
    auth.login(case.employer.email)
    big = PDF + b"0" * next_steps.MAX_SIGNED_COPY_BYTES
    response = _post(client, case, "signed-copy", {
        "signed_copy-file": (io.BytesIO(big), "stor.pdf")}, content_type="multipart/form-data")
    assert response.status_code in (200, 413)
    assert db.session.query(SignedCopy).count() == 0


def test_an_upload_without_a_file_or_without_the_csrf_token_is_refused(app, client, auth) -> None:
    case = _approved()
    auth.login(case.employer.email)
    html = _post(client, case, "signed-copy", {}, content_type="multipart/form-data")
    assert "Vælg filen med den underskrevne aftale." in html.get_data(as_text=True)
    forged = client.post(f"{_page(case)}/signed-copy", data={
        "signed_copy-file": (io.BytesIO(PDF), "a.pdf")}, content_type="multipart/form-data")
    assert forged.status_code == 200 and "<title>Fejl:" in forged.get_data(as_text=True)
    assert db.session.query(SignedCopy).count() == 0


# --- tenancy -------------------------------------------------------------------

POSTS = [("signed", {"signing-day": "01.01.2024"}),
         ("registered", {"registration-day": "01.01.2024"}),
         ("comments", {"comment-text": "Hej"})]


def test_another_company_gets_404_on_every_page_and_action(app, client, auth) -> None:
    case = _approved()
    auth.login(case.stranger.email)
    assert client.get(_page(case)).status_code == 404
    for action, data in POSTS:
        assert _post(client, case, action, data).status_code == 404, action
    assert _post(client, case, "signed-copy", {
        "signed_copy-file": (io.BytesIO(PDF), "a.pdf")},
        content_type="multipart/form-data").status_code == 404
    for document in ("agreement.pdf", "signed-copy"):
        assert client.get(f"{_page(case)}/{document}").status_code == 404
    db.session.refresh(case.agreement)
    assert case.agreement.signed_on is None
    assert db.session.query(Comment).count() == db.session.query(SignedCopy).count() == 0


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.FINANCE])
def test_the_municipality_cannot_use_the_employers_steps(app, client, auth, role: Role) -> None:
    case = _approved()
    auth.login(case.caseworker.email if role is Role.CASEWORKER else case.finance.email)
    for action, data in POSTS:
        assert _post(client, case, action, data).status_code == 403, action
    assert client.get(f"{_page(case)}/agreement.pdf").status_code == 403
    db.session.refresh(case.agreement)
    assert case.agreement.status == AgreementStatus.APPROVED and case.agreement.signed_on is None
