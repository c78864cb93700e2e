"""The fields every clause has: id, source, interpretation, effective date, language
versions; and their conversion to ``ClauseInfo``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainValidator, WithJsonSchema

from slaledger.adapters.files.contract_file.fields import (
    AmendmentRef,
    DocumentRef,
    Id,
    Language,
    StrictModel,
    fail,
)
from slaledger.domain.contract.clause import ClauseInfo, LanguageVariant, Plain, Source
from slaledger.domain.message import msg


def _quote(value: Any) -> str | dict[str, str]:
    if isinstance(value, str) and value.strip():
        return value
    if (
        isinstance(value, dict)
        and value
        and all(
            isinstance(k, str) and re.fullmatch(r"[a-z]{2}", k) and isinstance(v, str) and v.strip()
            for k, v in value.items()
        )
    ):
        return dict(value)
    raise fail(
        "quote",
        msg("input.files.quote", example="{fr: ..., en: ...}"),
        value,
    )


Quote = Annotated[
    str | dict[str, str],
    PlainValidator(_quote),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "propertyNames": {"pattern": "^[a-z]{2}$"},
                    "additionalProperties": {"type": "string", "minLength": 1},
                    "minProperties": 1,
                },
            ],
            "description": "verbatim text of the clause, in the contract's language(s)",
        }
    ),
]


class SourceModel(StrictModel):
    """Where the contract says it."""

    document: DocumentRef | None = Field(default=None, description="a document id")
    article: str | None = Field(default=None, description="article or section, e.g. 1.2")
    quote: Quote

    def to_domain(self, language: str) -> Source:
        quote = {language: self.quote} if isinstance(self.quote, str) else dict(self.quote)
        return Source(quote=quote, article=self.article, document=self.document)


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


@dataclass(frozen=True)
class ConversionContext:
    """What a clause needs from the contract around it to become domain data."""

    language: str
    effective_from: date | None = None
    documents: dict[str, date | None] = field(default_factory=dict)
    amendments: dict[str, date] = field(default_factory=dict)


class ClauseModel(StrictModel):
    id: Id = Field(description="unique in the file; versions of one clause share it")
    source: Annotated[
        list[SourceModel],
        BeforeValidator(_listify, json_schema_input_type=SourceModel | list[SourceModel]),
        Field(min_length=1),
    ]
    interpretation: str | None = Field(
        default=None, description="where the text is ambiguous: what this file chose, and why"
    )
    effective_from: date | None = Field(
        default=None,
        description="first day this version applies (default: its amendment's or "
        "document's date, else the contract's)",
    )
    amendment: AmendmentRef | None = None
    text_only: str | None = Field(
        default=None,
        min_length=1,
        description="why no command computes this clause (kept as text, for the reader); "
        "every other clause is computed by some command",
    )
    language_versions: dict[Language, dict[str, Any]] = Field(
        default_factory=dict,
        description="fields another language version states differently: {en: {field: value}}",
    )

    def clause_info(self, where: str, ctx: ConversionContext) -> ClauseInfo:
        return ClauseInfo(
            id=self.id,
            sources=tuple(s.to_domain(ctx.language) for s in self.source),
            interpretation=self.interpretation,
            effective_from=self.effective_date(ctx),
            amendment=self.amendment,
            variants=self._variants(where),
            text_only=self.text_only,
            where=where,
        )

    def effective_date(self, ctx: ConversionContext) -> date | None:
        """The first day this version applies, or None: from the start."""
        if self.effective_from is not None:
            return self.effective_from
        if self.amendment is not None:
            return ctx.amendments.get(self.amendment)
        for source in self.source:
            if source.document and ctx.documents.get(source.document):
                return ctx.documents[source.document]
        return ctx.effective_from

    def _variants(self, where: str) -> tuple[LanguageVariant, ...]:
        if not self.language_versions:
            return ()
        written = self.model_dump(mode="json", by_alias=True, exclude_unset=True)
        applied = self.model_dump(mode="json", by_alias=True)
        variants = []
        for language, overrides in self.language_versions.items():
            for name, value in overrides.items():
                patched = type(self).model_validate({**written, name: value})
                stated = patched.model_dump(mode="json", by_alias=True)[name]
                base = f"{where}.language_versions.{language}"
                for path, mine, theirs in _leaves(name, applied.get(name), stated):
                    variants.append(
                        LanguageVariant(
                            language=language,
                            path=path,
                            applied=plain(mine),
                            stated=plain(theirs),
                            where=f"{base}.{path}",
                        )
                    )
        return tuple(variants)


def _leaves(path: str, mine: Any, theirs: Any) -> list[tuple[str, Any, Any]]:
    """Compare two values key by key down through mappings."""
    if isinstance(mine, dict) and isinstance(theirs, dict):
        out = []
        for key in dict.fromkeys([*mine, *theirs]):
            out += _leaves(f"{path}.{key}", mine.get(key), theirs.get(key))
        return out
    return [(path, mine, theirs)]


def plain(value: Any) -> Plain:
    """JSON-like data as the domain's plain values (lists become tuples)."""
    if isinstance(value, list | tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, dict):
        return tuple(f"{k}: {plain(v)}" for k, v in value.items())
    if isinstance(value, float):
        return Decimal(repr(value))
    if value is None or isinstance(value, str | int | bool | Decimal):
        return value
    return str(value)
