"""Where the database is, how to connect to it, and its schema version (Alembic).

URL resolution: an explicit ``--db URL`` wins; otherwise the ``SLALEDGER_DB`` environment
variable; otherwise a SQLite file ``slaledger.db`` in the user's data directory
(``platformdirs.user_data_dir("slaledger")``). A bare path (no ``://``) is read as a
SQLite file. ``postgresql://`` URLs use the psycopg 3 driver.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

ENV_VAR = "SLALEDGER_DB"
MIGRATIONS = Path(__file__).with_name("migrations")


def default_url() -> str:
    """The database URL when none is given: ``SLALEDGER_DB``, else a file in the data dir."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return normalise_url(configured)
    folder = Path(platformdirs.user_data_dir("slaledger"))
    return f"sqlite:///{folder / 'slaledger.db'}"


def resolve_url(url: str | None) -> str:
    """``url`` when given (normalised), else ``default_url()``."""
    return normalise_url(url) if url else default_url()


def normalise_url(url: str) -> str:
    """A bare path becomes a SQLite URL; ``postgresql://`` gets the psycopg 3 driver."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str | None = None, **options: Any) -> Engine:
    """An engine for ``url`` (or the default one); SQLite gets foreign keys and its folder."""
    resolved = resolve_url(url)
    parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(resolved, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    options.setdefault("pool_pre_ping", True)
    return create_engine(resolved, **options)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration built in code (no alembic.ini needed at runtime)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", resolve_url(url).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision`` (the latest by default)."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    """Migrate the database at ``url`` down to ``revision`` (``base``: no tables left)."""
    command.downgrade(alembic_config(url), revision)


def current(url: str | None = None) -> str | None:
    """The schema revision of the database at ``url`` (None: not migrated)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def known_revisions() -> set[str]:
    """Every revision the package ships."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {script.revision for script in scripts.walk_revisions()}


def head() -> str:
    """The latest revision the package ships."""
    from alembic.script import ScriptDirectory

    revision = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    if revision is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError("no migration found")
    return revision
