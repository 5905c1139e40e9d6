"""Building a SparkSession for the job (local, or whatever spark-submit configured)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

from xietong.errors import ConfigError

# Defaults that suit the job: Arrow off the path, Python workers reused (the gazetteer and
# automata load once per worker), few shuffle partitions for the small duplicate stage.
DEFAULTS: Mapping[str, str] = {
    "spark.python.worker.reuse": "true",
    "spark.sql.shuffle.partitions": "16",
}


def session(master: str | None = None, conf: Mapping[str, str] | None = None,
            app_name: str = "xietong") -> Any:
    """The active SparkSession, or a new one (``master`` e.g. ``local[2]``; under
    spark-submit leave it None).  Raises ConfigError when pyspark or Java is missing."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError("pyspark is not installed: pip install 'xietong[spark]'") from None
    # Local Python workers must be this interpreter (the one xietong is installed in).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in {**DEFAULTS, **(conf or {})}.items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # Java missing, JVM start failure: one clear message
        text = str(exc).strip().splitlines()
        raise ConfigError(f"cannot start Spark (is Java 17 installed and JAVA_HOME set?): "
                          f"{text[0] if text else type(exc).__name__}") from None
