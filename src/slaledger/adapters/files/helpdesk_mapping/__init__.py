"""Helpdesk mapping files: the YAML format, its JSON Schema, loading with located errors,
and the checks against a contract."""

from slaledger.adapters.files.helpdesk_mapping.loader import (
    LoadedMapping,
    check_against_contract,
    load_mapping,
    load_mapping_text,
    mapping_json_schema,
)
from slaledger.adapters.files.helpdesk_mapping.mail_rules import (
    MailRulesFile,
    is_mapping,
    load_mail_rules_file,
)
from slaledger.adapters.files.helpdesk_mapping.model import FORMAT, MappingFileModel

__all__ = [
    "FORMAT",
    "LoadedMapping",
    "MailRulesFile",
    "MappingFileModel",
    "check_against_contract",
    "is_mapping",
    "load_mail_rules_file",
    "load_mapping",
    "load_mapping_text",
    "mapping_json_schema",
]
