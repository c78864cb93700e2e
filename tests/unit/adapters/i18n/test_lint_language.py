"""Every lint rule's message reads French in French and English in English: the findings
of the five seeds and of the invented contract that makes every rule fire, rendered in
each language, hold no stop word of the other one outside quotes and identifiers."""

from __future__ import annotations

import pytest

from slaledger.adapters.cli.contract_cmds import lint_file
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.i18n import render
from slaledger.domain.lint import RULES, Finding
from tests.language_words import contract_words, foreign_sentences
from tests.unit.adapters.files.contract_file.paths import EXAMPLES, FIXTURES, SEED_FILES

FILES = [EXAMPLES / name for name in sorted(SEED_FILES)] + [FIXTURES / "invented-traps.yaml"]


def _findings() -> list[tuple[str, Finding, list[str]]]:
    found = []
    for path in FILES:
        allowed = contract_words(load_contract(str(path)).contract, minimum=8)
        found += [(path.name, f, allowed) for f in lint_file(str(path))]
    return found


FINDINGS = _findings()


def test_the_files_make_every_rule_speak():
    assert {f.rule for _, f, _ in FINDINGS} == {rule.id for rule in RULES}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_finding_is_written_in_the_language_asked(language):
    foreign = [
        (name, f.rule, word, sentence)
        for name, f, allowed in FINDINGS
        for word, sentence in foreign_sentences([render(f.message, language)], language, allowed)
    ]
    assert foreign == [], "\n".join(f"{n} {r}: [{w}] {s}" for n, r, w, s in foreign)


def test_the_french_message_is_not_the_english_one():
    same = [f.rule for _, f, _ in FINDINGS if render(f.message, "fr") == render(f.message, "en")]
    assert same == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_rule_summary_is_written_in_the_language_asked(language):
    foreign = [
        (rule.id, word, sentence)
        for rule in RULES
        for word, sentence in foreign_sentences([render(rule.summary, language)], language)
    ]
    assert foreign == []
