"""Every page a user reaches by following links, in one language, from the demo
data: what a new user meets in each role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask.testing import FlaskClient

from tests.conftest import csrf_token
from tests.page_text import same_site_links, visible_text

# Not pages: the session, the language switch, files and the JSON API.
_SKIP_PREFIXES = ("/logout", "/language/", "/api/", "/static/")
_FILE_ENDINGS = (".pdf", ".xlsx", ".ics", ".csv", ".json", ".zip", ".png", ".jpg")
START_PAGES = ("/", "/login", "/eligibility", "/accessibility", "/account/api-keys", "/employer/",
               "/employer/claims", "/caseworker/", "/finance/", "/finance/calendar",
               "/admin/", "/admin/users", "/admin/companies", "/admin/rules")


@dataclass(frozen=True)
class Page:
    path: str
    html: str

    @property
    def text(self) -> str:
        return visible_text(self.html)


def _followed(path: str) -> bool:
    bare = path.split("?", 1)[0]
    return not bare.startswith(_SKIP_PREFIXES) and not bare.endswith(_FILE_ENDINGS)


def crawl(client: FlaskClient, limit: int = 250) -> Iterator[Page]:
    """The HTML pages this client may open, from START_PAGES, by their links
    (each path once; one page per path with another query string only when
    its path is new, so a list's pages and filters are not read one by one)."""
    seen_paths: set[str] = set()
    queue = list(START_PAGES)
    visited: set[str] = set()
    while queue and len(visited) < limit:
        path = queue.pop(0)
        bare = path.split("?", 1)[0]
        if path in visited or (path != bare and bare in seen_paths):
            continue
        visited.add(path)
        seen_paths.add(bare)
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        yield Page(path, html)
        queue.extend(link for link in same_site_links(html, f"http://localhost{path}")
                     if _followed(link) and link not in visited)


ELIGIBILITY_FORM = {"start_date": "03.03.2025", "birth_date": "01.06.1995", "cpr": "",
                    "registered_since": "10-01-2022", "target_group": "refugee",
                    "previous_igu": "no", "recent_ordinary_employment": "no"}


def answer_pages(client: FlaskClient) -> Iterator[Page]:
    """The pages a form answers with: the eligibility answer (yes, no, and one
    with errors) and a failed login."""
    for changes in ({}, {"birth_date": "03.03.1960"}, {"start_date": "31.02.2025", "cpr": "1"}):
        data = {**ELIGIBILITY_FORM, **changes, "csrf_token": csrf_token(client, "/eligibility")}
        yield Page("POST /eligibility", client.post("/eligibility", data=data).get_data(
            as_text=True))
    data = {"email": "nobody@example.dk", "password": "wrong-password",
            "csrf_token": csrf_token(client, "/login")}
    yield Page("POST /login", client.post("/login", data=data).get_data(as_text=True))
