"""Contract files: the YAML format, its JSON Schema, and loading with located errors."""

from slaledger.adapters.files.contract_file.loader import (
    contract_from_document,
    load_contract,
    load_contract_text,
)
from slaledger.adapters.files.contract_file.root import FORMAT, ContractFileModel
from slaledger.adapters.files.contract_file.schema import contract_json_schema
from slaledger.domain.contract.loaded import LoadedContract

__all__ = [
    "FORMAT",
    "ContractFileModel",
    "LoadedContract",
    "contract_from_document",
    "contract_json_schema",
    "load_contract",
    "load_contract_text",
]
