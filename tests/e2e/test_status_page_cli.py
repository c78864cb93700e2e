"""``sla status-page`` through click on a fresh SQLite database: set the visibility, make
a token (shown once, with the page's address), list it (its prefix only), revoke it."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from slaledger.adapters.cli.main import cli
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory
from tests.conftest import ROOT


def test_an_admin_sets_the_page_and_manages_its_tokens(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    factory = session_factory(url)
    with Store.transaction(factory, actor="tests") as store:
        store.upload_contract_file(
            str(ROOT / "examples/contracts/001-saas-annexes.yaml"), accept_lint_errors=True
        )
    factory.kw["bind"].dispose()
    runner = CliRunner()

    def sla(*args: str) -> str:
        done = runner.invoke(cli, ["status-page", *args, "--db", url])
        assert done.exit_code == 0, done.output
        return done.output

    assert sla("show", "saas-annexes") == "saas-annexes: off\n"
    assert sla("set", "saas-annexes", "--visibility", "protected") == (
        "saas-annexes: status page protected\n"
    )
    made = sla("token", "saas-annexes", "--name", "customer")
    secret = re.search(r"/status/saas-annexes\?token=(sls_\S+)", made)
    assert secret is not None
    listed = sla("tokens", "saas-annexes")
    assert "customer" in listed
    assert "live" in listed
    assert secret.group(1) not in listed  # only its prefix
    token_id = listed.split("\t")[0]
    assert "revoked" in sla("revoke", token_id)
    assert "revoked " in sla("tokens")
    refused = runner.invoke(cli, ["status-page", "set", "no-such", "--visibility", "public",
                                  "--db", url])  # fmt: skip
    assert refused.exit_code == 1
    assert "no contract 'no-such'" in refused.output
