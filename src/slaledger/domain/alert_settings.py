"""A contract's own alert and statement e-mail settings, and the checks they pass.

Every field left ``None`` means "the service's default": the environment's recipients,
languages and risk share (docs/alerts.md), every kind of alert, the environment's switch
for monthly statements, and the customer's active viewers as statement recipients. A
value that is set wins over the environment for this contract only. The channels
themselves (the SMTP server, the webhooks) are the service's, never a contract's.

Pure: ``read_settings`` turns the text of a form into settings, or raises
``SettingsError`` listing every field that is wrong (field, reason, what was expected,
what was found); constructing ``ContractAlertSettings`` runs the same checks.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from slaledger.domain.alerts import Transition

#: the languages alerts are written in (their order: the order of the texts)
LANGUAGES = ("fr", "en")
#: at most this many addresses in one list
MAX_ADDRESSES = 50
#: an address as a person types it: local part, @, a domain of letters, digits and hyphens
ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"
    r"@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)
_SEPARATORS = re.compile(r"[\s,;]+")
#: a share is kept to six decimals (the column's scale)
SHARE_STEP = Decimal("0.000001")

# why a field is refused (the dashboard words each reason in the reader's language)
BAD_ADDRESS = "address"
TOO_MANY = "too-many"
BAD_SHARE = "share"
BAD_LANGUAGE = "language"
BAD_KIND = "kind"
BAD_CHOICE = "choice"

#: what each reason expects, in English (the CLI's and the store's wording)
EXPECTED = {
    BAD_ADDRESS: "an e-mail address such as ana@example.com",
    TOO_MANY: f"at most {MAX_ADDRESSES} addresses",
    BAD_SHARE: "a share above 0 and at most 1, such as 0.75",
    BAD_LANGUAGE: "fr, en or both, each once (fr, en)",
    BAD_KIND: "at-risk or breached",
    BAD_CHOICE: "default, yes or no",
}


@dataclass(frozen=True)
class SettingProblem:
    """One refused field: its name, why (one of the reasons above), what was found."""

    field: str
    reason: str
    found: str

    @property
    def expected(self) -> str:
        return EXPECTED[self.reason]

    def __str__(self) -> str:
        return f"{self.field}: expected {self.expected}, found {self.found!r}"


class SettingsError(ValueError):
    """Settings that fail their checks; ``problems`` names every field at fault."""

    def __init__(self, problems: Iterable[SettingProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class ContractAlertSettings:
    """A contract's own settings; ``None`` in a field: the service's default."""

    alert_recipients: tuple[str, ...] | None = None
    statement_recipients: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    risk_share: Decimal | None = None
    #: the kinds of alert sent; None: every kind (the default)
    kinds: frozenset[Transition] | None = None
    statement_emails: bool | None = None

    def __post_init__(self) -> None:
        problems = check(self)
        if problems:
            raise SettingsError(problems)

    @property
    def kinds_on(self) -> frozenset[Transition]:
        return frozenset(Transition) if self.kinds is None else self.kinds

    @property
    def is_default(self) -> bool:
        return self == DEFAULTS


def check(settings: ContractAlertSettings) -> list[SettingProblem]:
    """What is wrong with ``settings`` (nothing: an empty list)."""
    problems: list[SettingProblem] = []
    for field in ("alert_recipients", "statement_recipients"):
        addresses = getattr(settings, field)
        if addresses is None:
            continue
        problems += [SettingProblem(field, BAD_ADDRESS, a) for a in addresses if not is_address(a)]
        if len(addresses) > MAX_ADDRESSES:
            problems.append(SettingProblem(field, TOO_MANY, str(len(addresses))))
    languages = settings.languages
    if languages is not None and (
        not languages
        or any(lang not in LANGUAGES for lang in languages)
        or len(set(languages)) != len(languages)
    ):
        problems.append(SettingProblem("languages", BAD_LANGUAGE, ", ".join(languages)))
    share = settings.risk_share
    if share is not None and not (share.is_finite() and 0 < share <= 1):
        problems.append(SettingProblem("risk_share", BAD_SHARE, str(share)))
    if settings.kinds is not None and any(not isinstance(k, Transition) for k in settings.kinds):
        found = ", ".join(sorted(str(k) for k in settings.kinds))
        problems.append(SettingProblem("kinds", BAD_KIND, found))
    return problems


DEFAULTS = ContractAlertSettings()


def is_address(text: str) -> bool:
    return bool(ADDRESS.match(text))


def read_settings(
    *,
    alert_recipients: str = "",
    statement_recipients: str = "",
    languages: str = "",
    risk_share: str = "",
    kinds: Collection[str] | None = None,
    statement_emails: str = "default",
) -> ContractAlertSettings:
    """Settings from the text of a form: an empty text is the default; addresses and
    languages are separated by commas, semicolons or spaces; a share is written with a
    point or a comma ("0.8", "0,8"); ``kinds``: the kinds ticked (all of them, or None:
    every kind); ``statement_emails``: "default", "yes" or "no". Raises SettingsError
    naming every field at fault."""
    problems: list[SettingProblem] = []
    alert_list = _addresses(alert_recipients, "alert_recipients", problems)
    statement_list = _addresses(statement_recipients, "statement_recipients", problems)
    language_list = _words(languages.lower())
    if language_list is not None and (
        any(lang not in LANGUAGES for lang in language_list)
        or len(set(language_list)) != len(language_list)
    ):
        problems.append(SettingProblem("languages", BAD_LANGUAGE, languages.strip()))
        language_list = None
    share = _share(risk_share, problems)
    chosen = _kinds(kinds, problems)
    switch = {"default": None, "": None, "yes": True, "no": False}
    if statement_emails.strip().lower() not in switch:
        problems.append(SettingProblem("statement_emails", BAD_CHOICE, statement_emails))
    if problems:
        raise SettingsError(problems)
    return ContractAlertSettings(
        alert_recipients=alert_list,
        statement_recipients=statement_list,
        languages=language_list,
        risk_share=share,
        kinds=chosen,
        statement_emails=switch[statement_emails.strip().lower()],
    )


def _words(text: str) -> tuple[str, ...] | None:
    words = tuple(w for w in _SEPARATORS.split(text.strip()) if w)
    return words or None


def _addresses(text: str, field: str, problems: list[SettingProblem]) -> tuple[str, ...] | None:
    """Distinct addresses in the order given (compared without regard to case)."""
    words = _words(text)
    if words is None:
        return None
    found: dict[str, str] = {}
    for word in words:
        if not is_address(word):
            problems.append(SettingProblem(field, BAD_ADDRESS, word))
        found.setdefault(word.lower(), word.lower())
    if len(found) > MAX_ADDRESSES:
        problems.append(SettingProblem(field, TOO_MANY, str(len(found))))
    return tuple(found.values())


def _share(text: str, problems: list[SettingProblem]) -> Decimal | None:
    given = text.strip()
    if not given:
        return None
    share: Decimal | None
    try:
        share = Decimal(given.replace(",", ".").replace(" ", ""))
        # the database keeps six decimals: what is kept is what is compared and shown
        share = share.quantize(SHARE_STEP) if share.is_finite() else None
    except InvalidOperation:
        share = None
    if share is None or not 0 < share <= 1:
        problems.append(SettingProblem("risk_share", BAD_SHARE, given))
        return None
    return share


def _kinds(
    ticked: Collection[str] | None, problems: list[SettingProblem]
) -> frozenset[Transition] | None:
    if ticked is None:
        return None
    known = {t.value: t for t in Transition}
    unknown = [k for k in ticked if k not in known]
    if unknown:
        problems.append(SettingProblem("kinds", BAD_KIND, ", ".join(unknown)))
        return None
    chosen = frozenset(known[k] for k in ticked)
    return None if chosen == frozenset(Transition) else chosen
