"""The storage commands end to end: sla db, sla users, sla tokens (adapters/cli/db_cmds)."""

from __future__ import annotations

from click.testing import CliRunner

from slaledger.adapters.cli.main import cli
from slaledger.adapters.db.engine import head
from slaledger.adapters.db.store import Store, session_factory


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.output


def test_db_upgrade_current_and_downgrade(database_url: str) -> None:
    assert "revision none" in _run("db", "current", "--db", database_url)[1]
    code, out = _run("db", "upgrade", "--db", database_url)
    assert code == 0
    assert f"at revision {head()}" in out
    assert "up to date" in _run("db", "current", "--db", database_url)[1]
    code, out = _run("db", "downgrade", "base", "--db", database_url)
    assert code == 0
    assert "at revision base" in out


def test_commands_on_a_database_not_migrated_say_to_upgrade(database_url: str) -> None:
    code, out = _run("users", "list", "--db", database_url)
    assert code == 1
    assert "sla db upgrade" in out


def test_users_and_tokens_from_the_command_line(database_url: str) -> None:
    _run("db", "upgrade", "--db", database_url)
    code, out = _run(
        "users",
        "add",
        "ana@example.com",
        "--role",
        "provider-admin",
        "--password-stdin",
        "--db",
        database_url,
        stdin="s3cret-passphrase\n",
    )
    assert code == 0, out
    code, out = _run(
        "users", "add", "v@x.example", "--role", "customer-viewer", "--db", database_url
    )
    assert code == 1
    assert "needs --customer" in out
    assert (
        "ana@example.com\tprovider-admin\tpassword"
        in _run("users", "list", "--db", database_url)[1]
    )

    code, out = _run("tokens", "create", "ana@example.com", "--name", "ci", "--db", database_url)
    assert code == 0
    secret = out.strip().splitlines()[-1]
    assert secret.startswith("sla_")
    listed = _run("tokens", "list", "--db", database_url)[1]
    assert "ci\tactive" in listed
    assert secret not in listed

    factory = session_factory(database_url)
    try:
        with factory() as session:
            store = Store(session)
            user = store.authenticate_token(secret)
            assert user is not None
            assert user.email == "ana@example.com"
            assert store.authenticate_password("ana@example.com", "s3cret-passphrase") is not None
        assert _run("tokens", "revoke", "1", "--db", database_url)[0] == 0
        assert "revoked" in _run("tokens", "list", "--db", database_url)[1]
        with factory() as session:
            assert Store(session).authenticate_token(secret) is None
    finally:
        factory.kw["bind"].dispose()
    code, out = _run("tokens", "revoke", "99", "--db", database_url)
    assert code == 1
    assert "no token 99" in out
