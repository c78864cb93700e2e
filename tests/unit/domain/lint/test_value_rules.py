"""blank-value, language-mismatch and missing-language-version."""

from __future__ import annotations

from slaledger.adapters.i18n import english
from slaledger.domain.contract import (
    BLANK,
    Channel,
    ChannelKind,
    ClauseInfo,
    Clock,
    ClockTarget,
    Event,
    LanguageVariant,
    Source,
    Support,
    When,
    parse_duration,
)
from slaledger.domain.lint import lint_contract

from .builders import clause, contract


def _rules(c, rule):
    return [f for f in lint_contract(c) if f.rule == rule]


def _clock(*targets):
    return Clock(
        clause("take-into-account"),
        "TIA",
        Event.NOTIFIED,
        (Event.ACKNOWLEDGED,),
        calendar="always",
        service_hours="always",
        targets=targets,
    )


def test_blank_out_of_hours_cells_are_reported_once_per_clause_with_each_cell():
    c = contract(
        clocks=(
            _clock(
                ClockTarget("critical", When.IN_HOURS, parse_duration("4h"), where="t[0]"),
                ClockTarget("urgent", When.OUT_OF_HOURS, BLANK, where="t[1]"),
                ClockTarget("minor", When.OUT_OF_HOURS, BLANK, where="t[2]"),
            ),
        )
    )
    [finding] = _rules(c, "blank-value")
    assert "'urgent' out-of-hours" in english(finding.message)
    assert "'minor' out-of-hours" in english(finding.message)
    assert finding.path == "t[1].target"


def test_a_cell_with_no_target_at_all_is_not_a_blank():
    c = contract(clocks=(_clock(ClockTarget("other", When.ANY, None)),))
    assert _rules(c, "blank-value") == []


def test_a_blank_address_is_a_blank_value():
    support = Support(
        clause("support"),
        "Support",
        channels=(Channel("mail", ChannelKind.EMAIL, BLANK, "always"),),
    )
    [finding] = _rules(contract(support=(support,)), "blank-value")
    assert "email channel 'mail'" in english(finding.message)


def _with_variant(applied, stated):
    variant = LanguageVariant("en", "frequency", applied, stated, where="v")
    support = Support(
        ClauseInfo("backup", (Source({"fr": "a", "en": "b"}),), variants=(variant,)), "S"
    )
    return contract(support=(support,), language="fr", languages=("fr", "en"))


def test_daily_against_weekly_and_daily_is_a_language_mismatch():
    [finding] = _rules(_with_variant(("daily",), ("weekly", "daily")), "language-mismatch")
    assert "adds 'weekly'" in english(finding.message)
    assert "follows the 'fr' version" in english(finding.message)


def test_a_version_that_states_the_same_value_is_no_mismatch():
    assert _rules(_with_variant(("daily",), ("daily",)), "language-mismatch") == []


def test_a_scalar_that_differs_says_both_values():
    [finding] = _rules(_with_variant("2 days", "3 days"), "language-mismatch")
    assert "states frequency = '3 days', the file applies '2 days'" in english(finding.message)


def test_a_bilingual_contract_wants_every_quote_in_both_languages():
    support = Support(ClauseInfo("s", (Source({"fr": "texte"}),)), "S")
    bilingual = contract(support=(support,), language="fr", languages=("fr", "en"))
    [finding] = _rules(bilingual, "missing-language-version")
    assert "lack en" in english(finding.message)
    one_language = contract(support=(support,), language="fr", languages=("fr",))
    assert _rules(one_language, "missing-language-version") == []


def test_a_legal_rate_read_on_a_quote_date_the_file_lacks_is_reported():
    """003 CGV 7.4: « trois (3) fois le taux de l'intérêt légal en vigueur à la date
    d'émission du devis »: without commercial.quote_date no late invoice can be rated."""
    from datetime import date
    from decimal import Decimal

    from slaledger.domain.contract import Commercial, LatePenalty, LegalRateDate

    penalty = LatePenalty(
        clause("late-payment"),
        "payment-due",
        legal_rate_multiple=Decimal(3),
        legal_rate_on=LegalRateDate.QUOTE_DATE,
    )
    found = [
        f
        for f in lint_contract(contract(commercial=Commercial(late_payment=(penalty,))))
        if f.rule == "missing-quote-date"
    ]
    assert [(f.clause, f.severity.value) for f in found] == [("late-payment", "warning")]
    dated = Commercial(quote_date=date(2024, 6, 14), late_payment=(penalty,))
    assert not [
        f for f in lint_contract(contract(commercial=dated)) if f.rule == "missing-quote-date"
    ]
    each_day = LatePenalty(clause("late-payment"), "payment-due", legal_rate_plus_points=Decimal(5))
    plain = Commercial(late_payment=(each_day,))
    assert not [
        f for f in lint_contract(contract(commercial=plain)) if f.rule == "missing-quote-date"
    ]


def test_a_translation_for_information_only_owes_no_quote():
    support = Support(ClauseInfo("s", (Source({"fr": "texte"}),)), "S")
    marked = contract(
        support=(support,), language="fr", languages=("fr", "en"), informational_languages=("en",)
    )
    assert _rules(marked, "missing-language-version") == []
    # the binding version still owes its quote
    english_only = Support(ClauseInfo("s", (Source({"en": "text"}),)), "S")
    [finding] = _rules(
        contract(support=(english_only,), language="fr", languages=("fr", "en"),
                 informational_languages=("en",)),
        "missing-language-version",
    )  # fmt: skip
    assert "lack fr" in english(finding.message)
    assert "(en for information only)" in english(finding.message)
