"""The SparkSession the Spark engine runs in (``pip install slaledger[spark]``, Java 17).

``spark_session(master=...)`` returns the active session when there is one (under
``spark-submit``, or a test's shared session), else builds one for ``master``:
``local[*]`` by default, or any master URL (``spark://host:7077``, ``yarn``,
``k8s://https://...``); under ``spark-submit`` (``slaledger.spark_submit``), the master
and settings spark-submit was given. Sessions are in UTC, so that instants never take the driver's
zone; the memory and shuffle settings are modest defaults that ``SLALEDGER_SPARK_CONF``
(``key=value`` pairs separated by commas) or spark-submit's ``--conf`` override.
"""

from __future__ import annotations

import os
import re
import warnings
from typing import TYPE_CHECKING

from slaledger.adapters.files.problems import InputError, Problem
from slaledger.domain.message import msg

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: ``scheme://``: what Spark opens with its own file systems (``s3a://``, ``abfss://``,
#: ``wasbs://``, ``hdfs://``, ``gs://``, ``file:///``...) rather than a local path
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")

#: settings of a session this module builds; spark-submit's own win over them
DEFAULTS = {
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.memory": "1g",
    "spark.sql.shuffle.partitions": "8",
    "spark.ui.enabled": "false",
    "spark.sql.ansi.enabled": "true",
}


def spark_session(*, master: str | None = None, app_name: str = "slaledger") -> SparkSession:
    """The active SparkSession, or a new one on ``master`` (see the module docs).

    Without ``master``: spark-submit's master and settings when run under it, else
    ``local[*]`` with the modest defaults."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:  # the optional extra is not installed
        raise InputError(
            [
                Problem(
                    "command line",
                    "--engine",
                    msg("input.cli.pyspark"),
                    "no module pyspark",
                )
            ]
        ) from None
    active = SparkSession.getActiveSession()
    if active is not None:
        active.conf.set("spark.sql.session.timeZone", "UTC")
        return active
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # the JVM of spark-submit started us
    builder = SparkSession.builder.appName(app_name)
    settings = {**DEFAULTS, **_extra_conf()}
    if master is not None or not submitted:
        builder = builder.master(master or "local[*]")
    if submitted:  # spark-submit's --conf and resources win; only the time zone is ours
        settings = {"spark.sql.session.timeZone": "UTC", **_extra_conf()}
    for key, value in settings.items():
        builder = builder.config(key, value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PySpark's notices about the pandas version
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def is_url(location: str) -> bool:
    """True for a URL Spark reads or writes itself (any ``scheme://``), False for a path."""
    return _URL.match(location) is not None


def _extra_conf() -> dict[str, str]:
    text = os.environ.get("SLALEDGER_SPARK_CONF", "")
    pairs = [part.split("=", 1) for part in text.split(",") if "=" in part]
    return {key.strip(): value.strip() for key, value in pairs}
