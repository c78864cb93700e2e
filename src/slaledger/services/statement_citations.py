"""What a statement cites and how it is named: the contract's words behind each figure,
the statement's number and the parties as a reader can tell them apart.

Each figure of a statement names the clause it comes from (an availability clause, a
clock, a KPI, a credit schedule...); ``cited_clauses`` gathers those clauses, each once,
with their sources (document, article, the verbatim quote in every language the file
gives) so that renderers quote the contract's words instead of ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from slaledger.domain.contract.clause import HasClause
from slaledger.domain.contract.contract import Contract
from slaledger.domain.periods import Month
from slaledger.services.statement_model import (
    ClauseText,
    PartyLine,
    QuoteText,
    SourceLine,
    Statement,
)

#: names that only say a party's role ("Le Client", "the Customer", "vous"): a reader
#: cannot tell one customer from another by them
GENERIC_NAMES = frozenset(
    {"client", "customer", "prestataire", "provider", "service provider", "fournisseur",
     "vous", "you", "supplier", "licensee", "licencié", "titulaire"}
)  # fmt: skip
_ARTICLES = re.compile(r"^(le|la|les|l['’]|the)\s*", re.IGNORECASE)
_ASIDE = re.compile(r"\s*\(.*\)\s*$")


def is_generic_name(name: str) -> bool:
    """Whether ``name`` only says the party's role ("Le Client (« vous »)" does)."""
    bare = _ASIDE.sub("", name).strip()
    bare = _ARTICLES.sub("", bare).strip().casefold()
    return bare in GENERIC_NAMES


def statement_number(contract: Contract, month: Month, version: int) -> str:
    """``PREVISOFT-CGV-2024-03-v1``: the contract's id, the month, the version of the
    terms; the same terms and month always give the same number."""
    return f"{contract.id.upper()}-{month}-v{version}"


def file_version(contract: Contract, month: Month) -> int:
    """The version of a contract read from a file, for the statement's number: 1, plus
    one for each amendment dated by the month's last day."""
    after = month.shift(1)
    end = date(after.year, after.month, 1)
    return 1 + sum(1 for a in contract.amendments if a.date < end)


def party_lines(contract: Contract, account: str | None) -> tuple[PartyLine, ...]:
    """The parties with their details; the customer's with ``account`` (the customer
    account's name) unless it is only the contract's own name again."""
    lines = []
    for party in contract.parties:
        named = account if party.role.value == "customer" else None
        if named is not None and (not named.strip() or named.strip() == party.name.strip()):
            named = None
        lines.append(
            PartyLine(
                role=party.role.value,
                name=party.name,
                details=party.details,
                account=named,
                generic=is_generic_name(party.name),
            )
        )
    return tuple(lines)


def cited_ids(statement: Statement) -> list[str]:
    """The clause ids the statement's figures name, in the order they first appear."""
    found: list[str | None] = []
    for a in statement.availability:
        found.append(a.clause)
        found.extend(g.clause for g in a.not_guaranteed)
        for line in a.summary:
            found.extend(line.clauses)
    found.extend(c.schedule for c in statement.credits)
    if statement.credit_balance is not None:
        found.append(statement.credit_balance.schedule)
    found.extend(line.clause for line in statement.liability)
    found.extend(k.kpi for k in statement.kpis)
    for incident in statement.incidents:
        found.extend(c.clock for c in incident.clocks)
    for m in statement.maintenance:
        found.append(m.clause)
        found.extend(r.clause for r in (*m.broken, *m.notes))
    found.extend(w.clause for w in statement.lint)
    return list(dict.fromkeys(f for f in found if f))


def cited_clauses(
    contract: Contract, ids: Iterable[str], *, on: date, interpretations: bool
) -> tuple[ClauseText, ...]:
    """Each clause of ``ids`` the contract knows, as the version in force ``on`` (else
    its first) states it; with its interpretation when ``interpretations`` (the
    provider's reading of the text, not shown to customers)."""
    lines = []
    for clause_id in ids:
        item: HasClause | None = contract.in_force(clause_id, on)
        if item is None:
            versions = contract.versions(clause_id)
            if not versions:
                continue
            item = versions[0]
        info = item.clause
        lines.append(
            ClauseText(
                clause=info.id,
                sources=tuple(
                    _source(contract, s.document, s.article, s.quote) for s in info.sources
                ),
                interpretation=_text(info.interpretation) if interpretations else None,
            )
        )
    return tuple(lines)


def _source(
    contract: Contract, document: str | None, article: str | None, quote: Mapping[str, str]
) -> SourceLine:
    titles: tuple[QuoteText, ...] = ()
    for doc in contract.documents:
        if doc.id == document:
            titles = tuple(QuoteText(k, v) for k, v in sorted(doc.title.items()))
    return SourceLine(
        document=document,
        document_title=titles,
        article=article,
        quotes=tuple(QuoteText(k, _text(v) or "") for k, v in sorted(quote.items())),
    )


def _text(value: str | None) -> str | None:
    """The text with its line breaks and runs of spaces as single spaces."""
    return None if value is None else " ".join(value.split())
