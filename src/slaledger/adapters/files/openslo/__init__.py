"""OpenSLO v1 (https://openslo.com): a contract's availability clauses as ``SLO``
documents (``export``), and SLO documents as the skeleton of a new contract file
(``import_``). docs/openslo.md."""
