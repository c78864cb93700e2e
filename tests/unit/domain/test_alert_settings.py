"""A contract's own alert settings read from a form's text: what is accepted, and each
field refused with the reason and what was found."""

from __future__ import annotations

from decimal import Decimal

import pytest

from slaledger.domain.alert_settings import (
    BAD_ADDRESS,
    BAD_CHOICE,
    BAD_KIND,
    BAD_LANGUAGE,
    BAD_SHARE,
    DEFAULTS,
    MAX_ADDRESSES,
    TOO_MANY,
    ContractAlertSettings,
    SettingsError,
    read_settings,
)
from slaledger.domain.alerts import Transition


def test_empty_fields_are_the_defaults() -> None:
    settings = read_settings()
    assert settings == DEFAULTS
    assert settings.is_default
    assert settings.kinds_on == frozenset(Transition)


def test_every_field_is_read_from_its_text() -> None:
    settings = read_settings(
        alert_recipients=" Ana@Example.com;bob@example.com\nana@example.com ",
        statement_recipients="dsi@client.example",
        languages="EN, fr",
        risk_share="0,8",
        kinds=["breached"],
        statement_emails="no",
    )
    assert settings == ContractAlertSettings(
        alert_recipients=("ana@example.com", "bob@example.com"),  # once each, in order
        statement_recipients=("dsi@client.example",),
        languages=("en", "fr"),
        risk_share=Decimal("0.8"),
        kinds=frozenset({Transition.BREACHED}),
        statement_emails=False,
    )
    assert not settings.is_default


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (None, None),  # the form did not say: every kind
        (["at-risk", "breached"], None),  # every kind ticked is the default
        ([], frozenset()),  # none ticked: no alert for this contract
        (["at-risk"], frozenset({Transition.AT_RISK})),
    ],
)
def test_the_kinds_ticked(kinds: list[str] | None, expected: frozenset[Transition] | None) -> None:
    assert read_settings(kinds=kinds).kinds == expected


@pytest.mark.parametrize(
    ("fields", "field", "reason", "found"),
    [
        ({"alert_recipients": "ana@"}, "alert_recipients", BAD_ADDRESS, "ana@"),
        (
            {"alert_recipients": "ana.example.com"},
            "alert_recipients",
            BAD_ADDRESS,
            "ana.example.com",
        ),
        # a display name is not an address
        (
            {"statement_recipients": "<ana@x.example>"},
            "statement_recipients",
            BAD_ADDRESS,
            "<ana@x.example>",
        ),
        ({"languages": "de"}, "languages", BAD_LANGUAGE, "de"),
        ({"languages": "fr fr"}, "languages", BAD_LANGUAGE, "fr fr"),  # once each
        ({"risk_share": "0"}, "risk_share", BAD_SHARE, "0"),  # never at risk is no share
        ({"risk_share": "1.01"}, "risk_share", BAD_SHARE, "1.01"),
        ({"risk_share": "75 %"}, "risk_share", BAD_SHARE, "75 %"),  # a share, not a percentage
        ({"risk_share": "0.0000001"}, "risk_share", BAD_SHARE, "0.0000001"),  # 0 at six places
        ({"risk_share": "inf"}, "risk_share", BAD_SHARE, "inf"),
        ({"kinds": ["late"]}, "kinds", BAD_KIND, "late"),
        ({"statement_emails": "maybe"}, "statement_emails", BAD_CHOICE, "maybe"),
    ],
)
def test_a_refused_field_says_why_and_what_was_found(
    fields: dict[str, object], field: str, reason: str, found: str
) -> None:
    with pytest.raises(SettingsError) as refused:
        read_settings(**fields)  # type: ignore[arg-type]
    [problem] = refused.value.problems
    assert (problem.field, problem.reason, problem.found) == (field, reason, found)
    assert f"{field}: expected {problem.expected}" in str(refused.value)


def test_every_field_at_fault_is_named_at_once() -> None:
    with pytest.raises(SettingsError) as refused:
        read_settings(alert_recipients="a@b.example, nope", risk_share="2", languages="es")
    assert [p.field for p in refused.value.problems] == [
        "alert_recipients",
        "languages",
        "risk_share",
    ]


def test_too_many_addresses_are_refused() -> None:
    many = ", ".join(f"person{i}@example.com" for i in range(MAX_ADDRESSES + 1))
    with pytest.raises(SettingsError) as refused:
        read_settings(alert_recipients=many)
    assert [(p.reason, p.found) for p in refused.value.problems] == [(TOO_MANY, "51")]
    assert len(read_settings(alert_recipients=many.rsplit(",", 1)[0]).alert_recipients or ()) == 50


def test_settings_built_in_code_pass_the_same_checks() -> None:
    with pytest.raises(SettingsError, match="risk_share"):
        ContractAlertSettings(risk_share=Decimal("1.5"))
    with pytest.raises(SettingsError, match="alert_recipients"):
        ContractAlertSettings(alert_recipients=("not an address",))
    with pytest.raises(SettingsError, match="languages"):
        ContractAlertSettings(languages=())
