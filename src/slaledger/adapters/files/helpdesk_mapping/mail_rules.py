"""The e-mail rules of a file that is either a rules file (docs/mail.md) or a mapping
file holding them as its ``mail:`` section (docs/helpdesks.md): one reader for the
``sla ingest mail`` command and the service's ``mail`` sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from slaledger.adapters.files.helpdesk_mapping.loader import load_mapping
from slaledger.adapters.files.helpdesk_mapping.model import FORMAT
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.files.yaml_source import YamlDocument, load_yaml
from slaledger.adapters.ingest.mail.rules import MailRules, rules_from_document


@dataclass(frozen=True)
class MailRulesFile:
    rules: MailRules
    document: YamlDocument
    #: where the rules sit in the document: ``("mail",)`` in a mapping file, else ``()``
    prefix: tuple[str, ...]


def is_mapping(data: object) -> bool:
    """Whether a parsed YAML document is a mapping file (by its ``format``)."""
    prefix = FORMAT.rsplit("/", 1)[0] + "/"
    return isinstance(data, dict) and str(data.get("format", "")).startswith(prefix)


def load_mail_rules_file(path: str | Path) -> MailRulesFile:
    """The rules of a rules file, or of a mapping file's ``mail:`` section (refused,
    with its line, when the mapping file has none)."""
    document = load_yaml(path)
    if not is_mapping(document.data):
        return MailRulesFile(rules_from_document(document), document, ())
    mail = load_mapping(path).model.mail
    if mail is None:
        raise InputError([document.problem(("mail",), "a mail: section of e-mail rules", None)])
    return MailRulesFile(mail, document, ("mail",))
