"""Two servers and two schedulers on one PostgreSQL database, one of each
killed in the middle of a load: nothing is lost or done twice.

The installation as production runs it, in small: two gunicorn servers of
two workers each (`igu_admin.wsgi:app`, no preload) and two `igu-admin
scheduler` processes, all on one PostgreSQL database of the test's own
(migrated by `igu-admin db upgrade`), the rate limits in the local Redis
under a key prefix of this run, e-mail by SMTP to a sink in this process.
The schedulers' every-minute jobs run every second here
(IGU_SCHEDULER_TICK_SECONDS); the daily work is run by two `igu-admin
run-due` processes started together, as two schedulers' 05:30 runs would meet.

A few threads run flows through the servers in turn: an agreement created,
submitted and approved through the JSON API, its PDF downloaded, a login
through the pages. Half-way one server (its master and workers, SIGKILL to
the process group) and one scheduler are killed; the flows go on on the
other server. Then the database and the sink are checked.

PostgreSQL only (SKIP LOCKED, advisory locks and several processes are what
it is about); it makes its own database, so it runs once, not per backend.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, create_engine, text

from igu_admin.config import database_url
from igu_admin.testing.databases import throwaway_database
from igu_admin.testing.reviews import review_agreement
from tests.servers import REDIS_URL, forget_keys, free_port, redis_or_skip, wait_until_healthy
from tests.smtp_sink import SmtpSink

PG_URL = os.environ.get("IGU_TEST_DATABASE_URL")
pytestmark = pytest.mark.skipif(
    not PG_URL, reason="PostgreSQL only: set IGU_TEST_DATABASE_URL (several processes on one "
                       "database, SKIP LOCKED and advisory locks are what this tests)")

ROOT = Path(__file__).parents[2]
IGU_ADMIN = str(Path(sys.executable).parent / "igu-admin")
EMPLOYER = "arbejdsgiver@demo.igu-admin.dk"
CASEWORKER = "sagsbehandler@demo.igu-admin.dk"
API = "/api/v1"
LOGIN_LIMIT = 4
FAILED_LOGINS = 3 * LOGIN_LIMIT
THREADS = 3
FLOWS_PER_THREAD = 4
# The load comes from one loopback address, the failed logins from another:
# the login limit counts per client address.
LOAD_ADDRESS, GUESSER_ADDRESS = "127.0.0.1", "127.0.0.2"
# Bounded waits (polling, never a timed assertion).
DRAIN_POLLS = 600
POLL_SECONDS = 0.1
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# --- processes -------------------------------------------------------------------------

def _environment(tmp_path: Path, url: str, sink: SmtpSink, prefix: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("IGU_")}
    env.update({
        "IGU_ENV": "development", "IGU_INSTANCE_PATH": str(tmp_path / "instance"),
        "IGU_DATABASE_URL": url, "IGU_DATA_KEY": Fernet.generate_key().decode(),
        "IGU_SECRET_KEY": uuid.uuid4().hex + uuid.uuid4().hex,
        "IGU_BASE_URL": "http://igu.example.test",
        "IGU_RATELIMIT_STORAGE_URI": REDIS_URL, "IGU_RATELIMIT_KEY_PREFIX": prefix,
        "IGU_LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per hour",
        # The lock per account stays out of the way: every guess names its own e-mail.
        "IGU_LOGIN_MAX_FAILURES": "100",
        "IGU_SMTP_HOST": "127.0.0.1", "IGU_SMTP_PORT": str(sink.port),
        "IGU_SMTP_STARTTLS": "false",
        "IGU_SCHEDULER_TICK_SECONDS": "1"})
    return env


def _igu_admin(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([IGU_ADMIN, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, f"igu-admin {' '.join(args)}: {done.stderr[-3000:]}"
    return done.stdout


def _tokens(env: dict[str, str], emails: tuple[str, ...]) -> dict[str, str]:
    """An API token for each user (made at once): `api-token create` prints it last."""
    runs = {email: subprocess.Popen(
        [IGU_ADMIN, "api-token", "create", "--email", email, "--label", "two servers"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for email in emails}
    tokens = {}
    for email, run in runs.items():
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err[-3000:]
        tokens[email] = out.strip().splitlines()[-1]
    return tokens


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def kill(self) -> None:
        """SIGKILL to its process group: a gunicorn master and its workers at once."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def _started(name: str, command: list[str], env: dict[str, str],
             folder: Path) -> Iterator[Process]:
    """The command in a process group of its own, its output in a log file;
    stopped when the block ends, if still running."""
    log = folder / f"{name}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                 stderr=subprocess.STDOUT, start_new_session=True)
    process = Process(name, popen, log)
    try:
        yield process
    finally:
        process.stop()


def _server(stack: ExitStack, name: str, env: dict[str, str], folder: Path) -> tuple[int, Process]:
    port = free_port()
    process = stack.enter_context(_started(
        name, [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
               "--timeout", "120", "igu_admin.wsgi:app"], env, folder))
    return port, process


# --- requests --------------------------------------------------------------------------

@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def _call(port: int, method: str, path: str, *, body: bytes | None = None,
          headers: dict[str, str] | None = None, source: str = LOAD_ADDRESS) -> Reply:
    """One request on a connection of its own (so that a killed server fails
    only the requests sent to it)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120,
                                            source_address=(source, 0))
    try:
        connection.request(method, path, body=body,
                           headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()


def _form(fields: dict[str, str], cookie: str) -> dict[str, Any]:
    return {"body": urlencode(fields).encode(),
            "headers": {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}}


@dataclass
class Outcome:
    """One request of the load: where it went and what came back."""

    step: str
    port: int
    status: int | None = None
    error: str = ""
    after_kill: bool = False
    agreement_id: int | None = None


class Load:
    """The flows, their requests spread over the live servers in turn."""

    def __init__(self, ports: list[int], tokens: dict[str, str], password: str) -> None:
        self.live = list(ports)
        self.tokens = tokens
        self.password = password
        self.outcomes: list[Outcome] = []
        self.flows_done = 0
        self.created: list[int] = []
        self.errors: list[BaseException] = []
        self.killed: int | None = None
        self._turn = itertools.count()
        self._cpr = itertools.count(1000)
        self._lock = threading.Lock()

    def next_port(self) -> int:
        with self._lock:
            return self.live[next(self._turn) % len(self.live)]

    def take_down(self, port: int) -> None:
        """From now on no request is sent to `port` (those on their way fail)."""
        with self._lock:
            self.killed = port
            self.live.remove(port)

    def _send(self, step: str, method: str, path: str, expected: int, *,
              agreement_id: int | None = None, **request: Any) -> Reply | None:
        port = self.next_port()
        outcome = Outcome(step, port, agreement_id=agreement_id)
        try:
            reply = _call(port, method, path, **request)
        except (OSError, http.client.HTTPException) as error:
            outcome.error = type(error).__name__
            reply = None
        else:
            outcome.status = reply.status
        with self._lock:
            outcome.after_kill = self.killed is not None
            self.outcomes.append(outcome)
        return reply if reply is not None and reply.status == expected else None

    def _api(self, step: str, who: str, method: str, path: str, expected: int,
             payload: dict[str, Any] | None = None,
             agreement_id: int | None = None) -> dict[str, Any] | None:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        body = None
        if payload is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(payload).encode()
        reply = self._send(step, method, path, expected, agreement_id=agreement_id,
                           body=body, headers=headers)
        if reply is None:
            return None
        if reply.headers.get_content_type() == "application/json":
            return dict(reply.json())
        return {"bytes": reply.body}

    def flow(self) -> None:
        """An agreement made, submitted, approved and downloaded, and a login;
        a flow whose request failed stops there (the next flow starts anew)."""
        with self._lock:
            cpr = f"150596-{next(self._cpr):04d}"
        self._login()
        made = self._api("create", EMPLOYER, "POST", f"{API}/agreements", 201,
                         review_agreement(cpr=cpr))
        if made is not None:
            number = int(made["id"])
            with self._lock:
                self.created.append(number)
            submitted = self._api("submit", EMPLOYER, "POST", f"{API}/agreements/{number}/submit",
                                  200, {"lock_version": made["lock_version"]}, number)
            decided = submitted and self._api(
                "approve", CASEWORKER, "POST", f"{API}/agreements/{number}/decision", 200,
                {"decision": "approve", "lock_version": submitted["lock_version"]}, number)
            pdf = decided and self._api("download", CASEWORKER, "GET",
                                        f"{API}/agreements/{number}/pdf", 200,
                                        agreement_id=number)
            if pdf:
                assert pdf["bytes"].startswith(b"%PDF")
        with self._lock:
            self.flows_done += 1

    def _login(self) -> None:
        """The login form from one server, the login to the next: the session
        and its CSRF token hold across servers (one IGU_SECRET_KEY)."""
        form = self._send("login-form", "GET", "/login", 200)
        if form is None:
            return
        token = CSRF_FIELD.search(form.body.decode())
        assert token is not None
        cookie = (form.headers.get("Set-Cookie") or "").split(";", 1)[0]
        self._send("login", "POST", "/login", 302, **_form(
            {"csrf_token": token.group(1), "email": EMPLOYER, "password": self.password},
            cookie))

    def run(self) -> None:
        """A thread's flows; what went wrong in it kept for the test to raise."""
        try:
            for _ in range(FLOWS_PER_THREAD):
                self.flow()
        except BaseException as error:  # a thread's exception would otherwise only be printed
            with self._lock:
                self.errors.append(error)


EXPECTED = {"login-form": 200, "login": 302, "create": 201, "submit": 200, "approve": 200,
            "download": 200}


def _failed_logins(ports: list[int]) -> list[int]:
    """FAILED_LOGINS failed logins from one address (not the load's), to the
    servers in turn, each with the form of the server before."""
    statuses = []
    for attempt in range(FAILED_LOGINS):
        port, other = ports[attempt % 2], ports[(attempt + 1) % 2]
        form = _call(other, "GET", "/login", source=GUESSER_ADDRESS)
        token = CSRF_FIELD.search(form.body.decode())
        assert token is not None
        cookie = (form.headers.get("Set-Cookie") or "").split(";", 1)[0]
        reply = _call(port, "POST", "/login", source=GUESSER_ADDRESS, **_form(
            {"csrf_token": token.group(1), "email": f"gaet{attempt}@example.dk",
             "password": "forkert-kodeord"}, cookie))
        statuses.append(reply.status)
    return statuses


# --- the database and the sink ---------------------------------------------------------

def _rows(engine: Engine, sql: str, **params: Any) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(text(sql), params))


def _scalar(engine: Engine, sql: str, **params: Any) -> Any:
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def _wait_until(condition: Any, what: str, processes: list[Process]) -> None:
    """Poll `condition` until it holds, at most DRAIN_POLLS times."""
    stopped = threading.Event()
    for _ in range(DRAIN_POLLS):
        if condition():
            return
        stopped.wait(POLL_SECONDS)
    logs = "\n".join(f"--- {p.name}\n{p.tail()}" for p in processes)
    raise AssertionError(f"never came: {what}\n{logs}")


def _message_ids(sink: SmtpSink) -> Counter[str]:
    return Counter(str(message_from_bytes(received.data)["Message-ID"])
                   for received in list(sink.messages))


def _outbox_ids(engine: Engine) -> set[str]:
    """The Message-ID of each message the outbox marks sent (mail_delivery.as_email's)."""
    return {f"<igu-{row.id}.{int(row.created_at.timestamp())}@localhost>"
            for row in _rows(engine, "SELECT id, created_at FROM outbox_message "
                                     "WHERE sent_at IS NOT NULL")}


def _run_due_twice_at_once(env: dict[str, str], as_of: date) -> list[dict[str, Any]]:
    """The daily work for `as_of` by two processes started together, as two
    schedulers' morning runs would meet; each one's report."""
    command = [IGU_ADMIN, "run-due", "--as-of", as_of.isoformat(), "--json"]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    reports = []
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err[-3000:]
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports


# --- the test --------------------------------------------------------------------------

def test_two_servers_and_two_schedulers_lose_nothing_and_do_nothing_twice(
        tmp_path: Path) -> None:
    store = redis_or_skip()
    prefix = f"igu-test-{uuid.uuid4().hex}"
    sink = SmtpSink()
    assert PG_URL is not None
    with ExitStack() as stack:
        stack.callback(sink.close)
        stack.callback(forget_keys, store, prefix)
        url = stack.enter_context(throwaway_database(PG_URL, name="igu_two_servers"))
        engine = create_engine(database_url(url))
        stack.callback(engine.dispose)
        env = _environment(tmp_path, url, sink, prefix)
        _igu_admin(env, "db", "upgrade")
        # The servers and the schedulers start while the demo data and the tokens are made.
        (port_a, server_a), (port_b, server_b) = (
            _server(stack, name, env, tmp_path) for name in ("server-a", "server-b"))
        schedulers = [stack.enter_context(_started(
            name, [IGU_ADMIN, "scheduler"], env, tmp_path))
            for name in ("scheduler-a", "scheduler-b")]
        processes = [server_a, server_b, *schedulers]
        demo = _igu_admin(env, "demo-data")
        password = next(line.split()[-1] for line in demo.splitlines() if EMPLOYER in line)
        tokens = _tokens(env, (EMPLOYER, CASEWORKER))
        for port, server in ((port_a, server_a), (port_b, server_b)):
            wait_until_healthy(server.popen, port, server.tail)

        # The login limit counts over both servers (in Redis).
        guesses = _failed_logins([port_a, port_b])

        demo_agreements = {row.id for row in _rows(engine, "SELECT id FROM agreement")}
        load = Load([port_a, port_b], tokens, password)
        threads = [threading.Thread(target=load.run, daemon=True) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        half = THREADS * FLOWS_PER_THREAD // 2
        _wait_until(lambda: load.flows_done >= half or not any(t.is_alive() for t in threads),
                    "half the flows done", processes)
        load.take_down(port_b)
        server_b.kill()
        schedulers[1].kill()
        for thread in threads:
            thread.join(timeout=600)
            assert not thread.is_alive()
        if load.errors:
            raise load.errors[0]
        survivors = [server_a, schedulers[0]]
        assert all(p.popen.poll() is None for p in survivors), [p.tail() for p in survivors]

        # The daily work, far enough ahead that every course started and every claim is due.
        scheduled = {row.id: row.due_date for row in _rows(
            engine, "SELECT id, due_date FROM bonus_claim WHERE status = 'scheduled'")}
        as_of = max([*scheduled.values(), date.today()]) + timedelta(days=1)
        starting = {row.id for row in _rows(
            engine, "SELECT id FROM agreement WHERE status = 'approved' AND start_date <= :day",
            day=as_of)}
        reports = _run_due_twice_at_once(env, as_of)

        # The surviving scheduler sends every message and renders every approved copy.
        def drained() -> bool:
            pending = _scalar(engine, "SELECT count(*) FROM outbox_message WHERE sent_at IS NULL")
            unrendered = _scalar(engine, """
                SELECT count(*) FROM decision d
                WHERE d.kind = 'approve' AND d.subject = 'agreement' AND NOT EXISTS (
                    SELECT 1 FROM approved_pdf p WHERE p.agreement_id = d.agreement_id
                    AND p.subject = 'agreement' AND p.version_number = d.version_number)""")
            return pending == 0 and unrendered == 0 and (
                set(_message_ids(sink)) >= _outbox_ids(engine))
        _wait_until(drained, "every e-mail sent and every approved copy rendered", processes)

        _check_requests(load, port_b, engine, demo_agreements)
        _check_mail(sink, engine)
        _check_claims_and_courses(engine, scheduled, starting, reports)
        _check_documents(engine)
        assert guesses == [200] * LOGIN_LIMIT + [429] * (FAILED_LOGINS - LOGIN_LIMIT)


def _check_requests(load: Load, killed: int, engine: Engine, before: set[int]) -> None:
    """Every request answered as expected, or (only on the killed server,
    only from the kill on) not at all; every answered one is in the database,
    and the database holds nothing more than the requests in flight made."""
    outcomes = load.outcomes
    unexpected = [o for o in outcomes if o.status is not None and o.status != EXPECTED[o.step]]
    assert not unexpected, unexpected
    lost = [o for o in outcomes if o.status is None]
    assert all(o.port == killed and o.after_kill for o in lost), lost
    answered = [o for o in outcomes if o.status is not None]
    assert {o.port for o in answered} == {killed, load.live[0]}
    assert any(o.port == load.live[0] and o.after_kill for o in answered)
    done = Counter((o.step, o.agreement_id) for o in answered)
    in_flight = Counter(o.step for o in lost)

    agreements = {row.id for row in _rows(engine, "SELECT id FROM agreement")} - before
    assert set(load.created) <= agreements
    assert len(agreements) <= len(load.created) + in_flight["create"]
    events = Counter((row.entity_id, row.action) for row in _rows(
        engine, "SELECT entity_id, action FROM audit_event WHERE entity_type = 'agreement'"))
    for (step, number), count in done.items():
        if step in ("submit", "approve"):
            assert events[(str(number), step)] == 1, (step, number)
        if step == "download":
            assert events[(str(number), "download")] >= count
    # A submission answered, or one whose answer the kill took, is whole.
    for number in {o.agreement_id for o in outcomes if o.step == "submit"}:
        submitted = events[(str(number), "submit")]
        versions = _rows(engine, "SELECT number, pdf IS NOT NULL AS has_pdf FROM "
                                 "agreement_version WHERE agreement_id = :id", id=number)
        assert [(v.number, v.has_pdf) for v in versions] == [(1, True)] * submitted, number


def _check_mail(sink: SmtpSink, engine: Engine) -> None:
    """Every message sent reached the sink, none that was not sent; a
    message reaches it once, but for the one a killed scheduler may have had
    on its way (delivery is at least once: it comes again with its Message-ID)."""
    received = _message_ids(sink)
    sent = _outbox_ids(engine)
    assert set(received) == sent
    assert sum(received.values()) - len(received) <= 1, [m for m, n in received.items() if n > 1]
    assert _scalar(engine, "SELECT count(*) FROM outbox_message WHERE sent_at IS NULL") == 0
    # Sent and failed at once, never: a sent message keeps no error.
    assert _scalar(engine, "SELECT count(*) FROM outbox_message "
                           "WHERE sent_at IS NOT NULL AND last_error IS NOT NULL") == 0
    assert sent


def _check_claims_and_courses(engine: Engine, scheduled: dict[int, date], starting: set[int],
                              reports: list[dict[str, Any]]) -> None:
    """Each claim moved once (one audit event), each course started once,
    and the two runs' counts add up to that."""
    assert scheduled and starting
    moves = Counter(int(row.entity_id) for row in _rows(
        engine, "SELECT entity_id FROM audit_event WHERE entity_type = 'claim' "
                "AND action IN ('fall_due', 'cancel')"))
    assert {claim: moves[claim] for claim in scheduled} == dict.fromkeys(scheduled, 1)
    assert _scalar(engine, "SELECT count(*) FROM bonus_claim WHERE status = 'scheduled'") == 0
    assert sum(r["due"] + r["cancelled"] for r in reports) == len(scheduled)
    started = Counter(int(row.entity_id) for row in _rows(
        engine, "SELECT entity_id FROM audit_event WHERE entity_type = 'agreement' "
                "AND action = 'activate'"))
    assert {number: started[number] for number in starting} == dict.fromkeys(starting, 1)
    assert sum(r["activated"] for r in reports) == len(starting)


def _check_documents(engine: Engine) -> None:
    """One approved copy per approval, one approval event per approval decision."""
    copies = Counter((row.agreement_id, row.subject, row.version_number) for row in _rows(
        engine, "SELECT agreement_id, subject, version_number FROM approved_pdf"))
    decisions = _rows(engine, "SELECT agreement_id, subject, version_number FROM decision "
                              "WHERE kind = 'approve'")
    assert copies and set(copies.values()) == {1}
    assert set(copies) == {(d.agreement_id, d.subject, d.version_number) for d in decisions}
    approvals = Counter(int(row.entity_id) for row in _rows(
        engine, "SELECT entity_id FROM audit_event WHERE entity_type = 'agreement' "
                "AND action = 'approve'"))
    agreement_decisions = Counter(d.agreement_id for d in decisions if d.subject == "agreement")
    assert approvals == agreement_decisions
