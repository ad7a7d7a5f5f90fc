"""The migrations build the schema the models describe, both ways."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from igu_admin.extensions import db
from igu_admin.models import Base, Municipality
from tests.conftest import fresh_database, make_app


def _diff() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "render_as_batch": True})
        return compare_metadata(context, Base.metadata)


def test_no_model_change_without_a_migration(app) -> None:
    assert _diff() == []


def test_upgrade_downgrade_upgrade_on_a_fresh_database(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            upgrade()
            assert set(inspect(db.engine).get_table_names()) >= set(Base.metadata.tables)
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade()
            assert _diff() == []
            assert db.session.scalar(select(func.count()).select_from(Municipality)) == 98
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize(("code", "name"), [("101", "København"), ("751", "Aarhus"),
                                            ("851", "Aalborg"), ("400", "Bornholm")])
def test_the_98_municipalities_come_with_their_official_codes(app, code: str, name: str) -> None:
    assert db.session.get(Municipality, code).name == name
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 98


def test_igu_admin_db_check_finds_nothing_to_migrate(app) -> None:
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_migrations_import_no_application_code_that_may_change() -> None:
    """History must not change when the app does: each revision owns its data."""
    import ast

    versions = Path(__file__).parents[2] / "migrations" / "versions"
    for path in versions.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.startswith("igu_admin") for n in names), path.name


def test_agreements_made_before_keep_their_facts_and_trainee(backend: str, tmp_path: Path) -> None:
    """A contract with a worded snapshot becomes an agreement holding the facts
    as facts, and the trainee as typed (copied from the trainee record)."""
    from sqlalchemy import text

    with fresh_database(backend, tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            upgrade(revision="0001")
            snapshot = ('{"eligible": true, "criteria": [{"code": "target_group", "value": '
                        '"refugee"}, {"code": "previous_igu", "value": false}, '
                        '{"code": "recent_employment", "value": true}]}')
            for statement in (
                    "INSERT INTO company VALUES (1, '31415926', 'X', '', '', '', true, '101', "
                    "'2026-01-01')",
                    "INSERT INTO trainee VALUES (1, 'Amal', 'Test', :cpr, 'hash', '1990-01-01', "
                    "'a@example.org', '', 'Vej 1', '1000', 'København', '101', '2026-01-01')",
                    "INSERT INTO contract (id, company_id, trainee_id, municipality_code, status, "
                    "ruleset_code, start_date, job_title, collective_agreement, wage_basis, "
                    "version, created_at, updated_at, eligibility_snapshot) VALUES (7, 1, 1, "
                    "'101', 'submitted', 'igu-2016', '2026-01-01', '', '', '', 3, '2026-01-01', "
                    "'2026-01-01', :snapshot)"):
                db.session.execute(text(statement), {"cpr": b"\x00", "snapshot": snapshot})
            db.session.commit()
            upgrade()
            row = db.session.execute(text(
                "SELECT target_group, previous_igu, recent_ordinary_employment, lock_version, "
                "trainee_name, trainee_address, trainee_cpr_hash FROM agreement WHERE id = 7")).one()
            assert tuple(row) == ("refugee", False, True, 3, "Amal Test",
                                  "Vej 1 1000 København", "hash")
            db.session.remove()
            db.engine.dispose()
