"""Where the database is, how to connect to it, and its schema version (Alembic).

URL resolution: an explicit ``--db URL`` wins; otherwise the ``SLALEDGER_DB`` environment
variable; otherwise a SQLite file ``slaledger.db`` in the user's data directory
(``platformdirs.user_data_dir("slaledger")``). A bare path (no ``://``) is read as a
SQLite file. ``postgresql://`` URLs use the psycopg 3 driver.

Concurrency (docs/storage.md): SQLite runs in WAL mode (readers never wait for a writer),
and a session marked by ``begin_write`` starts its transactions with ``BEGIN IMMEDIATE``:
the write lock is taken at the start, waiting up to the busy timeout, instead of failing
at once with "database is locked" when a transaction that read first tries to write. The pool size
(PostgreSQL, SQLite files) and the SQLite busy timeout come from the environment.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from slaledger.adapters.db import text_guard

if TYPE_CHECKING:
    from alembic.config import Config

ENV_VAR = "SLALEDGER_DB"
MIGRATIONS = Path(__file__).with_name("migrations")
#: the execution option that makes a SQLite transaction start with BEGIN IMMEDIATE
WRITE_OPTION = "slaledger_write"
N = TypeVar("N", int, float)


@dataclass(frozen=True)
class PoolSettings:
    """How many connections an engine keeps (``size``) and opens beyond (``overflow``),
    how long a request waits for one (``timeout`` s), and how long a SQLite writer waits
    for the write lock (``busy_timeout`` s). Defaults from ``SLALEDGER_DB_POOL_SIZE``,
    ``SLALEDGER_DB_MAX_OVERFLOW``, ``SLALEDGER_DB_POOL_TIMEOUT``,
    ``SLALEDGER_DB_BUSY_TIMEOUT``."""

    size: int = 10
    overflow: int = 10
    timeout: float = 30.0
    busy_timeout: float = 30.0

    @classmethod
    def from_env(cls) -> PoolSettings:
        return cls(
            size=_env_number("SLALEDGER_DB_POOL_SIZE", cls.size, int),
            overflow=_env_number("SLALEDGER_DB_MAX_OVERFLOW", cls.overflow, int),
            timeout=_env_number("SLALEDGER_DB_POOL_TIMEOUT", cls.timeout, float),
            busy_timeout=_env_number("SLALEDGER_DB_BUSY_TIMEOUT", cls.busy_timeout, float),
        )


def _env_number(name: str, default: N, kind: type[N]) -> N:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        raise ValueError(f"{name}: expected a number, found {text!r}") from None
    if value < 0:
        raise ValueError(f"{name}: expected a number >= 0, found {text!r}")
    return value


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


def make_engine(
    url: str | None = None, *, pool: PoolSettings | None = None, **options: Any
) -> Engine:
    """An engine for ``url`` (or the default one), its pool sized by ``pool`` (default:
    from the environment). SQLite gets its folder, foreign keys, WAL, the busy timeout
    and SQLAlchemy-emitted ``BEGIN`` / ``BEGIN IMMEDIATE`` (see ``begin_write``). Every
    engine refuses text holding a control character in any write (``text_guard``)."""
    pool = pool or PoolSettings.from_env()
    resolved = resolve_url(url)
    parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        in_memory = not database or database == ":memory:" or "mode=memory" in resolved
        if not in_memory:
            assert database is not None
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            options.setdefault("pool_size", pool.size)
            options.setdefault("max_overflow", pool.overflow)
            options.setdefault("pool_timeout", pool.timeout)
        engine = create_engine(resolved, **options)
        event.listen(engine, "connect", _sqlite_connect(pool.busy_timeout, wal=not in_memory))
        event.listen(engine, "begin", _sqlite_begin)
        text_guard.install(engine)
        return engine
    options.setdefault("pool_pre_ping", True)
    options.setdefault("pool_size", pool.size)
    options.setdefault("max_overflow", pool.overflow)
    options.setdefault("pool_timeout", pool.timeout)
    engine = create_engine(resolved, **options)
    text_guard.install(engine)
    return engine


def _sqlite_connect(busy_timeout: float, *, wal: bool) -> Callable[[Any, Any], None]:
    def connect(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return connect


def _sqlite_begin(connection: Connection) -> None:
    """A writer's transaction: ``BEGIN IMMEDIATE``, emitted here with sqlite3's own
    transaction control off. Any other: sqlite3's default, a deferred ``BEGIN`` before
    the first write — reads before it take no snapshot, so that a later write of the
    session waits for the lock (busy timeout) instead of failing on a stale snapshot."""
    dbapi = connection.connection.dbapi_connection
    if connection.get_execution_options().get(WRITE_OPTION, False):
        dbapi.isolation_level = None  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        dbapi.isolation_level = ""  # type: ignore[union-attr]


def begin_write(session: Session) -> None:
    """Make every transaction ``session`` starts from now on a writer's: on SQLite each
    takes the write lock at its first statement (``BEGIN IMMEDIATE``, waiting up to the
    busy timeout), so that it cannot fail later when it upgrades from reading to writing;
    no effect on PostgreSQL. Call it before the session's first statement."""
    session.execution_options = session.execution_options.union({WRITE_OPTION: True})


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration built in code (no alembic.ini needed at runtime).
    Alembic is imported here, not with the module: every command imports the engine,
    few migrate (it is a third of a second of each command's start)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", resolve_url(url).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision`` (the latest by default)."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    """Migrate the database at ``url`` down to ``revision`` (``base``: no tables left)."""
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def current(url: str | None = None) -> str | None:
    """The schema revision of the database at ``url`` (None: not migrated)."""
    from alembic.runtime.migration import MigrationContext

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
