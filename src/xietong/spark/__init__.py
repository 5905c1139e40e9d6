"""The Spark job (optional extra ``xietong[spark]``): the pipeline over crawls at scale.

pyspark is imported only inside the functions that need it, so this package imports
without it.  :func:`run` is the job, :func:`session` builds a SparkSession,
:func:`load` (:mod:`xietong.spark.load`) puts the job's Parquet into the ledger.
"""

from __future__ import annotations

from xietong.spark.job import JobResult, run
from xietong.spark.session import session

__all__ = ["JobResult", "run", "session"]
