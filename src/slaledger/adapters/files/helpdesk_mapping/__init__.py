"""Helpdesk mapping files: the YAML format, its JSON Schema, loading with located errors,
and the checks against a contract."""

from slaledger.adapters.files.helpdesk_mapping.loader import (
    LoadedMapping,
    check_against_contract,
    load_mapping,
    load_mapping_text,
    mapping_json_schema,
)
from slaledger.adapters.files.helpdesk_mapping.model import FORMAT, MappingFileModel

__all__ = [
    "FORMAT",
    "LoadedMapping",
    "MappingFileModel",
    "check_against_contract",
    "load_mapping",
    "load_mapping_text",
    "mapping_json_schema",
]
