"""Migrations: the latest one matches the models; every step upgrades and downgrades."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from procurement.extensions import MIGRATIONS, db
from tests.conftest import make_app


def test_migrations_upgrade_match_the_models_and_downgrade(backend, fresh_database, tmp_path):
    database = fresh_database(backend)
    app = make_app(database.url, str(tmp_path))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            assert compare_metadata(context, db.metadata) == []
        downgrade(revision="base")
        left = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert left == set()
        upgrade()
        assert set(sa.inspect(db.engine).get_table_names()) >= set(db.metadata.tables)
        db.engine.dispose()


def test_migrations_step_one_by_one_and_are_dated(backend, fresh_database, tmp_path):
    database = fresh_database(backend)
    app = make_app(database.url, str(tmp_path))
    config_dir = str(MIGRATIONS)
    with app.app_context():
        from alembic.config import Config

        script = ScriptDirectory.from_config(
            Config(f"{config_dir}/alembic.ini", config_args={"script_location": config_dir})
        )
        revisions = list(reversed(list(script.walk_revisions())))
        for revision in revisions:
            assert revision.path.rsplit("/", 1)[1][:8].isdigit(), revision.path  # YYYYMMDD_...
            upgrade(revision=revision.revision)
        for revision in reversed(revisions):
            downgrade(revision=revision.down_revision or "base")
        db.engine.dispose()
