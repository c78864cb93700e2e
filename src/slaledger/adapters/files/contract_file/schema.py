"""The JSON Schema of contract files, for editors and CI validation."""

from __future__ import annotations

from typing import Any

from slaledger.adapters.files.contract_file.root import ContractFileModel

SCHEMA_ID = "https://slaledger.example/schemas/contract/v1.json"


def contract_json_schema() -> dict[str, Any]:
    """The schema of what a contract file may contain (references are checked on load)."""
    schema = ContractFileModel.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }
