"""The engine catalogs are complete: every message id the sources use (Babel extraction,
as ``pybabel extract -k msg`` does) has an English and a French sentence with the same
fields, and French typography holds (docs/i18n.md)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from slaledger.adapters.i18n.render import catalog

SOURCES = Path(__file__).resolve().parents[4] / "src" / "slaledger"
#: ids the renderer itself asks for (numbers, durations, lists), not through ``msg``
RENDERER_IDS = {
    "unit.percent",
    "unit.hours",
    "unit.minutes",
    "unit.seconds",
    "list.and",
    "list.or",
    "list.comma",
    "list.semicolon",
}


def _extracted() -> dict[str, list[str]]:
    """Message id -> where the sources use it, found by Babel's Python extractor."""
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SOURCES), method_map=[("**.py", "python")], keywords={"msg": None}
    ):
        assert isinstance(message, str), (filename, lineno, message)
        found.setdefault(message, []).append(f"{filename}:{lineno}")
    return found


USED = _extracted()


def _strings(language: str) -> dict[str, str]:
    return {str(m.id): str(m.string) for m in catalog(language) if m.id}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_extraction_finds_the_messages_of_the_lint_rules():
    assert "lint.blank-value" in USED
    assert "eligibility.customer-claimed" in USED
    assert len(USED) > 100


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_message_id_of_the_sources_is_in_the_catalog(language):
    strings = _strings(language)
    missing = {i: USED[i] for i in sorted(USED) if not strings.get(i)}
    assert missing == {}, f"missing in engine.po ({language}): {missing}"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_catalog_entry_is_used_by_the_sources(language):
    stale = sorted(set(_strings(language)) - set(USED) - RENDERER_IDS)
    assert stale == []


#: messages whose languages use different parameters of the same message (French names
#: the raw field, English the field in words)
OTHER_FIELDS = {
    "lint.label.field": ({"name"}, {"field"}),
    "lint.business-days-without-calendar": ({"duration", "name"}, {"duration", "field"}),
    # a KPI's target: the file's notation in English ("2.5h"), in words in French
    "duration.as-written": ({"text"}, {"words"}),
}


def test_the_french_sentence_has_the_fields_of_the_english_one():
    english, french = _strings("en"), _strings("fr")
    differ = {
        i: (_fields(english[i]), _fields(french.get(i, "")))
        for i in english
        if _fields(english[i]) != _fields(french.get(i, ""))
    }
    assert differ == OTHER_FIELDS


def test_french_puts_a_no_break_space_before_colons_semicolons_and_inside_quotes():
    bad = {
        i: text
        for i, text in _strings("fr").items()
        if re.search(r"(?:[^\u00a0\u202f]|^)[:;!?](?:\s|$)", text)
        or re.search(r"«[^\u00a0\u202f]|[^\u00a0\u202f]»", text)
    }
    assert bad == {}
