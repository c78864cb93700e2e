"""The entry point ``spark-submit`` runs: the ``sla`` command line on the cluster's session.

    spark-submit --master yarn --deploy-mode client \\
      "$(python -c 'import slaledger.spark_submit as m; print(m.__file__)')" \\
      ingest logs s3a://logs/2024/03/*.parquet --service api --engine spark \\
      --output s3a://ledger/counts/api-2024-03.parquet

Everything after the file is an ``sla`` command; spark-submit's ``--master``, ``--conf``
and resources apply (the session is created under spark-submit, so slaledger's local
defaults do not override them).
"""

from __future__ import annotations

import sys

from slaledger.adapters.cli.main import main

if __name__ == "__main__":
    main(sys.argv[1:])
