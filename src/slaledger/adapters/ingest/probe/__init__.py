"""The built-in prober: HTTP(S) and TCP checks of a contract's services, written as probe
samples (docs/inputs.md) the availability of every other command is computed from.

``load_probes`` reads the checks (docs/probes.md), ``run_once`` runs one round of them,
``Prober`` runs each on its interval and hands the rounds to a callback (the service's
scheduler imports them into the store).
"""

from slaledger.adapters.ingest.probe.checks import CheckResult
from slaledger.adapters.ingest.probe.config import (
    HttpCheck,
    Probes,
    TcpCheck,
    load_probes,
    probes_from_document,
)
from slaledger.adapters.ingest.probe.prober import Prober
from slaledger.adapters.ingest.probe.runner import (
    ProbeWarning,
    Round,
    probe_round,
    run_once,
    run_round,
)
from slaledger.adapters.ingest.probe.samples import append_samples, sample_rows

__all__ = [
    "CheckResult",
    "HttpCheck",
    "ProbeWarning",
    "Prober",
    "Probes",
    "Round",
    "TcpCheck",
    "append_samples",
    "load_probes",
    "probe_round",
    "probes_from_document",
    "run_once",
    "run_round",
    "sample_rows",
]
