"""Commercial terms: price revision, surcharges, payments and penalties, volumes, fees,
liability caps, credit days carried to the contract's end. Money is Decimal, rounded once
at the end (see ``money``)."""

from slaledger.domain.commercial.credit_balance import (
    BalanceMonth,
    CreditDaysBalance,
    credit_days_balance,
)
from slaledger.domain.commercial.fees import FeeResult, day_fee
from slaledger.domain.commercial.indexes import IndexPoint, IndexSeries, MissingIndexError
from slaledger.domain.commercial.liability import CapResult, liability_cap
from slaledger.domain.commercial.money import ROUNDING_RULE, round_money
from slaledger.domain.commercial.payments import (
    Invoice,
    LatePayment,
    LegalRate,
    LegalRates,
    MissingQuoteDateError,
    MissingRateError,
    due_date,
    late_payment,
    legal_rate_day,
)
from slaledger.domain.commercial.revision import RevisedPrice, revise_price, revision_day_for
from slaledger.domain.commercial.surcharges import (
    SurchargeResult,
    age_in_years,
    equipment_surcharge,
)
from slaledger.domain.commercial.volumes import VolumeFinding, volume_findings

__all__ = [
    "ROUNDING_RULE",
    "BalanceMonth",
    "CapResult",
    "CreditDaysBalance",
    "FeeResult",
    "IndexPoint",
    "IndexSeries",
    "Invoice",
    "LatePayment",
    "LegalRate",
    "LegalRates",
    "MissingIndexError",
    "MissingQuoteDateError",
    "MissingRateError",
    "RevisedPrice",
    "SurchargeResult",
    "VolumeFinding",
    "age_in_years",
    "credit_days_balance",
    "day_fee",
    "due_date",
    "equipment_surcharge",
    "late_payment",
    "legal_rate_day",
    "liability_cap",
    "revise_price",
    "revision_day_for",
    "round_money",
    "volume_findings",
]
