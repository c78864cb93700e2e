"""A stored statement rests on the audit chain: its anchor is the chain's last entry once
its figures are read, its number carries the stored version, its customer the account."""

from __future__ import annotations

import subprocess
from pathlib import Path

from slaledger.adapters.db.audit import verify
from slaledger.adapters.db.statements import stored_statement
from slaledger.adapters.db.store import Store
from slaledger.adapters.reports.statement import render
from slaledger.domain.periods import Month
from tests.conftest import ROOT

CONTRACT = ROOT / "examples" / "contracts" / "003-previsoft.yaml"
MARCH = Month(2024, 3)


def test_a_stored_statement_is_anchored_on_the_last_audit_entry(store: Store) -> None:
    store.upload_contract(
        CONTRACT.read_text("utf-8"),
        file_name=CONTRACT.name,
        accept_lint_errors=True,
        customer="Groupe Hospitalier Est",
    )
    store.commit()
    contract = store.contract("previsoft-cgv")
    built = stored_statement(store, contract, month=MARCH)
    chain = verify(store.session)
    assert chain.ok
    assert built.anchor is not None
    assert (built.anchor.hash, built.anchor.seq) == (chain.last_hash, chain.entries)
    assert built.number == "PREVISOFT-CGV-2024-03-v1"
    [customer] = [p for p in built.contract.parties if p.role == "customer"]
    assert (customer.name, customer.account) == ("Le Client", "Groupe Hospitalier Est")
    page = render(built, language="en", format="html").decode("utf-8")
    assert chain.last_hash in page
    assert "not anchored" not in page
    assert "Groupe Hospitalier Est" in page


def test_a_new_version_moves_the_number_and_the_anchor(store: Store) -> None:
    text = CONTRACT.read_text("utf-8")
    store.upload_contract(text, file_name=CONTRACT.name, accept_lint_errors=True)
    store.commit()
    first = stored_statement(store, store.contract("previsoft-cgv"), month=MARCH)
    store.upload_contract(
        text + "\n# a second version\n", file_name=CONTRACT.name, accept_lint_errors=True
    )
    store.commit()
    second = stored_statement(store, store.contract("previsoft-cgv"), month=MARCH)
    assert (first.number, second.number) == (
        "PREVISOFT-CGV-2024-03-v1",
        "PREVISOFT-CGV-2024-03-v2",
    )
    assert first.anchor is not None
    assert second.anchor is not None
    assert second.anchor.seq > first.anchor.seq
    assert second.anchor.hash != first.anchor.hash
    # the same store read again gives the same statement number and anchor
    again = stored_statement(store, store.contract("previsoft-cgv"), month=MARCH)
    assert (again.number, again.anchor) == (second.number, second.anchor)


def test_the_statement_prints_its_anchor_as_the_verify_command_in_both_languages(
    store: Store, tmp_path: Path
) -> None:
    store.upload_contract(
        CONTRACT.read_text("utf-8"), file_name=CONTRACT.name, accept_lint_errors=True
    )
    store.commit()
    built = stored_statement(store, store.contract("previsoft-cgv"), month=MARCH)
    assert built.anchor is not None
    command = f"sla audit verify --anchor {built.anchor.seq}:{built.anchor.hash}"
    english = render(built, language="en", format="html").decode("utf-8")
    french = render(built, language="fr", format="html").decode("utf-8")
    assert command in english
    assert command in french
    assert "keep this anchor: the provider proves the log unchanged up to it" in english
    assert "conservez cet ancrage\u00a0: le fournisseur prouve" in french
    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(render(built, language="fr", format="pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
    flat = "".join(text.stdout.decode("utf-8").split())
    assert f"--anchor{built.anchor.seq}:{built.anchor.hash}" in flat
