"""English pages, PDFs and e-mails write dates in one style, "1 June 2028",
and a title inside a sentence starts in lower case ("under the IGU act
2016", not "under The IGU act 2016")."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, timedelta

import pypdf
from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.jobs.daily import run_due
from igu_admin.models import AgreementStatus, OutboxMessage, Role
from igu_admin.services import demo
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course
from tests.crawl import Page, answer_pages, crawl
from tests.page_text import same_site_links, text_blocks

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November"
          "|December")
SHORT_MONTHS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
ONE_STYLE = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b")
OTHER_STYLES = re.compile(
    rf"\b(?:{MONTHS}|{SHORT_MONTHS})\.? \d{{1,2}}, \d{{4}}"  # June 1, 2028; Jun 1, 2028
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"  # 01/06/2028; 6/1/28
    r"|\b\d{4}-\d{2}-\d{2}\b"  # 2028-06-01 in prose
    rf"|\b\d{{1,2}} (?:{SHORT_MONTHS})\.? \d{{4}}\b")  # 1 Jun 2028
MID_SENTENCE_THE = re.compile(r"[a-z,] The ")


def _english_pages(client, auth, logins: list[demo.DemoLogin]) -> Iterator[tuple[str, Page]]:
    """Every page of every role (and of a visitor) in English, on the demo data."""
    for login in [None, *logins]:
        if login is not None:
            auth.login(login.email, login.password)
        client.get("/language/en")
        role = login.role if login else "visitor"
        for page in crawl(client):
            yield role, page
        if login is None:
            for page in answer_pages(client):
                yield role, page
        if login is not None:
            auth.logout()


def _context(text: str, match: re.Match[str]) -> str:
    return text[max(0, match.start() - 50):match.end() + 20]


def pdf_words(pdf: bytes) -> str:
    """A PDF's text with one space between words (a date may wrap)."""
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def test_english_pages_and_their_pdfs_write_dates_one_way_and_no_the_mid_sentence(
        app, client, auth) -> None:
    logins = demo.ensure_demo_data()
    wrong, dates, pdfs = [], 0, set()
    for role, page in _english_pages(client, auth, logins):
        assert '<html lang="en"' in page.html, page.path
        text = page.text
        dates += len(ONE_STYLE.findall(text))
        wrong += [f"{role} {page.path}: {_context(text, m)!r}" for m in OTHER_STYLES.finditer(text)]
        wrong += [f"{role} {page.path}: {block!r}" for block in text_blocks(page.html)
                  if MID_SENTENCE_THE.search(block)]
        if role == "employer":  # the plan's PDFs follow the page's language
            pdfs.update(link for link in same_site_links(page.html, "http://localhost/")
                        if link.endswith(".pdf"))
    english_pdf_dates = 0
    [employer] = [login for login in logins if login.role == "employer"]
    auth.login(employer.email, employer.password)
    client.get("/language/en")
    for link in sorted(pdfs):
        response = client.get(link)
        assert response.mimetype == "application/pdf", link
        text = pdf_words(response.data)
        if text.startswith("DRAFT") or "Schooling plan" in text:
            english_pdf_dates += len(ONE_STYLE.findall(text))
        wrong += [f"PDF {link}: {_context(text, m)!r}" for m in OTHER_STYLES.finditer(text)]
    assert wrong == []
    assert dates > 50 and english_pdf_dates > 0  # the pages and PDFs read carry dates


def test_the_answer_names_the_act_in_lower_case_inside_its_sentence(app, client) -> None:
    client.get("/language/en")
    [yes, no, _, _] = [page.text for page in answer_pages(client)]
    act = r"the IGU act (?:from |as amended in )?\d{4}"
    assert re.search(rf"All conditions are met under {act}", yes)
    assert re.search(rf"One or more conditions are not met under {act}", no)
    client.get("/language/da")
    [ja, *_] = [page.text for page in answer_pages(client)]
    assert re.search(r"opfyldt efter IGU-loven (?:fra |efter ændringen i )?\d{4}", ja)


def test_an_english_e_mail_writes_its_date_in_the_one_style(app) -> None:
    start = date(2027, 3, 1)
    company = make_company()
    employer = make_user(Role.EMPLOYER, company=company)
    employer.preferred_language = "en"
    db.session.commit()
    make_course(company, start, AgreementStatus.APPROVED)
    run_due(date(2027, 3, 31) - timedelta(days=7))  # a week before the plan's deadline
    [message] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "deadline_plan"))
    assert "31 March 2027" in message.body_text
    assert not OTHER_STYLES.search(message.body_text)
