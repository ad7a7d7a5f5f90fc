"""The trainee's sex stored beside the encrypted CPR number: filled in by
migration 0020 with the app's keys, and by `igu-admin overview backfill-sex`
for what the migration could not open."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, update

from igu_admin.core.cpr_vault import vault
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementVersion
from igu_admin.services.course import continuation
from igu_admin.testing.accounts import make_company
from igu_admin.testing.agreements import make_agreement, make_course, make_trainee
from tests.conftest import fresh_database, make_app


def sexes() -> dict[int, str | None]:
    return {i: s for i, s in db.session.execute(select(Agreement.id, Agreement.trainee_sex))}


def births() -> dict[int, date | None]:
    return {i: b for i, b in db.session.execute(select(Agreement.id,
                                                       Agreement.trainee_birth_date))}


def test_the_migration_fills_in_the_sex_with_the_apps_keys(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            upgrade()
            company = make_company("101")
            man = make_agreement(company, make_trainee("0101901231")).id
            woman = make_agreement(company, make_trainee("0202902224")).id
            broken = make_agreement(company, make_trainee("0303903335")).id
            db.session.execute(update(Agreement).where(Agreement.id == broken)
                               .values(trainee_cpr_encrypted=b"not a token"))
            first = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
            # (SQLite's batch downgrade copies the agreement table, which rows
            # referring to it forbid: the versions on PostgreSQL only.)
            versions = ((1, first), (2, first + timedelta(days=9))) \
                if backend == "postgresql" else ()
            for number, at in versions:
                db.session.add(AgreementVersion(agreement_id=man, number=number, submitted_at=at,
                                                data={}))
            db.session.commit()
            db.session.remove()
            downgrade(revision="0019")
            upgrade()
            assert sexes() == {man: "male", woman: "female", broken: None}
            # The birth date from the trainee record (the unreadable one too).
            assert births() == {man: date(1990, 1, 1), woman: date(1990, 2, 2),
                                broken: date(1990, 3, 3)}
            # The first submission: version 1's time; none without a version.
            assert dict(db.session.execute(select(Agreement.id, Agreement.first_submitted_at)
                                           ).all()) == {man: first if versions else None,
                                                        woman: None, broken: None}
            db.session.remove()
            db.engine.dispose()


def test_the_command_fills_in_what_is_left_and_names_the_unreadable(app) -> None:
    company = make_company("101")
    man = make_agreement(company, make_trainee("0101901231"))
    assert man.trainee_sex == "male"  # stored as the number is saved
    woman = make_agreement(company, make_trainee("0202902224"))
    broken = make_agreement(company, make_trainee("0303903335"))
    db.session.execute(update(Agreement).values(trainee_sex=None, trainee_birth_date=None))
    db.session.execute(update(Agreement).where(Agreement.id == broken.id)
                       .values(trainee_cpr_encrypted=b"not a token"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["overview", "backfill-sex", "--batch-size", "1"])
    assert result.exit_code == 1
    assert "2" in result.output and "0101901231" not in result.output
    db.session.expire_all()
    assert sexes() == {man.id: "male", woman.id: "female", broken.id: None}
    assert births() == {man.id: date(1990, 1, 1), woman.id: date(1990, 2, 2), broken.id: None}
    db.session.execute(update(Agreement).where(Agreement.id == broken.id)
                       .values(trainee_cpr_encrypted=vault().encrypt("0303903336")))
    db.session.commit()
    again = app.test_cli_runner().invoke(args=["overview", "backfill-sex"])
    assert again.exit_code == 0, again.output
    db.session.expire_all()
    assert sexes()[broken.id] == "female"


def test_a_continuation_carries_the_sex(app) -> None:
    ended = make_course(make_company("101"), start=date(2026, 1, 5),
                        trainee=make_trainee("0101901231"))
    ended.termination_date = date(2026, 5, 29)
    draft = continuation.start_continuation(None, ended, make_company("101"))
    assert draft.trainee_sex == "male" and draft.continues_agreement_id == ended.id
    assert draft.trainee_birth_date == date(1990, 1, 1)
