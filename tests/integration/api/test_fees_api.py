"""Invoiced fees over the API, on SQLite and PostgreSQL: a billing CSV uploaded all or
nothing, listed and replaced; the credits and statements then rest on the invoiced fee,
an explicit ``fee`` winning over it, and say which they used."""

from __future__ import annotations

from tests.integration.api.conftest import World

CLEAN = "/api/contracts/northwind-hosting-clean"
PREVISOFT = "/api/contracts/previsoft-cgv"
HEADER = b"service,month,amount,currency\n"


def _upload(world: World, contract: str, body: bytes, who: str = "admin"):
    return world.client.post(
        contract + "/fees/upload", headers=world.headers(who), files={"file": ("billing.csv", body)}
    )


def test_an_uploaded_billing_file_is_listed_in_its_currency(world: World) -> None:
    response = _upload(world, CLEAN, HEADER + b"platform,2025-03,1250.00,EUR\n,2025-04,99,EUR\n")
    assert response.status_code == 201, response.text
    assert response.json()["rows"] == 2
    listed = world.get(CLEAN + "/fees/invoiced").json()
    assert [(f["service"], f["month"], f["amount"], f["currency"]) for f in listed] == [
        ("platform", "2025-03", "1250.00", "EUR"),
        ("", "2025-04", "99.00", "EUR"),
    ]
    assert listed[0]["source"] == "billing.csv row 1"


def test_a_bad_billing_file_is_refused_whole_naming_the_row_and_field(world: World) -> None:
    body = HEADER + b"platform,2025-03,1250.00,EUR\nplatform,2025-04,-3,EUR\nnope,2025-05,1,EUR\n"
    response = _upload(world, CLEAN, body)
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert (error["row"], error["field"]) == (2, "amount")
    unknown = _upload(world, CLEAN, HEADER + b"platform,2025-03,1.00,EUR\nnope,2025-05,1,EUR\n")
    assert unknown.status_code == 422, unknown.text
    [error] = unknown.json()["errors"]
    assert (error["row"], error["field"], error["found"]) == (2, "service", "'nope'")
    assert world.get(CLEAN + "/fees/invoiced").json() == []


def test_a_duplicate_month_or_an_unknown_currency_is_refused(world: World) -> None:
    twice = _upload(world, CLEAN, HEADER + b"platform,2025-03,1,EUR\nplatform,2025-03,2,EUR\n")
    assert twice.status_code == 422
    assert twice.json()["errors"][0]["field"] == "month"
    money = _upload(world, CLEAN, HEADER + b"platform,2025-03,1,EURO\n")
    assert money.json()["errors"][0]["field"] == "currency"


def test_only_an_admin_writes_fees_and_a_foreign_viewer_sees_none(world: World) -> None:
    assert _upload(world, CLEAN, HEADER, who="agent").status_code == 403
    assert _upload(world, PREVISOFT, HEADER, who="foreign").status_code == 404
    assert world.get(PREVISOFT + "/fees/invoiced", who="foreign").status_code == 404


def test_put_replaces_the_fees_all_or_nothing(world: World) -> None:
    _upload(world, CLEAN, HEADER + b"platform,2025-01,10,EUR\n")
    good = {
        "fees": [{"service": "platform", "month": "2025-02", "amount": "20", "currency": "USD"}]
    }
    response = world.client.put(CLEAN + "/fees/invoiced", headers=world.headers("admin"), json=good)
    assert response.status_code == 200, response.text
    assert [(f["month"], f["amount"], f["currency"]) for f in response.json()] == [
        ("2025-02", "20.00", "USD")
    ]
    bad = {"fees": [{"month": "2025-03", "amount": "1", "currency": "EUR"},
                    {"month": "2025-04", "amount": "1", "currency": "XYZ"}]}  # fmt: skip
    refused = world.client.put(CLEAN + "/fees/invoiced", headers=world.headers("admin"), json=bad)
    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert (error["row"], error["field"]) == (2, "currency")
    assert [f["month"] for f in world.get(CLEAN + "/fees/invoiced").json()] == ["2025-02"]


def test_credits_rest_on_the_invoiced_fee_unless_a_fee_is_given(world: World) -> None:
    _upload(world, CLEAN, HEADER + b"platform,2025-03,1250.00,EUR\n")
    invoiced = world.get(CLEAN + "/credits", params={"month": "2025-03"}).json()
    assert (invoiced["fee"], invoiced["currency"], invoiced["fee_source"]) == (
        "1250.00", "EUR", "invoiced"
    )  # fmt: skip
    given = world.get(CLEAN + "/credits", params={"month": "2025-03", "fee": "10 USD"}).json()
    assert (given["fee"], given["fee_source"]) == ("10", "command line")
    none = world.get(CLEAN + "/credits", params={"month": "2025-04"}).json()
    assert (none["fee"], none["fee_source"]) == (None, None)


def test_the_stored_statement_says_it_used_the_invoiced_fee(world: World) -> None:
    _upload(world, CLEAN, HEADER + b"platform,2025-03,1250.00,EUR\n")
    document = world.get(CLEAN + "/statements/2025-03").json()
    sources = {line["fee_source"] for line in document["credits"]}
    assert sources == {"invoiced"}
    html = world.get(CLEAN + "/statements/2025-03", params={"format": "html", "lang": "fr"}).text
    assert "redevance facturée" in html
