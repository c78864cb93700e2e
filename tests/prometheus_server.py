"""A real Prometheus for the tests and the benchmark: Debian's ``prometheus`` package,
with history written by ``promtool tsdb create-blocks-from openmetrics`` from an
OpenMetrics file generated here, served on a loopback port and stopped at the end.

The port is ``SLALEDGER_TEST_PROMETHEUS_PORT`` when set, else one the system assigns.
Missing binaries fail loudly (``scripts/prereqs`` installs them): never a skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
from numpy.typing import ArrayLike

#: how long the server may take to load its blocks and answer /-/ready
READY_SECONDS = 90
#: the retention that keeps backfilled history of any age
RETENTION = "100y"
#: backfilled blocks span up to a month (promtool's default, 2 h, makes thousands)
BLOCK_DURATION = "744h"


@dataclass(frozen=True)
class Family:
    """One OpenMetrics metric family: its name, type, and series as (labels, epoch
    seconds, values). A counter's samples are named ``<name>_total``."""

    name: str
    kind: str
    series: list[tuple[Mapping[str, str], ArrayLike, ArrayLike]]


def openmetrics(families: Iterable[Family]) -> str:
    """The OpenMetrics text of ``families``, each series in time order, ``# EOF`` last."""
    parts: list[str] = []
    for family in families:
        parts.append(f"# TYPE {family.name} {family.kind}\n")
        sample = family.name + ("_total" if family.kind == "counter" else "")
        for labels, at, values in family.series:
            text = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
            prefix = f"{sample}{{{text}}} "
            at_text = np.asarray(at, dtype=np.int64).astype(str)
            value_text = np.char.mod("%.17g", np.asarray(values, dtype=np.float64))
            for python, openmetrics_text in (("nan", "NaN"), ("-inf", "-Inf"), ("inf", "+Inf")):
                value_text = np.where(value_text == python, openmetrics_text, value_text)
            lines = np.char.add(np.char.add(np.char.add(prefix, value_text), " "), at_text)
            parts.append("\n".join(lines.tolist()) + ("\n" if len(lines) else ""))
    parts.append("# EOF\n")
    return "".join(parts)


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(
            f"{name} is not installed: run scripts/prereqs (apt-get install prometheus)"
        )
    return found


def _port() -> int:
    configured = os.environ.get("SLALEDGER_TEST_PROMETHEUS_PORT")
    if configured:
        return int(configured)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrometheusServer:
    """A Prometheus serving the history of ``families`` from ``folder``."""

    def __init__(self, folder: Path, families: Iterable[Family]) -> None:
        self.folder = folder
        data = folder / "tsdb"
        source = folder / "history.om"
        source.write_text(openmetrics(families), encoding="utf-8")
        subprocess.run(
            [
                _binary("promtool"),
                "tsdb",
                "create-blocks-from",
                "openmetrics",
                f"--max-block-duration={BLOCK_DURATION}",
                str(source),
                str(data),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        config = folder / "prometheus.yml"
        config.write_text("global:\n  scrape_interval: 1h\n", encoding="utf-8")
        self.port = _port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "prometheus.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    _binary("prometheus"),
                    f"--config.file={config}",
                    f"--storage.tsdb.path={data}",
                    f"--storage.tsdb.retention.time={RETENTION}",
                    f"--web.listen-address=127.0.0.1:{self.port}",
                    "--log.level=warn",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prometheus exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/-/ready", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"prometheus not ready after {READY_SECONDS} s: {self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
