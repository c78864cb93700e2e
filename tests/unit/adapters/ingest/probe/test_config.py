"""The probes file: what it accepts, and errors that name the file, line, field, what was
expected and what was found."""

from __future__ import annotations

from pathlib import Path

import pytest

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.files.yaml_source import load_yaml_text
from slaledger.adapters.ingest.probe.config import (
    HttpCheck,
    Probes,
    TcpCheck,
    duration_seconds,
    load_probes,
    probes_from_document,
)

GOOD = """\
concurrency: 20
checks:
  - id: web-home
    service: web
    kind: http
    url: https://web.example/health
    method: head
    interval: 5m
    timeout: 500ms
    expected_status: [200-299, 304]
    body_matches: 'ok|fine'
    certificate_warning: 2 weeks
  - {id: web-db, service: web, kind: tcp, host: db.example, port: 5432, interval: 1.5min}
"""


def _problems(text: str, prefix: tuple[str, ...] = ()) -> list[str]:
    with pytest.raises(InputError) as refused:
        probes_from_document(load_yaml_text(text, "probes.yaml"), prefix)
    return [str(p) for p in refused.value.problems]


def _one(check: str) -> list[str]:
    return _problems("checks:\n  - " + check.replace("\n", "\n    ") + "\n")


def test_a_probes_file_loads_with_its_defaults_and_fixed_durations() -> None:
    probes = probes_from_document(load_yaml_text(GOOD, "probes.yaml"))
    web, db = probes.checks
    assert probes.concurrency == 20
    assert isinstance(web, HttpCheck)
    assert (web.method, web.interval, web.timeout_seconds) == ("HEAD", 300, 0.5)
    assert web.accepted == frozenset(range(200, 300)) | {304}
    assert web.certificate_warning == 14 * 86_400
    assert web.follow_redirects is True
    assert web.body_pattern is not None
    assert web.body_pattern.search("all fine")
    assert isinstance(db, TcpCheck)
    assert (db.interval, db.timeout_seconds, db.target) == (90, 10.0, "tcp://db.example:5432")


def test_defaults_a_60s_interval_and_a_timeout_no_longer_than_the_interval() -> None:
    probes = Probes.model_validate(
        {"checks": [{"id": "a", "service": "s", "kind": "http", "url": "http://x.example/"},
                    {"id": "b", "service": "s", "kind": "tcp", "host": "::1", "port": 1,
                     "interval": "5s"}]}
    )  # fmt: skip
    first, second = probes.checks
    assert (first.interval, first.timeout_seconds) == (60, 10.0)
    assert isinstance(first, HttpCheck)
    assert first.expected_status == "200-299"
    assert (second.interval, second.timeout_seconds) == (5, 5.0)
    assert isinstance(second, TcpCheck)
    assert second.target == "tcp://[::1]:1"


def test_the_model_gives_back_what_it_reads() -> None:
    probes = probes_from_document(load_yaml_text(GOOD, "probes.yaml"))
    dumped = probes.model_dump()
    assert dumped["checks"][0]["interval"] == "300s"
    assert dumped["checks"][0]["timeout"] == "0.5s"
    assert Probes.model_validate(dumped) == probes


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30), ("1.5min", 90), ("2h", 7200),  # the contract files' syntax
        ("5m", 300), ("500ms", 0.5),  # Go-style minutes and milliseconds
    ],
)  # fmt: skip
def test_durations(text: str, seconds: float) -> None:
    assert float(duration_seconds(text)) == seconds


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        # an unknown field, named with its line
        ("{id: a, service: s, kind: http, url: 'http://x.example/', colour: red}",
         "probes.yaml:2:71: checks[0].colour: expected only known fields, found unknown field "
         "'colour'"),
        # a URL that is not http(s)
        ("{id: a, service: s, kind: http, url: 'ftp://x.example/'}",
         "probes.yaml:2:42: checks[0].url: expected an http:// or https:// URL with a host, "
         "found 'ftp://x.example/'"),
        # a URL without a host
        ("{id: a, service: s, kind: http, url: 'https:///health'}",
         "probes.yaml:2:42: checks[0].url: expected an http:// or https:// URL with a host, "
         "found 'https:///health'"),
        # credentials in a URL would end up in every trace
        ("{id: a, service: s, kind: http, url: 'https://me:secret@x.example/'}",
         "probes.yaml:2:42: checks[0].url: expected a URL without user:password (sample "
         "sources are shown in traces), found 'https://x.example/' with credentials"),
        # a duration without unit
        ("{id: a, service: s, kind: tcp, host: x.example, port: 1, interval: 60}",
         "probes.yaml:2:72: checks[0].interval: expected a duration such as 30s, 5m or 1h "
         "(with its unit), found 60"),
        # a duration the syntax does not know
        ("{id: a, service: s, kind: tcp, host: x.example, port: 1, interval: soon}",
         "probes.yaml:2:72: checks[0].interval: expected a duration such as 30s, 5m or 1h, "
         "found 'soon'"),
        # a month has no fixed length
        ("{id: a, service: s, kind: tcp, host: x.example, port: 1, interval: 1 month}",
         "probes.yaml:2:72: checks[0].interval: expected a duration such as 30s, 5m or 1h "
         "(a fixed length), found '1 month'"),
        # samples are whole seconds
        ("{id: a, service: s, kind: tcp, host: x.example, port: 1, interval: 1500ms}",
         "probes.yaml:2:72: checks[0].interval: expected a whole number of seconds, at least "
         "1s, found '1500ms'"),
        # a timeout longer than the interval would overlap the next run
        ("{id: a, service: s, kind: tcp, host: x.example, port: 1, interval: 30s, timeout: 1m}",
         "probes.yaml:2:86: checks[0].timeout: expected a timeout at most the interval (30s), "
         "found 60s"),
        # a kind the prober does not have
        ("{id: a, service: s, kind: icmp, host: x.example}",
         "probes.yaml:2:31: checks[0].kind: expected a kind, http or tcp, found 'icmp'"),
        # no kind at all
        ("{id: a, service: s, host: x.example}",
         "probes.yaml:2:5: checks[0]: expected a kind, http or tcp, found nothing"),
        # a port out of range
        ("{id: a, service: s, kind: tcp, host: x.example, port: 70000}",
         "probes.yaml:2:59: checks[0].port: expected a port between 1 and 65535, found 70000"),
        # a host with a scheme
        ("{id: a, service: s, kind: tcp, host: 'tcp://x.example', port: 1}",
         "probes.yaml:2:42: checks[0].host: expected a host name or IP address (no scheme, no "
         "port), found 'tcp://x.example'"),
        # a status outside HTTP's
        ("{id: a, service: s, kind: http, url: 'http://x.example/', expected_status: [200, 99]}",
         "probes.yaml:2:80: checks[0].expected_status: expected HTTP statuses or ranges "
         "between 100 and 599, such as 200-299 or [200, 301], found 99"),
        # a regular expression that does not compile
        ("{id: a, service: s, kind: http, url: 'http://x.example/', body_matches: '(x'}",
         "probes.yaml:2:77: checks[0].body_matches: expected a Python regular expression, "
         "found '(x' (missing ), unterminated subpattern at position 0)"),
        # an id with a space
        ("{id: 'a b', service: s, kind: tcp, host: x.example, port: 1}",
         "probes.yaml:2:10: checks[0].id: expected an id of letters, digits, '.', '_' or '-' "
         "(100 at most), found 'a b'"),
        # a missing field
        ("{id: a, service: s, kind: tcp, host: x.example}",
         "probes.yaml:2:5: checks[0].port: expected this field, found nothing"),
    ],
)  # fmt: skip
def test_a_bad_check_is_refused_naming_line_field_expected_and_found(
    check: str, expected: str
) -> None:
    assert _one(check) == [expected]


def test_a_duplicate_id_is_refused_with_the_other_problems() -> None:
    text = """\
checks:
  - {id: web, service: s, kind: tcp, host: x.example, port: 1}
  - {id: web, service: s, kind: tcp, host: y.example, port: 2}
  - {id: other, service: s, kind: tcp, host: y.example, port: 0}
"""
    assert _problems(text) == [
        "probes.yaml:3:10: checks[1].id: expected each check id once, found 'web' again, "
        "as checks[0]",
        "probes.yaml:4:63: checks[2].port: expected a port between 1 and 65535, found 0",
    ]


def test_the_model_itself_refuses_a_duplicate_id() -> None:
    check = {"id": "web", "service": "s", "kind": "tcp", "host": "x.example", "port": 1}
    with pytest.raises(ValueError, match="each check id once, found 'web' again, as checks"):
        Probes.model_validate({"checks": [check, check]})


def test_a_file_without_checks_is_refused() -> None:
    assert _problems("concurrency: 5\n") == [
        "probes.yaml:1:1: checks: expected this field, found nothing"
    ]
    assert _problems("checks: []\n") == [
        "probes.yaml:1:9: checks: expected list should have at least 1 item after "
        "validation, not 0, found []"
    ]


def test_nested_probes_are_located_in_the_sources_file() -> None:
    text = "contract: x\nprobes:\n  checks:\n    - {id: a, service: s, kind: udp}\n"
    assert _problems(text, ("probes",)) == [
        "probes.yaml:4:33: probes.checks[0].kind: expected a kind, http or tcp, found 'udp'"
    ]
    assert _problems("contract: x\n", ("probes",)) == [
        "probes.yaml:1:1: probes: expected a mapping with a 'checks' list, found nothing"
    ]


def test_a_relative_ca_file_is_read_next_to_the_probes_file(tmp_path: Path) -> None:
    (tmp_path / "probes.yaml").write_text(
        "checks:\n  - {id: a, service: s, kind: http, url: 'https://x.example/', "
        "ca_file: missing.pem}\n  - {id: b, service: s, kind: http, url: 'https://x.example/', "
        "ca_file: garbage.pem}\n",
        encoding="utf-8",
    )
    (tmp_path / "garbage.pem").write_text("not a certificate\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_probes(tmp_path / "probes.yaml")
    first, second = (str(p) for p in refused.value.problems)
    assert first == (
        f"{tmp_path / 'probes.yaml'}:2:73: checks[0].ca_file: expected a PEM file of CA "
        "certificates, found 'missing.pem' (no such file)"
    )
    assert second.startswith(
        f"{tmp_path / 'probes.yaml'}:3:73: checks[1].ca_file: expected a PEM file of CA "
        "certificates, found 'garbage.pem' ("
    )
