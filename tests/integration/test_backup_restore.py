"""A backup is only as good as its restore: the database dumped with
pg_dump (custom format), restored with pg_restore into an empty database,
and igu-admin on the restored copy is ready (database, migrations at head,
rules), reads every CPR number with the same key, finds the trainee by it,
and serves the stored PDFs byte for byte. The procedure is the one
docs/operations.md gives."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from igu_admin.bench.records import submitted_agreement
from igu_admin.core.cpr_vault import vault
from igu_admin.core.readiness import readiness
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementVersion
from igu_admin.services.agreements.trainees import find_by_cpr
from igu_admin.testing.databases import throwaway_database
from tests.conftest import PG_URL, make_app


def _libpq(url: str) -> str:
    """The URL as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def test_a_dump_restored_into_an_empty_database_serves_the_same_records(app, tmp_path: Path,
                                                                        database_url: str) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("pg_dump and pg_restore are PostgreSQL's; SQLite is a file to copy")
    version, _token = submitted_agreement()
    db.session.commit()
    agreement = version.agreement
    cpr = vault().decrypt(agreement.trainee_cpr_encrypted)
    pdfs = {v.number: hashlib.sha256(v.pdf).hexdigest() for v in agreement.versions}
    dump = tmp_path / "igu.dump"
    subprocess.run(["pg_dump", "--format=custom", "--file", str(dump), _libpq(database_url)],
                   check=True, capture_output=True)
    with throwaway_database(PG_URL, name="igu_restored") as restored_url:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname",
                        _libpq(restored_url), str(dump)], check=True, capture_output=True)
        restored = make_app(restored_url)
        with restored.app_context():
            assert readiness() == {"database": "ok", "migrations": "ok", "rules": "ok"}
            again = db.session.get(Agreement, agreement.id)
            assert again is not None
            assert vault().decrypt(again.trainee_cpr_encrypted) == cpr
            assert find_by_cpr(cpr) is not None
            versions = db.session.scalars(select(AgreementVersion).where(
                AgreementVersion.agreement_id == agreement.id))
            assert {v.number: hashlib.sha256(v.pdf).hexdigest() for v in versions} == pdfs
            db.session.remove()
            db.engine.dispose()
