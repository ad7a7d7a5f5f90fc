"""`igu-admin keys rotate` and `keys rehash`: after a new data key is put in
front of the old one, every stored CPR number moves under it, in batches and
resumably; the look-up hashes move to IGU_CPR_HASH_KEY; afterwards an app
with the new key alone reads every number and finds every case by it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from flask import Flask
from sqlalchemy import select, update

from igu_admin.core.cpr_vault import CprVault
from igu_admin.domain.roles import SYSTEM
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import Agreement, AuditEvent, Trainee, User
from igu_admin.services import agreements, eligibility
from igu_admin.services.keys import rotation
from igu_admin.services.keys.stored import AUDIT_ENTITY, StoredCpr, StoredRow
from igu_admin.services.review import queue as review_queue
from igu_admin.services.review.queue import QueueQuery
from igu_admin.testing.reviews import review_agreement, submitted_case
from tests.conftest import DATA_KEY, make_app

OLD = DATA_KEY  # the key the test app (and so every record made here) has
NEW = Fernet.generate_key().decode()
HASH_KEY = "9c1e5a3f7b2d4e6a8c0f1b3d5e7a9c2e4f6b8d0a1c3e5f7b9d2a4c6e8f0b1d3a"
# The commands speak the app's default language, Danish.
NOT_FINISHED = "Ikke færdig"
CPRS = ("1505951234", "1605951234", "1705951234")
DRAFT_CPR = "1805951234"  # typed on a draft only: an agreement row, no trainee yet


@pytest.fixture
def other_app(app: Flask, database_url: str) -> Iterator[Callable[..., Flask]]:
    """Another app on the test's database with other key settings."""
    made: list[Flask] = []

    def make(**settings: str) -> Flask:
        db.session.commit()  # the test's own session lets go of the database
        made.append(make_app(database_url, **settings))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def _records() -> dict[str, int]:
    """Cases submitted through the services (trainee and agreement rows) and a
    draft: the ids of each CPR's agreement and of its caseworker."""
    ids: dict[str, int] = {}
    for cpr in CPRS:
        case = submitted_case(cpr)
        ids[cpr], ids["caseworker"] = case.agreement.id, case.caseworker.id
    draft = agreements.create_draft(case.employer, parse_changes(review_agreement(DRAFT_CPR)))
    ids[DRAFT_CPR] = draft.id
    return ids


def _keys(app: Flask, *args: str) -> Any:
    # In that app's context: the command would run in the test's app, whose
    # context is pushed, instead of making its own.
    with app.app_context():
        return app.test_cli_runner().invoke(args=["keys", *args])


def _tokens() -> list[bytes]:
    db.session.commit()
    return [*db.session.scalars(select(Trainee.cpr_encrypted)),
            *db.session.scalars(select(Agreement.trainee_cpr_encrypted)
                                .where(Agreement.trainee_cpr_encrypted.is_not(None)))]


def _under(key: str) -> int:
    """How many stored numbers this key alone opens."""
    return sum(CprVault([key]).under_first_key(token) for token in _tokens())


def _found(app: Flask, ids: dict[str, int]) -> dict[str, list[int]]:
    """Each number as the app reads it back, and the cases the caseworker's
    queue finds by it, and whether the eligibility check sees its recorded IGU."""
    with app.app_context():
        caseworker = db.session.get(User, ids["caseworker"])
        assert caseworker is not None
        found: dict[str, list[int]] = {}
        for cpr in (*CPRS, DRAFT_CPR):
            agreement = db.session.get(Agreement, ids[cpr])
            assert agreement is not None
            assert agreements.plain_cpr(agreement) == cpr
            if cpr != DRAFT_CPR:
                assert agreement.trainee is not None
                assert agreements.display_cpr(agreement.trainee, True) == f"{cpr[:6]}-{cpr[6:]}"
            rows = review_queue.queue(caseworker, QueueQuery(cpr=cpr)).rows
            found[cpr] = [row.agreement.id for row in rows]
            found[cpr] += [-1] if eligibility.has_recorded_igu(cpr) else []
        return found


def _all_found(ids: dict[str, int]) -> dict[str, list[int]]:
    """What _found gives when every number is searchable: its agreement in the
    queue (-1: the recorded IGU seen); the draft is in neither."""
    return {**{cpr: [ids[cpr], -1] for cpr in CPRS}, DRAFT_CPR: []}


def test_rotate_moves_every_number_under_the_new_key_alone(app, other_app) -> None:
    ids = _records()
    assert _under(OLD) == 7 and _under(NEW) == 0  # 3 trainees, 4 agreements

    result = _keys(other_app(IGU_DATA_KEY=f"{NEW},{OLD}"), "rotate", "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert "trainee: 3" in result.output and "agreement: 4" in result.output
    assert NOT_FINISHED not in result.output
    assert _under(NEW) == 7 and _under(OLD) == 0

    # The old key gone: the new one reads everything, and the hashes made
    # under the old one still find every case (IGU_CPR_HASH_KEY keeps them).
    assert _found(other_app(IGU_DATA_KEY=NEW, IGU_CPR_HASH_KEY=OLD), ids) == _all_found(ids)
    with pytest.raises(InvalidToken):
        CprVault([OLD]).decrypt(_tokens()[0])

    again = _keys(other_app(IGU_DATA_KEY=f"{NEW},{OLD}"), "rotate")
    assert again.exit_code == 0, again.output
    assert "trainee: 0" in again.output and "agreement: 0" in again.output


def test_a_rotation_stopped_after_one_batch_is_finished_by_the_next_run(app, other_app) -> None:
    ids = _records()
    both = other_app(IGU_DATA_KEY=f"{NEW},{OLD}")

    stopped = _keys(both, "rotate", "--batch-size", "1", "--max-batches", "1")
    assert stopped.exit_code == 0, stopped.output
    assert "trainee: 1" in stopped.output and "agreement: 0" in stopped.output
    assert NOT_FINISHED in stopped.output
    assert _under(NEW) == 1 and _under(OLD) == 6  # that one batch is committed

    # Meanwhile the app (both keys) reads both kinds of token.
    assert _found(both, ids) == _all_found(ids)

    finished = _keys(both, "rotate", "--batch-size", "1")
    assert finished.exit_code == 0, finished.output
    assert "trainee: 2" in finished.output and "agreement: 4" in finished.output
    assert NOT_FINISHED not in finished.output
    assert _under(NEW) == 7


def test_rehash_moves_the_lookup_hashes_to_the_hash_key(app, other_app) -> None:
    ids = _records()
    # The hash key set: the hashes stored under the old key find nothing yet.
    hashing = other_app(IGU_DATA_KEY=f"{NEW},{OLD}", IGU_CPR_HASH_KEY=HASH_KEY)
    assert _found(hashing, ids) == {cpr: [] for cpr in (*CPRS, DRAFT_CPR)}

    stopped = _keys(hashing, "rehash", "--batch-size", "1", "--max-batches", "1")
    assert stopped.exit_code == 0, stopped.output
    assert "trainee: 1" in stopped.output and NOT_FINISHED in stopped.output
    finished = _keys(hashing, "rehash", "--batch-size", "2")
    assert finished.exit_code == 0, finished.output
    assert "trainee: 2" in finished.output and "agreement: 4" in finished.output
    assert _found(hashing, ids) == _all_found(ids)

    # Rotated as well, the old key can go: the new key and the hash key do all.
    assert _keys(hashing, "rotate").exit_code == 0
    assert _found(other_app(IGU_DATA_KEY=NEW, IGU_CPR_HASH_KEY=HASH_KEY), ids) == _all_found(ids)
    # ... and the hashes no longer depend on the old key.
    assert _found(other_app(IGU_DATA_KEY=f"{NEW},{OLD}"), ids) == {
        cpr: [] for cpr in (*CPRS, DRAFT_CPR)}
    again = _keys(hashing, "rehash")
    assert "trainee: 0" in again.output and "agreement: 0" in again.output


def test_a_number_no_key_opens_stops_the_rotation_naming_table_and_row(app, other_app) -> None:
    _records()
    trainee_ids = sorted(db.session.scalars(select(Trainee.id)))
    stranger = Fernet(Fernet.generate_key()).encrypt(CPRS[1].encode())
    db.session.execute(update(Trainee).where(Trainee.id == trainee_ids[1])
                       .values(cpr_encrypted=stranger))
    db.session.commit()

    result = _keys(other_app(IGU_DATA_KEY=f"{NEW},{OLD}"), "rotate", "--batch-size", "1")
    assert result.exit_code == 1
    assert f"trainee række {trainee_ids[1]}" in result.output
    assert not any(cpr in result.output or f"{cpr[:6]}-{cpr[6:]}" in result.output
                   for cpr in CPRS)
    # The batch before it stays done; nothing after it was touched.
    vault = CprVault([NEW])
    stored = {t.id: t.cpr_encrypted for t in db.session.scalars(select(Trainee))}
    assert vault.under_first_key(stored[trainee_ids[0]])
    assert not vault.under_first_key(stored[trainee_ids[2]])
    assert _under(OLD) == 5
    failed = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == AUDIT_ENTITY, AuditEvent.action == "rotated_failed")).one()
    assert failed.after is not None
    assert failed.after["unreadable"] == {"table": "trainee", "id": trainee_ids[1]}


def test_the_key_commands_audit_their_work_as_the_system_without_a_cpr(app, other_app) -> None:
    _records()
    hashing = other_app(IGU_DATA_KEY=f"{NEW},{OLD}", IGU_CPR_HASH_KEY=HASH_KEY)
    assert _keys(hashing, "rotate", "--batch-size", "5").exit_code == 0
    assert _keys(hashing, "rehash", "--batch-size", "5").exit_code == 0

    events = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == AUDIT_ENTITY)
                                .order_by(AuditEvent.id)).all()
    assert [(e.entity_id, e.action) for e in events] == [
        ("trainee", "rotated"), ("agreement", "rotated"), ("all", "rotated_run"),
        ("trainee", "rehashed"), ("agreement", "rehashed"), ("all", "rehashed_run")]
    assert {e.actor_role for e in events} == {SYSTEM}
    assert events[2].after == {"written": {"trainee": 3, "agreement": 4}, "raced": 0,
                               "complete": True, "batch_size": 5}
    text = json.dumps([[e.before, e.after] for e in events])
    hashes = {*db.session.scalars(select(Trainee.cpr_hash))}
    assert not any(cpr in text or cpr[:6] in text for cpr in (*CPRS, DRAFT_CPR))
    assert not any(h in text for h in hashes)


def test_a_number_changed_while_rotating_is_not_overwritten(app, other_app, monkeypatch) -> None:
    ids = _records()
    draft = db.session.get(Agreement, ids[DRAFT_CPR])
    assert draft is not None
    typed_meanwhile = CprVault([NEW]).encrypt("1905951234")
    rotated = rotation._rotated

    def employer_types_first(stored: StoredCpr, row: StoredRow) -> dict[str, Any] | None:
        # Between the command's read and its write, the employer saves another
        # number on the draft (as an app already on the new key would).
        if stored.name == "agreement" and row.id == ids[DRAFT_CPR]:
            db.session.execute(update(Agreement).where(Agreement.id == row.id)
                               .values(trainee_cpr_encrypted=typed_meanwhile))
        return rotated(stored, row)

    monkeypatch.setattr(rotation, "_rotated", employer_types_first)
    result = _keys(other_app(IGU_DATA_KEY=f"{NEW},{OLD}"), "rotate")
    assert result.exit_code == 0, result.output
    assert "agreement: 3" in result.output and NOT_FINISHED in result.output
    db.session.expire_all()
    assert db.session.get(Agreement, ids[DRAFT_CPR]).trainee_cpr_encrypted == typed_meanwhile
