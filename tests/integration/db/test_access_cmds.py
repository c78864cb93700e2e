"""``sla users deactivate|reactivate|reset-password``, ``sla tokens feed|feeds|revoke-feed``
and ``sla contracts upload`` end to end (adapters/cli/access_cmds)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from slaledger.adapters.cli.main import cli
from slaledger.adapters.db.store import Store, session_factory

ROOT = Path(__file__).resolve().parents[3]
CLEAN = ROOT / "tests" / "fixtures" / "contracts" / "invented-clean.yaml"


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.output


def _ready(url: str) -> str:
    """A migrated database with the clean contract and a viewer holding an API token."""
    assert _run("db", "upgrade", "--db", url)[0] == 0
    code, out = _run("contracts", "upload", str(CLEAN), "--db", url)
    assert code == 0, out
    assert "northwind-hosting-clean: version 1" in out
    _run(
        "users",
        "add",
        "it@contoso.test",
        "--role",
        "customer-viewer",
        "--customer",
        "Contoso AG",
        "--db",
        url,
    )
    code, out = _run("tokens", "create", "it@contoso.test", "--db", url)
    return out.strip().splitlines()[-1]


def _check(url: str, token: str | None = None, password: str | None = None) -> object:
    factory = session_factory(url)
    try:
        with factory() as session:
            store = Store(session)
            if token is not None:
                return store.authenticate_token(token)
            return store.authenticate_password("it@contoso.test", password or "")
    finally:
        factory.kw["bind"].dispose()


def test_deactivate_closes_the_tokens_and_reactivate_opens_them(database_url: str) -> None:
    """Before: ``sla users`` could not deactivate anyone."""
    token = _ready(database_url)
    assert _check(database_url, token=token) is not None
    code, out = _run("users", "deactivate", "it@contoso.test", "--db", database_url)
    assert code == 0, out
    assert "deactivated" in out
    assert _check(database_url, token=token) is None
    assert _run("users", "reactivate", "it@contoso.test", "--db", database_url)[0] == 0
    assert _check(database_url, token=token) is not None


def test_reset_password_from_stdin_or_random(database_url: str) -> None:
    _ready(database_url)
    code, out = _run(
        "users",
        "reset-password",
        "it@contoso.test",
        "--password-stdin",
        "--db",
        database_url,
        stdin="a new secret\n",
    )
    assert code == 0, out
    assert _check(database_url, password="a new secret") is not None
    code, out = _run("users", "reset-password", "it@contoso.test", "--db", database_url)
    assert code == 0, out
    shown = out.strip().splitlines()[-1]
    assert _check(database_url, password="a new secret") is None
    assert _check(database_url, password=shown) is not None
    code, out = _run("users", "reset-password", "nobody@x.test", "--db", database_url)
    assert code == 1
    assert "no user nobody@x.test" in out


def test_feed_tokens_are_created_listed_and_revoked(database_url: str) -> None:
    _ready(database_url)
    code, out = _run(
        "tokens",
        "feed",
        "it@contoso.test",
        "--contract",
        "northwind-hosting-clean",
        "--name",
        "outlook",
        "--db",
        database_url,
    )
    assert code == 0, out
    address = out.strip().splitlines()[-1]
    assert address.startswith("/feeds/northwind-hosting-clean/obligations.ics?token=slf_")
    code, out = _run("tokens", "feeds", "--db", database_url)
    assert "northwind-hosting-clean\toutlook\tactive" in out
    assert address.rsplit("=", 1)[1] not in out  # the prefix only
    assert _run("tokens", "revoke-feed", "1", "--db", database_url)[0] == 0
    assert "revoked" in _run("tokens", "feeds", "--db", database_url)[1]


def test_a_viewer_gets_no_feed_token_for_another_customer_s_contract(database_url: str) -> None:
    _ready(database_url)
    _run("users", "add", "it@other.test", "--role", "provider-agent", "--db", database_url)
    factory = session_factory(database_url)
    with Store.transaction(factory, actor="test") as store:
        store.ensure_customer("Fabrikam SA")
    factory.kw["bind"].dispose()
    _run(
        "users",
        "add",
        "it@fabrikam.test",
        "--role",
        "customer-viewer",
        "--customer",
        "Fabrikam SA",
        "--db",
        database_url,
    )
    code, out = _run(
        "tokens",
        "feed",
        "it@fabrikam.test",
        "--contract",
        "northwind-hosting-clean",
        "--db",
        database_url,
    )
    assert code == 1
    assert "no contract 'northwind-hosting-clean'" in out


def test_contracts_upload_refuses_a_customer_change_without_the_flag(
    database_url: str, tmp_path: Path
) -> None:
    _ready(database_url)
    changed = tmp_path / "invented-clean.yaml"
    changed.write_text(
        CLEAN.read_text(encoding="utf-8").replace("{name: Contoso AG}", "{name: Fabrikam SA}"),
        encoding="utf-8",
    )
    code, out = _run("contracts", "upload", str(changed), "--db", database_url)
    assert code == 1
    assert "'Fabrikam SA'" in out
    assert "--confirm-customer-change" in out
    code, out = _run(
        "contracts", "upload", str(changed), "--confirm-customer-change", "--db", database_url
    )
    assert code == 0, out
    assert "version 2" in out
