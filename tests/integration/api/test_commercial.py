"""Commercial clauses over the API, on SQLite and PostgreSQL: invoices uploaded and the
liability caps they give (003 11.3, 004 VIII), 004's age surcharge and restitution fee,
003's volume variation, 001's credit days carried, and the caps in the statement."""

from __future__ import annotations

from tests.integration.api.conftest import ROOT, World

from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.observations import read_counts, read_maintenance

PREVISOFT = "/api/contracts/previsoft-cgv"
IMRI = "/api/contracts/imri-cgv"
SAAS = "/api/contracts/saas-annexes"
INVOICES = (ROOT / "examples" / "data" / "invoices.csv").read_bytes()
CONTRACTS = ROOT / "examples" / "contracts"
SAAS_DATA = ROOT / "examples" / "data" / "001-saas-annexes"


def _upload_invoices(world: World, contract: str, body: bytes = INVOICES, who: str = "admin"):
    return world.client.post(
        contract + "/invoices/upload",
        headers=world.headers(who),
        files={"file": ("invoices.csv", body)},
    )


def _store_contracts(world: World, *names: str, counts: bool = False) -> None:
    factory = session_factory(world.url)
    try:
        with Store.transaction(factory, actor="test") as store:
            for name in names:
                store.upload_contract_file(str(CONTRACTS / name), accept_lint_errors=True)
            if counts:
                store.import_counts("saas-annexes", read_counts(SAAS_DATA / "counts.parquet"))
                store.import_maintenance(
                    "saas-annexes", read_maintenance(SAAS_DATA / "maintenance.csv")
                )
    finally:
        factory.kw["bind"].dispose()


def test_uploaded_invoices_give_previsoft_s_liability_cap(world: World) -> None:
    """003 CGV 11.3: « le montant maximum du prix payé par le Client [...] au cours des
    douze (12) mois précédant immédiatement la violation invoquée des CGV »."""
    response = _upload_invoices(world, PREVISOFT)
    assert response.status_code == 201, response.text
    assert response.json()["rows"] == 4
    listed = world.get(PREVISOFT + "/invoices").json()
    assert [(i["invoice"], i["amount"], i["paid"]) for i in listed][:2] == [
        ("F2024-004", "3650.00", "2024-12-02"),
        ("F2024-001", "10000.00", "2024-10-10"),
    ]
    cap = world.get(PREVISOFT + "/liability", params={"at": "2025-03-10"}).json()
    [found] = cap["caps"]
    assert (found["from"], found["to"], found["cap"]) == ("2024-03-10", "2025-03-09", "14850.00")
    assert found["invoices"] == ["F2024-004", "F2024-001", "F2024-002"]  # by issue day


def test_uploading_invoices_again_updates_a_payment(world: World) -> None:
    _upload_invoices(world, PREVISOFT)
    paid = b"invoice,issued,amount,paid\nF2024-003,2024-12-02,10200.00,2025-01-20\n"
    assert _upload_invoices(world, PREVISOFT, paid).status_code == 201
    listed = {i["invoice"]: i for i in world.get(PREVISOFT + "/invoices").json()}
    assert len(listed) == 4
    assert listed["F2024-003"]["paid"] == "2025-01-20"
    cap = world.get(PREVISOFT + "/liability", params={"at": "2025-03-10"}).json()
    assert cap["caps"][0]["cap"] == "25050.00"  # F2024-003 now paid within the twelve months


def test_a_bad_invoices_file_is_refused_whole_naming_the_row(world: World) -> None:
    body = b"invoice,issued,amount\nA,2024-01-05,10\nB,2024-02-30,20\n"
    response = _upload_invoices(world, PREVISOFT, body)
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert (error["row"], error["field"]) == (2, "issued")
    assert world.get(PREVISOFT + "/invoices").json() == []


def test_only_an_admin_uploads_invoices(world: World) -> None:
    assert _upload_invoices(world, PREVISOFT, who="agent").status_code == 403
    assert _upload_invoices(world, PREVISOFT, who="viewer").status_code == 404


def test_the_stored_invoices_put_the_cap_in_the_statement(world: World) -> None:
    """003 CGV 11.3, beside the credits of the month: March 2025's statement stands on
    31 March 2025."""
    _upload_invoices(world, PREVISOFT)
    document = world.get(PREVISOFT + "/statements/2025-03").json()
    assert document["liability_on"] == "2025-03-31"
    assert document["liability"][0]["cap"] == "14850.00"
    html = world.get(PREVISOFT + "/statements/2025-03", params={"format": "html"}).text
    assert "Plafonds de responsabilité" in html


def test_imri_s_cap_surcharge_and_restitution_fee(world: World) -> None:
    """004 Article VIII « sur l'année en cours »; Article XI « une majoration de 10% pour
    les équipements de plus de 3 ans et moins de 4 ans »; Article XIV « facturé (par deux
    jours Ingénieur) : 890 euros HT / jour / ingénieur »."""
    _store_contracts(world, "004-imri.yaml")
    assert _upload_invoices(world, IMRI).status_code == 201
    cap = world.get(IMRI + "/liability", params={"at": "2024-12-01"}).json()
    assert cap["caps"][0]["cap"] == "14850.00"  # F2024-003 is issued on 2 December
    surcharge = world.get(
        IMRI + "/surcharge",
        params={"in_service": "2021-03-15", "on": "2025-01-10", "price": "1000"},
    ).json()
    assert [(s["percent"], s["amount"]) for s in surcharge["surcharges"]] == [("10", "100.00")]
    fee = world.get(IMRI + "/fees", params={"engineer_days": "3", "on": "2025-02-03"}).json()
    assert [(f["billed_days"], f["amount"]) for f in fee["fees"]] == [("4", "3560.00")]


def test_a_surcharge_the_contract_does_not_state_is_not_computable(world: World) -> None:
    response = world.get(PREVISOFT + "/surcharge", params={"in_service": "2021-03-15"})
    assert response.status_code == 422
    assert "no equipment-age surcharge" in response.json()["detail"]


def test_previsoft_s_volumes_call_for_a_new_offer(world: World) -> None:
    """003 CGV 8: « plus de deux (2) mois », « égal ou supérieur à 120% »: new offer."""
    months = ["2024-01:500", "2024-02:610", "2024-03:600", "2024-04:650"]
    params = {"contracted": "500", "volume": months}
    response = world.get(PREVISOFT + "/volumes", "viewer", params=params)
    assert response.status_code == 200, response.text
    [clause] = response.json()["clauses"]
    assert [(f["effect"], f["reached_in"]) for f in clause["findings"]] == [
        ("new-offer", "2024-04")
    ]
    twice = world.get(
        PREVISOFT + "/volumes", params={"contracted": "500", "volume": [*months, "2024-04:1"]}
    )
    assert twice.status_code == 422
    assert twice.json()["errors"][0]["field"] == "volume[4]"
    bad = world.get(PREVISOFT + "/volumes", params={"contracted": "500", "volume": "2024-13:5"})
    assert bad.status_code == 422


def test_imri_s_nomad_vpns_are_checked_against_20_percent_of_the_seats(world: World) -> None:
    """004 3.4: « les VPN nomades sont limités à 20% des postes sous contrat »."""
    _store_contracts(world, "004-imri.yaml")
    params = {"count": ["seats:25", "nomad-vpn:6"], "on": "2024-03-01"}
    response = world.get(IMRI + "/limits", params=params)
    assert response.status_code == 200, response.text
    [check] = response.json()["checks"]
    assert (check["clause"], check["allowed"], check["over_by"]) == ("nomad-vpn-limit", 5, 1)
    twice = world.get(IMRI + "/limits", params={"count": ["seats:5", "seats:6"]})
    assert twice.status_code == 422
    assert twice.json()["errors"][0]["field"] == "count[1]"
    none = world.get(PREVISOFT + "/limits", params={"count": "seats:5"})
    assert none.status_code == 422
    assert "quantity limit" in none.json()["detail"]


def test_001_carries_its_credit_days_and_names_the_blank_month(world: World) -> None:
    """001 A1 1.2: credits « exclusivement reportables au terme du Contrat »; February
    2024 (99.84 %) is in a tier whose days the contract leaves blank."""
    _store_contracts(world, "001-saas-annexes.yaml", counts=True)
    balance = world.get(SAAS + "/credits/balance", params={"month": "2024-06", "since": "2024-01"})
    assert balance.status_code == 200, balance.text
    data = balance.json()
    assert (data["days"], data["complete"], data["cash"]) == ("0", False, "0")
    assert data["undetermined_months"] == ["2024-02"]
    refused = world.get(PREVISOFT + "/credits/balance", params={"month": "2024-06"})
    assert refused.status_code == 422


def test_invoices_uploaded_are_vouched_for_and_a_changed_row_is_named(world: World) -> None:
    """``sla audit verify --data`` after invoices uploaded (then uploaded again with a
    payment day that arrived since: the rows updated): intact; an amount changed by
    SQL: that invoice row is named, exit 1."""
    from click.testing import CliRunner
    from sqlalchemy import select, update

    from slaledger.adapters.cli.main import cli
    from slaledger.adapters.db.models import InvoiceRecord

    assert _upload_invoices(world, PREVISOFT).status_code == 201
    paid_later = INVOICES.replace(
        b"F2024-002,2024-09-15,1200.00,2024-11-14", b"F2024-002,2024-09-15,1200.00,2024-11-20"
    )
    assert paid_later != INVOICES
    assert _upload_invoices(world, PREVISOFT, paid_later).status_code == 201
    verified = CliRunner().invoke(cli, ["audit", "verify", "--data", "--db", world.url])
    assert verified.exit_code == 0, verified.output
    assert "data intact" in verified.output
    factory = session_factory(world.url)
    try:
        with factory() as session, session.begin():
            row_id = session.scalar(
                select(InvoiceRecord.id).where(InvoiceRecord.number == "F2024-002")
            )
            session.execute(
                update(InvoiceRecord).where(InvoiceRecord.id == row_id).values(amount=12.0)
            )
    finally:
        factory.kw["bind"].dispose()
    broken = CliRunner().invoke(cli, ["audit", "verify", "--data", "--db", world.url])
    assert broken.exit_code == 1
    assert f"invoice row {row_id}: " in broken.output
