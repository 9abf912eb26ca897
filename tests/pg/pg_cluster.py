"""The throwaway PostgreSQL cluster of tests/pg/with_postgres.sh, seen from a Python test: its URL,
psql, stopping it the hard way and starting it again, and an integrity check (amcheck)."""
import json
import os
import shlex
import subprocess

URL = os.environ.get("MCS_TEST_PG_URL", "")
DATA = os.environ.get("MCS_TEST_PG_DATA", "")
LOG = os.environ.get("MCS_TEST_PG_LOG", "")
CTL = shlex.split(os.environ.get("MCS_TEST_PG_CTL", ""))
TMPFS = bool(os.environ.get("MCS_TEST_PG_TMPFS"))


def available():
    """Why the tests cannot run, or "" when they can."""
    if not (URL and DATA and CTL):
        return "MCS_TEST_PG_URL/DATA/CTL are not set (run under tests/pg/with_postgres.sh)"
    return ""


def psql(sql):
    """Runs `sql`; its output, unaligned, tuples only."""
    p = subprocess.run(["psql", URL, "-v", "ON_ERROR_STOP=1", "-Atqc", sql], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("psql %r: %s" % (sql[:80], p.stderr.decode().strip()))
    return p.stdout.decode()


def json_rows(sql):
    """The rows of `sql` (a SELECT of distinctly named columns) as tuples, through json_agg (json keeps
    the columns' order)."""
    out = psql("SELECT COALESCE(json_agg(q), '[]') FROM (%s) q" % sql).strip()
    return [tuple(r.values()) for r in json.loads(out)]


def stop_immediate():
    """`pg_ctl stop -m immediate`: every server process quits at once, no checkpoint; the next start
    runs crash recovery from the write-ahead log."""
    subprocess.run(CTL + ["-D", DATA, "-m", "immediate", "-w", "stop"], check=True, stdout=subprocess.DEVNULL,
                   timeout=60)


def start():
    subprocess.run(CTL + ["-D", DATA, "-l", LOG, "-w", "-t", "60", "start"], check=True, stdout=subprocess.DEVNULL,
                   timeout=90)


def integrity_problems():
    """amcheck over every table and B-tree index of the schema (heap pages, TOAST, index order and
    every heap tuple found in its indexes): the problems found, [] when the database is sound.
    PostgreSQL's counterpart of SQLite's PRAGMA integrity_check."""
    psql("CREATE EXTENSION IF NOT EXISTS amcheck")
    heap = psql("SELECT c.relname || ' block ' || v.blkno || ': ' || v.msg FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace, LATERAL verify_heapam(c.oid) v "
                "WHERE n.nspname = 'public' AND c.relkind = 'r'")
    # bt_index_check raises on the first problem; psql fails then, with the message.
    try:
        psql("SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
             "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam "
             "WHERE n.nspname = 'public' AND a.amname = 'btree'")
    except RuntimeError as e:
        return [l for l in heap.splitlines() if l] + [str(e)]
    return [l for l in heap.splitlines() if l]
