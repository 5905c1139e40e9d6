"""Explicit Spark schemas of the job's tables (imports pyspark: load only inside the job)."""

from __future__ import annotations

from pyspark.sql.types import (
    ArrayType,
    BinaryType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from xietong.spark.rows import ARTICLE_COLUMNS, FACT_COLUMNS, REJECT_COLUMNS


def _s(name: str, nullable: bool = True) -> StructField:
    return StructField(name, StringType(), nullable)


ARTICLES = StructType([
    _s("id", False), _s("url"), _s("source", False), _s("input", False), _s("title"),
    _s("published"), _s("outlet"), StructField("authors", ArrayType(StringType(), False), False),
    _s("text", False), _s("sha256", False), _s("extractor", False), _s("year", False),
    _s("province", False),
])
FACTS = StructType([
    _s("article_id", False), _s("source", False), StructField("seq", IntegerType(), False), _s("kind", False),
    _s("fact", False), _s("extractor", False), _s("year", False), _s("province", False),
])
REJECTS = StructType([_s("input", False), _s("source", False), _s("reason", False), _s("detail", False)])
DUPLICATES = StructType([_s("article_id", False), _s("story_id", False),
                         StructField("size", IntegerType(), False)])

# What the tasks emit: one row per article, fact or reject, tagged by ``t`` ("a"/"f"/"r"),
# the record in the struct of that name (the other two null).  Cached once, then split.
TAGGED = StructType([_s("t", False), StructField("a", ARTICLES), StructField("f", FACTS),
                     StructField("r", REJECTS)])
# The duplicate stage's band keys: one row per (article, band).
BANDS = StructType([StructField("band", IntegerType(), False), StructField("h", LongType(), False),
                    _s("id", False), StructField("sig", BinaryType(), False)])

assert tuple(ARTICLES.names) == ARTICLE_COLUMNS
assert tuple(FACTS.names) == FACT_COLUMNS
assert tuple(REJECTS.names) == REJECT_COLUMNS
