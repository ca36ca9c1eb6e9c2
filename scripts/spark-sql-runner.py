"""
Run SQL statements on a local Spark session and write the results as JSON, for clvkit's live Spark
tests (test/sql/*.test.ts through test/helpers/spark.ts).

    python3 scripts/spark-sql-runner.py job.json out.json

job.json:
  {"tables": [{"name": "tx", "csv": "/path/file.csv", "rowNumber": "seq"}],   # cached; all columns strings;
                                                                              # rowNumber: optional 1-based
                                                                              # file-order column (bigint);
                                                                              # schema: optional DDL, e.g.
                                                                              # "x BIGINT, v DOUBLE"
   "statements": [{"sql": "CACHE TABLE s AS ..."},                            # run only
                  {"name": "summary", "sql": "SELECT ..."}]}                  # run, collected into out.json

out.json: {"sparkVersion": "3.5.x", "results": {"summary": {"columns": [...], "rows": [[...], ...]}},
           "seconds": [wall seconds of each statement, in order]}
Doubles are written with repr (shortest round-trip), NaN/Infinity as strings, so nothing is lost.
One session (local[2]) serves every statement of the job; a failing statement stops the job with
its error on stderr and exit code 1.
"""
import json
import math
import sys
import time


def cell(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if v is None or isinstance(v, (int, str, bool)):
        return v
    return str(v)


def main():
    job_path, out_path = sys.argv[1], sys.argv[2]
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("clvkit-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        for t in job.get("tables", []):
            reader = spark.read.option("header", "true").option("inferSchema", "false")
            if t.get("schema"):
                reader = reader.schema(t["schema"])
            df = reader.csv(t["csv"])
            if t.get("rowNumber"):
                # File order: the file read as one partition, in order, so the ids count rows 0, 1, 2, ...
                df = df.coalesce(1).withColumn(t["rowNumber"], F.monotonically_increasing_id() + F.lit(1))
            # Cached once: every statement reads the parsed table, not the file again.
            df = df.cache()
            df.count()
            df.createOrReplaceTempView(t["name"])
        results = {}
        seconds = []
        for s in job["statements"]:
            started = time.perf_counter()
            df = spark.sql(s["sql"])
            if s.get("name"):
                rows = df.collect()
                results[s["name"]] = {"columns": df.columns, "rows": [[cell(v) for v in r] for r in rows]}
            seconds.append(round(time.perf_counter() - started, 3))
        with open(out_path, "w", encoding="utf-8") as f:
            json.dump({"sparkVersion": spark.version, "results": results, "seconds": seconds}, f)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
