"""Runs Readout inside Spark (local[2]) as a streaming filter and checks what comes out.

1. `rdd.pipe` sends the input's JSONL articles through `readout code --format jsonl
   --stdin-format jsonl --jobs 1` in every task; the documents' events become typed rows that
   Spark writes as Parquet partitioned by month; the rows read back must equal, as a multiset of
   full event records, the events of the single-process run (SINGLE, `readout code --format
   jsonl` on the same file). Broken input lines must come back as error records, one each.
2. With checkCode=True, a task whose readout exits 1 (a failed article) fails the job.
3. Readout's own Parquet export (EXPORT, `readout export events --format parquet
   --partition-by month` of the same articles) read with `spark.read.parquet`: Spark's types,
   and the same events.

Prints the figures (articles, wall time, articles/s per core) as `key: value` lines.

Usage: python spark_pipe.py READOUT INPUT SINGLE EXPORT WORKDIR
"""
import collections
import datetime
import glob
import json
import os
import shlex
import subprocess
import sys
import time

CORES = 2


def java_home():
    """JAVA_HOME for PySpark: as set, else the java on PATH when it is 17, else a Java 17 under
    /usr/lib/jvm (scripts/spark.sh installs Debian's)."""
    if os.environ.get("JAVA_HOME"):
        return
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
        if 'version "17' in out:
            return
    except FileNotFoundError:
        pass
    found = sorted(glob.glob("/usr/lib/jvm/java-17-openjdk-*/bin/java"))
    if not found:
        sys.exit("spark_pipe.py: no Java 17 (run scripts/spark.sh, or set JAVA_HOME)")
    os.environ["JAVA_HOME"] = os.path.dirname(os.path.dirname(found[0]))


def event_month(date):
    """The month an event is filed under, as the store computes it (readout-store's
    event_month): days and months by their month, ISO weeks by their Thursday's month;
    years and undated events `unknown`."""
    if not date:
        return "unknown"
    value, precision = date["value"], date["precision"]
    if precision in ("day", "month"):
        return value[:7]
    if precision == "week":
        year, week = value.split("-W")
        return datetime.date.fromisocalendar(int(year), int(week[:2]), 4).strftime("%Y-%m")
    return "unknown"


def canonical(event):
    return json.dumps(event, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def summary(line):
    """One output line of `readout code --format jsonl`, kept small: the document's id and
    its events as flat rows, or the error record."""
    doc = json.loads(line)
    if doc.get("schema") != "readout/1":
        return (None, doc, [])
    return (doc["id"], None, event_rows(doc))


def event_rows(doc):
    """A document's events as flat rows."""
    published = datetime.date.fromisoformat(doc["published"]) if doc["published"] else None
    rows = []
    for e in doc["events"]:
        date, actor, recipient = e["date"] or {}, e["actor"] or {}, e["recipient"] or {}
        place = e["place"] or {}
        day = (
            datetime.date.fromisoformat(date["value"]) if date.get("precision") == "day" else None
        )
        rows.append((
            doc["id"], e["id"], published, date.get("value"), date.get("precision"), day,
            e["cameo"], e["cameo"][:2], e["plover"], e["plover_mode"], e["goldstein"],
            e["quad_class"], actor.get("code"), recipient.get("code"), e["symmetric"],
            e["status"], place.get("name"), place.get("lat"), place.get("lon"),
            e["sentence"]["start"], e["sentence"]["end"], e["trigger"]["text"], e["rule"],
            len(e.get("mentions", [])), canonical(e), event_month(e["date"]),
        ))
    return rows


def main():
    readout, input_path, single_path, export_dir, work = sys.argv[1:6]
    java_home()
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T

    spark = (
        SparkSession.builder.master(f"local[{CORES}]")
        .appName("readout-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", str(2 * CORES))
        .getOrCreate()
    )
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")

    schema = T.StructType([
        T.StructField("doc_id", T.StringType()),
        T.StructField("event_id", T.StringType()),
        T.StructField("published", T.DateType()),
        T.StructField("date", T.StringType()),
        T.StructField("date_precision", T.StringType()),
        T.StructField("day", T.DateType()),
        T.StructField("cameo", T.StringType()),
        T.StructField("cameo_root", T.StringType()),
        T.StructField("plover", T.StringType()),
        T.StructField("plover_mode", T.StringType()),
        T.StructField("goldstein", T.DoubleType()),
        T.StructField("quad_class", T.IntegerType()),
        T.StructField("actor_code", T.StringType()),
        T.StructField("recipient_code", T.StringType()),
        T.StructField("symmetric", T.BooleanType()),
        T.StructField("status", T.StringType()),
        T.StructField("place_name", T.StringType()),
        T.StructField("place_lat", T.DoubleType()),
        T.StructField("place_lon", T.DoubleType()),
        T.StructField("sentence_start", T.IntegerType()),
        T.StructField("sentence_end", T.IntegerType()),
        T.StructField("trigger", T.StringType()),
        T.StructField("rule", T.StringType()),
        T.StructField("mentions", T.IntegerType()),
        T.StructField("event", T.StringType()),
        T.StructField("month", T.StringType()),
    ])

    # The single-process run: what Spark must reproduce.
    single_lines = open(single_path, encoding="utf-8").read().splitlines()
    docs = {}
    single_errors = []
    for line in single_lines:
        d = json.loads(line)
        if d.get("schema") == "readout/1":
            docs[d["id"]] = d
        else:
            single_errors.append(d)
    expected = collections.Counter(
        (d["id"], canonical(e)) for d in docs.values() for e in d["events"]
    )
    input_lines = [l for l in open(input_path, encoding="utf-8").read().splitlines() if l.strip()]
    assert len(single_lines) == len(input_lines), (len(single_lines), len(input_lines))
    print(f"articles: {len(input_lines)}")
    print(f"single-process documents: {len(docs)}, error records: {len(single_errors)}")
    print(f"events: {sum(expected.values())}")

    # 1. Spark pipes the articles through readout, one process per task.
    command = " ".join(shlex.quote(a) for a in [
        readout, "code", "--format", "jsonl", "--stdin-format", "jsonl", "--jobs", "1",
    ])
    partitions = 4 * CORES
    out_dir = os.path.join(work, "spark-events")
    lines = sc.textFile(input_path, minPartitions=partitions).cache()
    lines.count()  # read the file once, outside the timings

    # Readout's own share: the pipe alone, documents counted in the JVM.
    started = time.monotonic()
    piped = lines.pipe(command).count()
    wall = time.monotonic() - started
    assert piped == len(input_lines), ("one line out per line in", piped)
    print(f"pipe only: wall seconds: {wall:.1f}, articles/s per core: "
          f"{len(input_lines) / wall / CORES:.0f}")

    started = time.monotonic()
    coded = lines.pipe(command).map(summary).persist(StorageLevel.MEMORY_AND_DISK)
    events = spark.createDataFrame(coded.flatMap(lambda s: s[2]), schema)
    events.write.partitionBy("month").mode("overwrite").parquet(out_dir)
    wall = time.monotonic() - started
    tasks = lines.getNumPartitions()
    print(f"spark tasks: {tasks}")
    print(f"pipe + events in Python + Parquet: wall seconds: {wall:.1f}, articles/s per core: "
          f"{len(input_lines) / wall / CORES:.0f}")

    outputs = coded.map(lambda s: s[:2]).collect()
    assert len(outputs) == len(input_lines), ("one line out per line in", len(outputs))
    assert sorted(i for i, _ in outputs if i is not None) == sorted(docs), "not the same documents"
    spark_errors = [e for _, e in outputs if e is not None]
    for rec in spark_errors:
        assert set(rec) == {"id", "line", "file", "error"}, rec
        assert rec["file"] == "<stdin>", rec
    assert sorted(str(r["id"]) for r in spark_errors) == sorted(
        str(r["id"]) for r in single_errors
    ), (spark_errors, single_errors)
    assert sorted(r["error"] for r in spark_errors) == sorted(r["error"] for r in single_errors)
    print(f"spark error records: {len(spark_errors)} (as in the single-process run)")

    back = spark.read.parquet(out_dir)
    types = {f.name: f.dataType.simpleString() for f in back.schema.fields}
    for col, want in [("goldstein", "double"), ("quad_class", "int"), ("day", "date"),
                      ("published", "date"), ("sentence_start", "int"), ("symmetric", "boolean"),
                      ("cameo", "string"), ("month", "string")]:
        assert types[col] == want, (col, types[col], want)
    months = sorted(os.path.basename(p) for p in glob.glob(os.path.join(out_dir, "month=*")))
    rows = back.collect()
    got = collections.Counter((r["doc_id"], r["event"]) for r in rows)
    if got != expected:
        missing = list((expected - got).items())[:3]
        extra = list((got - expected).items())[:3]
        sys.exit(f"Spark's events differ from one process's:\nmissing {missing}\nextra {extra}")
    for r in rows:
        e = json.loads(r["event"])
        assert r["event_id"] == e["id"] and r["cameo"] == e["cameo"], r
        assert r["goldstein"] == e["goldstein"] and r["quad_class"] == e["quad_class"], r
        assert r["month"] == event_month(e["date"]), (r["month"], e["date"])
        if r["day"] is not None:
            assert r["day"].isoformat() == e["date"]["value"], r
        d = docs[r["doc_id"]]
        assert r["published"].isoformat() == d["published"], r
    print(f"spark parquet: {len(rows)} events in {len(months)} month partitions, equal to one "
          "process's")

    # 1b. The same events taken out of the documents by Spark's own JSON reader (in the JVM,
    # no Python per document): the faster way, and the same events.
    from pyspark.sql import functions as F
    doc_schema = """schema STRING, id STRING, published DATE, events ARRAY<STRUCT<
        id: STRING, cameo: STRING, goldstein: DOUBLE, quad_class: INT,
        actor: STRUCT<code: STRING>, recipient: STRUCT<code: STRING>,
        date: STRUCT<value: STRING, precision: STRING>, status: STRING, rule: STRING>>"""
    year, week = F.split("e.date.value", "-W").getItem(0), F.split("e.date.value", "-W").getItem(1)
    jan4 = F.make_date(year.cast("int"), F.lit(1), F.lit(4))
    thursday = F.date_add(F.date_sub(jan4, F.weekday(jan4)),
                          (F.substring(week, 1, 2).cast("int") - 1) * 7 + 3)
    month = (F.when(F.col("e.date.precision").isin("day", "month"),
                    F.substring("e.date.value", 1, 7))
             .when(F.col("e.date.precision") == "week", F.date_format(thursday, "yyyy-MM"))
             .otherwise(F.lit("unknown")))
    jvm_dir = os.path.join(work, "spark-events-jvm")
    started = time.monotonic()
    docs_df = spark.read.schema(doc_schema).json(lines.pipe(command))
    (docs_df.where("schema = 'readout/1'")
     .select("id", "published", F.explode("events").alias("e"))
     .select(F.col("id").alias("doc_id"), "published", F.col("e.id").alias("event_id"),
             "e.cameo", "e.goldstein", "e.quad_class",
             F.col("e.actor.code").alias("actor_code"),
             F.col("e.recipient.code").alias("recipient_code"),
             F.col("e.date.value").alias("date"), "e.status", "e.rule", month.alias("month"))
     .write.partitionBy("month").mode("overwrite").parquet(jvm_dir))
    wall = time.monotonic() - started
    print(f"pipe + events in the JVM (from_json) + Parquet: wall seconds: {wall:.1f}, "
          f"articles/s per core: {len(input_lines) / wall / CORES:.0f}")
    cols = ["doc_id", "event_id", "cameo", "goldstein", "quad_class", "actor_code",
            "recipient_code", "date", "status", "rule", "month"]
    jvm = collections.Counter(tuple(r) for r in spark.read.parquet(jvm_dir).select(cols).collect())
    want = collections.Counter(
        (d["id"], e["id"], e["cameo"], e["goldstein"], e["quad_class"],
         (e["actor"] or {}).get("code"), (e["recipient"] or {}).get("code"),
         (e["date"] or {}).get("value"), e["status"], e["rule"], event_month(e["date"]))
        for d in docs.values() for e in d["events"]
    )
    assert jvm == want, ("JVM extraction differs", list((want - jvm).items())[:3],
                         list((jvm - want).items())[:3])
    print(f"JVM extraction: the same {sum(jvm.values())} events")

    # 2. checkCode=True: an article that fails makes readout exit 1, and Spark fails the job.
    bad = sc.parallelize(['{"id":"ok","text":"Fine."}', "not json"], 1)
    try:
        bad.pipe(command, checkCode=True).collect()
        sys.exit("checkCode=True: the failed article did not fail the job")
    except Exception as e:  # Py4JJavaError wrapping the task's RuntimeError
        assert "exited with error code 1" in str(e), str(e)[-3000:]
    survived = bad.pipe(command).collect()
    assert len(survived) == 2 and json.loads(survived[1])["error"], survived
    print("checkCode=True fails the job on exit status 1; the default keeps the error record")

    # An empty partition is no article (no line out).
    assert sc.parallelize([], 3).pipe(command).collect() == []

    # 3. Readout's own export, read by Spark.
    exported = spark.read.parquet(export_dir)
    types = {f.name: f.dataType.simpleString() for f in exported.schema.fields}
    for col, want in [("GlobalEventID", "bigint"), ("Day", "bigint"), ("MonthYear", "bigint"),
                      ("Year", "bigint"), ("QuadClass", "bigint"), ("NumMentions", "bigint"),
                      ("GoldsteinScale", "double"), ("FractionDate", "double"),
                      ("ActionGeo_Lat", "double"), ("EventCode", "string"),
                      ("DocumentId", "string"), ("Date", "string"), ("month", "string")]:
        assert types.get(col) == want, (col, types.get(col), want)
    export_rows = exported.collect()
    by_key = {(d["id"], e["id"]): (d, e) for d in docs.values() for e in d["events"]}
    keys = collections.Counter((r["DocumentId"], r["EventId"]) for r in export_rows)
    assert keys == collections.Counter(by_key.keys()), "the export's events are not one process's"
    for r in export_rows:
        d, e = by_key[(r["DocumentId"], r["EventId"])]
        date, actor, recipient = e["date"] or {}, e["actor"] or {}, e["recipient"] or {}
        checks = [
            ("EventCode", e["cameo"]), ("EventRootCode", e["cameo"][:2]),
            ("GoldsteinScale", e["goldstein"]), ("QuadClass", max(e["quad_class"], 1)),
            ("Actor1Code", actor.get("code")), ("Actor2Code", recipient.get("code")),
            ("Date", date.get("value")), ("DatePrecision", date.get("precision")),
            ("Status", e["status"]), ("PloverCategory", e["plover"]), ("Rule", e["rule"]),
            ("Trigger", e["trigger"]["text"]), ("NumMentions", 1 + len(e.get("mentions", []))),
            ("Sentence", d["text"][e["sentence"]["start"]:e["sentence"]["end"]]),
            ("Day", int(date["value"].replace("-", "")) if date.get("precision") == "day"
             else None),
            ("month", event_month(e["date"])),
        ]
        for col, want in checks:
            assert r[col] == want, (col, r[col], want, r["DocumentId"], r["EventId"])
    export_months = sorted(
        os.path.basename(p) for p in glob.glob(os.path.join(export_dir, "month=*"))
    )
    assert export_months == months, (export_months, months)
    print(f"readout export read by Spark: {len(export_rows)} events, {len(types)} columns, "
          "typed, the same events and month partitions")
    spark.stop()


if __name__ == "__main__":
    main()
