"""What each kind of source fetches for ``[since, until)``: tables of the core.

A puller is ``pull(source, since, until) -> Pulled``; ``since`` is None on a first sync
without a configured start. Pulling the same stretch twice must give the same facts:
the store's imports replace what they overlap (counts, samples: by service and
instant; incidents: by ticket), so a sync resumed after a restart duplicates nothing.

Kinds here read files an exporter keeps writing (``counts-file``, ``samples-file``,
``events-file``), an uptime monitor's export (``uptime-export``), mailboxes (``mail``),
helpdesks (``helpdesk``) and Prometheus (``prometheus``); connectors register theirs in ``PULLERS``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.observations import read_counts, read_samples
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.yaml_source import YamlDocument
from slaledger.adapters.ingest.probe.config import Probes, load_probes, probes_from_document
from slaledger.adapters.sync.config import Source
from slaledger.domain.helpdesk.compare import HelpdeskVerdict
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.message import Text, msg
from slaledger.domain.observations import CountTable, OutageTable, SampleTable, renamed, take


@dataclass(frozen=True)
class Verdicts:
    """A helpdesk's own SLA verdicts on the ``tickets`` it delivered (docs/helpdesks.md)."""

    tickets: tuple[str, ...]
    found: tuple[HelpdeskVerdict, ...]


@dataclass(frozen=True)
class Pulled:
    """What one pull brought, and the instant the source is now synced until."""

    reached: datetime
    counts: CountTable | None = None
    samples: SampleTable | None = None
    #: outage records an export holds, all of them: they replace the source's earlier ones
    outages: OutageTable | None = None
    events: IncidentTable | None = None
    verdicts: Verdicts | None = None


log = logging.getLogger(__name__)

Puller = Callable[[Source, datetime | None, datetime], Pulled]


def _option(source: Source, name: str) -> object:
    if name not in source.options:
        raise InputError(
            [
                Problem(
                    source.where,
                    f"options.{name}",
                    msg("input.sync.option", kind=source.kind, name=name),
                    "nothing",
                )
            ]
        )
    return source.options[name]


#: per kind, the options naming the environment variable that holds a credential, and
#: the variable of the environment they stand for (docs/sync.md: definitions given
#: through the API hold no secret, only these names)
ENV_OPTIONS: dict[str, dict[str, str]] = {
    "prometheus": {
        "token_env": "SLALEDGER_PROMETHEUS_TOKEN",
        "user_env": "SLALEDGER_PROMETHEUS_USER",
        "password_env": "SLALEDGER_PROMETHEUS_PASSWORD",
    },
    "mail": {"user_env": "SLALEDGER_IMAP_USER", "password_env": "SLALEDGER_IMAP_PASSWORD"},
    "helpdesk": {"token_env": "SLALEDGER_HELPDESK_TOKEN", "app_token_env": "app_token"},
}


def environ_of(source: Source) -> dict[str, str]:
    """The service's environment as ``source`` sees it: each ``*_env`` option's
    variable in place of the one it stands for (ENV_OPTIONS)."""
    environ = dict(os.environ)
    for option, standard in ENV_OPTIONS.get(source.kind, {}).items():
        name = source.options.get(option)
        if name is None:
            continue
        if str(name) not in os.environ:
            expected = msg("input.sync.env-set")
            raise InputError([Problem(source.where, f"options.{option}", expected, describe(name))])
        environ[standard] = os.environ[str(name)]
    return environ


def _epoch(at: datetime | None) -> int | None:
    return None if at is None else int(at.timestamp())


def counts_file(source: Source, since: datetime | None, until: datetime) -> Pulled:
    _option(source, "path")
    table = read_counts(source.path("path"))
    start = _epoch(since)
    keep = (table.interval_start + table.interval_seconds <= int(until.timestamp())) & (
        True if start is None else table.interval_start >= start
    )
    chosen = take(table, np.asarray(keep, dtype=np.bool_))
    ends = chosen.interval_start + chosen.interval_seconds
    reached = datetime.fromtimestamp(int(ends.max()), until.tzinfo) if len(chosen) else since
    return Pulled(reached=reached or until, counts=chosen if len(chosen) else None)


def samples_file(source: Source, since: datetime | None, until: datetime) -> Pulled:
    _option(source, "path")
    table = read_samples(source.path("path"))
    start = _epoch(since)
    keep = (table.at < int(until.timestamp())) & (True if start is None else table.at >= start)
    chosen = take(table, np.asarray(keep, dtype=np.bool_))
    reached = (
        datetime.fromtimestamp(int(chosen.at.max()) + 1, until.tzinfo) if len(chosen) else since
    )
    return Pulled(reached=reached or until, samples=chosen if len(chosen) else None)


def events_file(source: Source, since: datetime | None, until: datetime) -> Pulled:
    """The whole history each time: a ticket's events are replaced as a whole."""
    _option(source, "path")
    return Pulled(reached=until, events=read_events(source.path("path")))


def mail(source: Source, since: datetime | None, until: datetime) -> Pulled:
    """A mailbox (``options.source``: imap, mbox or eml) read with its e-mail rules
    (``options.rules``: a rules file, or a mapping file with a ``mail:`` section); IMAP
    credentials from SLALEDGER_IMAP_USER/PASSWORD. The whole mailbox each time: each
    thread's events replace the stored ones."""
    from slaledger.adapters.files.helpdesk_mapping import load_mail_rules_file
    from slaledger.adapters.ingest.mail import (
        ImapSource,
        imap_credentials,
        incident_table,
        mail_events,
        read_eml,
        read_imap,
        read_mbox,
    )

    kind = str(_option(source, "source"))
    _option(source, "rules")
    rules = load_mail_rules_file(source.path("rules")).rules
    if kind == "imap":
        user, password = imap_credentials(environ_of(source))
        imap = ImapSource(
            host=str(_option(source, "host")),
            port=None if source.options.get("port") is None else int(source.options["port"]),
            folder=str(source.options.get("folder", "INBOX")),
            security=source.options.get("security", "tls"),
            ca_file=source.options.get("ca_file"),
        )
        raws = read_imap(imap, user=user, password=password)
    elif kind in ("mbox", "eml"):
        _option(source, "path")
        reader = read_mbox if kind == "mbox" else read_eml
        raws = reader([source.path("path")])
    else:
        raise InputError(
            [Problem(source.where, "options.source", msg("input.sync.mail-source"), kind)]
        )
    return Pulled(reached=until, events=incident_table(mail_events(raws, rules)))


def helpdesk(source: Source, since: datetime | None, until: datetime) -> Pulled:
    """Tickets updated since the last sync from a helpdesk's API (docs/helpdesks.md):
    ``options.vendor`` (jira, zammad, glpi, servicenow, freshdesk, freshservice), ``url``,
    ``mapping``, ``user``, ``app_token``; the token from SLALEDGER_HELPDESK_TOKEN. Each
    ticket comes with its whole history, which replaces the stored one, and with the
    helpdesk's own verdicts on the clocks the mapping's ``sla`` pairs."""
    from slaledger.adapters.files.helpdesk_mapping import load_mapping
    from slaledger.adapters.ingest import sources as tickets
    from slaledger.domain.helpdesk.compare import helpdesk_verdicts
    from slaledger.services.helpdesk_import import tickets_to_incidents

    vendor = str(_option(source, "vendor"))
    if vendor not in tickets.names():
        raise InputError(
            [Problem(source.where, "options.vendor", ", ".join(tickets.names()), vendor)]
        )
    reader = tickets.get(vendor).read_api
    if reader is None:
        expected = msg("input.sync.helpdesk-api")
        raise InputError([Problem(source.where, "options.vendor", expected, vendor)])
    _option(source, "mapping")
    mapping = load_mapping(source.path("mapping"))
    environ = environ_of(source)
    options = tickets.SourceOptions(
        url=str(_option(source, "url")),
        token=environ.get("SLALEDGER_HELPDESK_TOKEN"),
        user=source.options.get("user"),
        app_token=source.options.get("app_token") or environ.get("app_token"),
        since=since,
        extra={
            k: str(source.options[k]).lower() if k == "task_sla" else str(source.options[k])
            for k in ("search", "table", "task_sla")
            if k in source.options
        },
    )
    imported = tickets_to_incidents(tickets=reader(options, mapping), rules=mapping.rules)
    table = imported.table
    chosen = imported.translated.tickets
    verdicts = (
        Verdicts(
            tuple(t.key for t in chosen),
            tuple(helpdesk_verdicts(chosen, mapping.rules.sla)),
        )
        if chosen
        else None
    )
    return Pulled(reached=until, events=table if table.log.names else None, verdicts=verdicts)


def source_probes(source: Source) -> tuple[Probes, str]:
    """A ``probe`` source's checks, and the origin their samples name: the checks given
    in its options (``options.checks``, with ``concurrency``: the sources file or the
    API), else those of its probes file (``options.probes``, docs/probes.md)."""
    if "checks" in source.options:
        document = YamlDocument(file=source.where, data=source.options)
        return probes_from_document(document, base=source.base), source.where or source.job
    _option(source, "probes")
    path = source.path("probes")
    return load_probes(path), str(path)


def probe(source: Source, since: datetime | None, until: datetime) -> Pulled:
    """One round of the source's checks (:func:`source_probes`) at each sync: the job's
    interval is the probing interval."""
    from slaledger.adapters.ingest.probe.runner import run_once

    probes, origin = source_probes(source)
    samples, warnings = run_once(
        probes.checks, now=until, concurrency=probes.concurrency, origin=origin
    )
    for warning in warnings:
        log.warning("%s: %s", source.job, warning)
    return Pulled(reached=until, samples=samples if len(samples) else None)


#: the options of an ``uptime-export`` source
UPTIME_OPTIONS = ("path", "format", "monitor", "timezone")


def uptime_export(source: Source, since: datetime | None, until: datetime) -> Pulled:
    """An uptime monitor's export (docs/sources.md: ``format`` uptimerobot, pingdom or
    uptimekuma, never guessed; ``path``; ``monitor`` and ``timezone`` as ``sla ingest
    uptime`` takes them), the whole export each time, as facts about the source's
    service: probe samples replace those of the same instants, outage records replace
    the ones this source stored before, so pulling the same export twice changes nothing."""
    from slaledger.adapters.ingest.uptime_exports import FORMATS, read_export

    def refuse(field: str, expected: Text, found: object) -> InputError:
        return InputError([Problem(source.where, field, expected, describe(found))])

    unknown = sorted(set(source.options) - set(UPTIME_OPTIONS))
    if unknown:
        names = ", ".join(UPTIME_OPTIONS)
        raise refuse(f"options.{unknown[0]}", msg("input.sync.one-of", names=names), unknown[0])
    kind = source.options.get("format")
    if kind not in FORMATS:
        raise refuse("options.format", msg("input.sync.one-of", names=", ".join(FORMATS)), kind)
    if not source.service:
        raise refuse("service", msg("input.sync.export-service"), None)
    _option(source, "path")
    path = source.path("path")
    monitor, zone = source.options.get("monitor"), source.options.get("timezone")
    export = read_export(
        kind,
        path,
        service=source.service,
        monitor=None if monitor is None else str(monitor),
        timezone=None if zone is None else str(zone),
    )
    name = f"{path} ({source.job})"  # the source its facts are stored under, and replace
    if isinstance(export.table, OutageTable):
        return Pulled(reached=until, outages=renamed(export.table, name))
    samples = renamed(export.table, name)
    return Pulled(reached=until, samples=samples if len(samples) else None)


#: the options of a ``prometheus`` source
PROMETHEUS_OPTIONS = (
    "url",
    "step",
    "delay",
    "ratio_query",
    "total_query",
    "errors_query",
    "counters",
    "up_query",
    "ca_file",
    "timeout",
    *ENV_OPTIONS["prometheus"],
)


def prometheus(source: Source, since: datetime | None, until: datetime) -> Pulled:
    """Whole steps of a Prometheus query (docs/sources.md) from ``since`` to ``until``
    less ``options.delay`` (default 2 min: Prometheus may not hold the newest steps yet,
    so they are left to the next sync). Options: ``url``, ``step`` (default 60s), one of
    ``ratio_query``, ``total_query`` with ``errors_query`` (``counters: true`` when they
    are cumulative), ``up_query``; ``ca_file``, ``timeout``. Credentials from
    SLALEDGER_PROMETHEUS_TOKEN, or SLALEDGER_PROMETHEUS_USER and _PASSWORD."""
    from slaledger.adapters.ingest.prometheus import PrometheusSource, duration_seconds
    from slaledger.adapters.ingest.prometheus_api import DEFAULT_TIMEOUT, PrometheusClient

    def refuse(field: str, expected: Text, found: object) -> InputError:
        return InputError([Problem(source.where, field, expected, describe(found))])

    unknown = sorted(set(source.options) - set(PROMETHEUS_OPTIONS))
    if unknown:
        raise refuse(
            f"options.{unknown[0]}",
            msg("input.sync.one-of", names=", ".join(PROMETHEUS_OPTIONS)),
            unknown[0],
        )
    if since is None:
        raise refuse("since", msg("input.sync.first-since"), None)
    if not source.service:
        raise refuse("service", msg("input.sync.query-service"), None)
    seconds = {}
    for name, default in (("step", "60s"), ("delay", "2m")):
        try:
            seconds[name] = duration_seconds(str(source.options.get(name, default)))
        except ValueError as exc:
            raise refuse(f"options.{name}", str(exc), source.options[name]) from None
    step = seconds["step"]
    text = {name: source.options.get(name) for name in PROMETHEUS_OPTIONS}
    try:
        query = PrometheusSource(
            service=source.service,
            step=step,
            ratio_query=text["ratio_query"],
            total_query=text["total_query"],
            errors_query=text["errors_query"],
            up_query=text["up_query"],
            counters=bool(text["counters"]),
        )
    except ValueError as exc:
        found = ", ".join(n for n in PROMETHEUS_OPTIONS if n.endswith("query") and text[n])
        raise refuse("options", str(exc).replace("--", "").replace("-", "_"), found) from None
    start = int(since.timestamp()) // step * step
    end = (int(until.timestamp()) - seconds["delay"]) // step * step
    if end <= start:
        return Pulled(reached=since)
    url = str(_option(source, "url"))
    ca_file = str(source.path("ca_file")) if source.options.get("ca_file") else None
    timeout = float(source.options.get("timeout", DEFAULT_TIMEOUT))
    environ = environ_of(source)
    with PrometheusClient.from_environment(
        url, ca_file=ca_file, timeout=timeout, environ=environ
    ) as client:
        table = query.fetch(client, start=start, end=end).table
    reached = datetime.fromtimestamp(end, until.tzinfo)
    if not len(table):
        return Pulled(reached=reached)
    if isinstance(table, CountTable):
        return Pulled(reached=reached, counts=table)
    return Pulled(reached=reached, samples=table)


PULLERS: dict[str, Puller] = {
    "probe": probe,
    "uptime-export": uptime_export,
    "helpdesk": helpdesk,
    "prometheus": prometheus,
    "counts-file": counts_file,
    "samples-file": samples_file,
    "events-file": events_file,
    "mail": mail,
}
