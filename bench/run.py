"""Casework's benchmark: real HTTP requests to gunicorn, against PostgreSQL holding benchmark data.

Run it with `make bench` (see bench/README.md). It

1. makes sure the benchmark database holds the data (`generate_bench_data`, 100,000 cases and
   about a million claims by default; kept between runs),
2. starts gunicorn with production settings (DEBUG off, persistent database connections),
3. measures each page with wrk from Debian's packages: a trivial Django view as the baseline,
   the home page, the case list (first and deep pages, each filter, a common and a rare search
   word), a case with 300 claims, the stats page, the admin case list and admin search,
4. runs 16 connections of mixed public reads for 60 s,
5. downloads the full claims CSV export from a one-worker gunicorn, timing it and reading the
   worker's peak memory from /proc,
6. imports a 100,000-row file into a copy of the database, and
7. prints one table and writes it, with the machine and the data size, to bench/results/.

It is not a test: it prints figures. Nothing here asserts a target; bench/README.md lists them.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
REPORT_LUA = BENCH / "report.lua"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/casework_bench"
PORT, EXPORT_PORT = 8765, 8766
ADMIN_USER = "bench-admin"

# Targets from issue 6, in milliseconds of p95 (or as stated), for the table's last column.
TARGETS = {"public": 100, "search": 150, "case": 80, "admin": 300}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--cases", type=int, default=100_000, help="Cases in the benchmark data (default 100000).")
    parser.add_argument("--claims-per-case", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="Seconds per page (default 10).")
    parser.add_argument("--connections", type=int, default=2,
                        help="Concurrent connections per page (default 2, one per core).")
    parser.add_argument("--mixed-duration", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4).")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--skip", action="append", default=[], choices=["pages", "mixed", "export", "import"])
    parser.add_argument("--output", type=Path, help=(
        "Where to write the results (default bench/results/<date>-<time>.md); only a full run with no --output "
        "also replaces latest.md."))
    args = parser.parse_args()

    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is missing: install Debian's wrk package (apt-get install wrk), or run `make bench`.")
    env = bench_environment(args.database_url)
    data = ensure_data(env, args)
    rows = []
    with tempfile.TemporaryDirectory(prefix="casework-bench-") as scratch:
        scratch = Path(scratch)
        targets = pick_targets(env)
        if "pages" not in args.skip or "mixed" not in args.skip:
            with gunicorn(env, PORT, args.workers, scratch / "gunicorn.log"):
                cookie = f"sessionid={targets['session']}"
                if "pages" not in args.skip:
                    rows += measure_pages(targets, cookie, args)
                if "mixed" not in args.skip:
                    rows.append(measure_mixed(targets, args))
        if "export" not in args.skip:
            rows.append(measure_export(env, scratch))
        if "import" not in args.skip:
            rows.append(measure_import(env, args, scratch))
    report = render(rows, data, args)
    print(report)
    # Named to the minute, so that a second run the same day keeps the first.
    output = args.output or RESULTS / f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d-%H%M}.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report, encoding="utf-8")
    if args.output or args.skip:
        # A partial run, or one written elsewhere, is not the project's latest full record.
        print(f"Written to {output}")
        return
    (RESULTS / "latest.md").write_text(report, encoding="utf-8")
    print(f"Written to {output} and bench/results/latest.md")


# --- the application --------------------------------------------------------------------------


def bench_environment(database_url):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_CONN_MAX_AGE": "600",
        "STATIC_ROOT": str(ROOT / "staticfiles"),
        "LOG_LEVEL": "WARNING",
        "CASEWORK_IMPORT_MAX_BYTES": str(200 * 1024 * 1024),
        "CASEWORK_API_RATE": "1000000/hour",
        # gunicorn serves plain http on 127.0.0.1 here, with no proxy in front: production's
        # redirect to https would answer every request with a 301, and browsers (not wrk)
        # would drop cookies marked secure. HSTS is only ever sent over https anyway.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
    })
    return env


def manage(env, *arguments, capture=False):
    command = [str(PYTHON), "manage.py", *arguments]
    if not capture:
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        return ""
    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if finished.returncode:
        sys.exit(f"manage.py {arguments[0]} failed:\n{finished.stdout}{finished.stderr}")
    return finished.stdout


def django_value(env, code):
    """Run `code` in manage.py shell; it prints one JSON value, returned decoded."""
    return json.loads(manage(env, "shell", "--no-imports", "-c", code, capture=True).strip().splitlines()[-1])


def ensure_data(env, args):
    create_database(args.database_url)
    manage(env, "migrate", "--noinput", "-v0")
    count = django_value(env, "import json; from incidents.models import Incident; "
                              "print(json.dumps(Incident.objects.count()))")
    if count == 0:
        print(f"Generating {args.cases} cases (about {args.cases * args.claims_per_case:.0f} claims)…", flush=True)
        manage(env, "generate_bench_data", "--cases", str(args.cases), "--claims-per-case",
               str(args.claims_per_case), "--seed", str(args.seed))
        manage(env, "dbshell", "--", "-c", "VACUUM ANALYZE")
    elif count != args.cases:
        print(f"Note: the benchmark database holds {count} cases, not {args.cases}; measuring what it holds. "
              "Drop it to generate anew.", flush=True)
    manage(env, "collectstatic", "--noinput", "-v0")
    return django_value(env, """
import json
from django.db import connection
from incidents.models import CaseEvent, Claim, Incident, Source
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database())), version()")
    size, version = cursor.fetchone()
print(json.dumps({"cases": Incident.objects.count(), "published": Incident.objects.filter(is_published=True).count(),
    "claims": Claim.objects.count(), "sources": Source.objects.count(), "log": CaseEvent.objects.count(),
    "size": size, "postgres": version.split(" on ")[0]}))
""")


def create_database(database_url):
    """Create the benchmark database if it is missing (its server must be running)."""
    url = urllib.parse.urlparse(database_url)
    name = url.path.lstrip("/")
    psql = ["psql", "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres",
            "-d", "postgres", "-tAc"]
    if not re.fullmatch(r"\w+", name):
        sys.exit(f"The benchmark database's name must be letters, digits and underscores: {name!r}.")
    # The name is checked above: it comes from the benchmark's own option, not from a request.
    exists = subprocess.run([*psql, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],  # nosec B608
                            capture_output=True, text=True, check=True).stdout.strip()
    if not exists:
        subprocess.run([*psql, f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
    return name


def pick_targets(env):
    """Real URLs to measure, read from the data: a deep page, a heavy case, common and rare words."""
    return django_value(env, f"""
import json
from collections import Counter
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count
from incidents.models import Claim, Incident, Party
public = Incident.objects.filter(is_published=True)
heavy, heavy_pk = (public.annotate(n=Count("claims")).filter(n__gte=300).values_list("code", "pk").first()
                   or public.annotate(n=Count("claims")).order_by("-n").values_list("code", "pk").first())
user, _ = get_user_model().objects.get_or_create(username="{ADMIN_USER}",
                                                 defaults={{"is_staff": True, "is_superuser": True}})
# Superusers need a second factor: the benchmark's session is one that has given a code.
import time
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from accounts.sessions import SIGNED_IN_AT
device, _ = TOTPDevice.objects.get_or_create(user=user, name="benchmark", defaults={{"confirmed": True}})
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session[SIGNED_IN_AT] = int(time.time())
session.create()
words = Counter()
for document in public.order_by("id").values_list("search_document", flat=True)[:20000]:
    words.update(set(document.split()))
common = [w for w, n in words.most_common(200) if w.isalpha() and len(w) > 3][0]
rare = min((n, w) for w, n in words.items() if w.isalpha() and len(w) > 4)[1]
party = Party.objects.order_by("id").values_list("pk", flat=True).first()
codes = list(public.order_by("?").values_list("code", flat=True)[:400])
pages = max(1, public.count() // 25)
print(json.dumps({{"heavy": heavy, "heavy_pk": heavy_pk, "session": session.session_key, "common": common, "rare": rare,
                   "party": party, "codes": codes, "pages": pages}}))
""")


class gunicorn:
    """gunicorn serving the project on 127.0.0.1:port for the length of a `with` block."""

    def __init__(self, env, port, workers, log):
        self.env, self.port, self.workers, self.log = env, port, workers, log

    def __enter__(self):
        self.log_file = open(self.log, "w")
        self.process = subprocess.Popen(
            [str(GUNICORN), "casework.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--worker-class", "sync", "--timeout", "600", "--access-logfile", "-"],  # nosec B608
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=self.log_file,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                # Our own server on the loopback address: a fixed http URL.
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):  # nosec B310
                    break
            except OSError:
                time.sleep(0.2)
        else:
            self.__exit__()
            sys.exit(f"gunicorn did not start; see its log:\n{self.log.read_text()}")
        return self

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log_file.close()


# --- measuring --------------------------------------------------------------------------------


def wrk(url, *, connections, duration, script=REPORT_LUA, headers=(), env=None):
    command = ["wrk", "--threads", str(min(connections, 2)), "--connections", str(connections),
               "--duration", f"{duration}s", "--timeout", "10s", "--script", str(script), *(
                   part for header in headers for part in ("--header", header)), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    match = re.search(r"^RESULT (\{.*\})$", output, re.MULTILINE)
    if not match:
        sys.exit(f"wrk printed no result:\n{output}")
    return json.loads(match.group(1))


def page_row(name, kind, result):
    return {"name": name, "kind": kind, "p50": result["p50"] / 1000, "p95": result["p95"] / 1000,
            "p99": result["p99"] / 1000, "rps": result["requests"] / (result["duration"] / 1e6),
            "errors": result["errors"], "requests": result["requests"]}


def measure_pages(targets, cookie, args):
    base = f"http://127.0.0.1:{PORT}"
    deep = min(targets["pages"], 4000)
    quoted = urllib.parse.quote
    pages = [
        ("Trivial Django view (baseline)", "baseline", "/healthz", False),
        ("Home page", "public", "/", False),
        ("Case list, first page", "public", "/cases/", False),
        (f"Case list, page {deep}", "public", f"/cases/?page={deep}", False),
        ("Filter: country", "public", "/cases/?country=IQ", False),
        ("Filter: status", "public", "/cases/?status=credible", False),
        ("Filter: party", "public", f"/cases/?party={targets['party']}", False),
        ("Filter: dates", "public", "/cases/?date_from=2019-01-01&date_to=2019-12-31", False),
        ("Filter: at least 20 killed", "public", "/cases/?min_killed=20", False),
        ("Filter: source kind", "public", "/cases/?source_kind=ngo_report", False),
        ("Filter: investigation", "public", "/cases/?investigation=any", False),
        ("Sort: most deaths", "public", "/cases/?sort=-deaths", False),
        ("Filters combined", "public", "/cases/?country=SY&status=credible&min_killed=5&sort=-deaths", False),
        (f"Search, common word ({targets['common']})", "search", f"/cases/?q={quoted(targets['common'])}", False),
        (f"Search, rare word ({targets['rare']})", "search", f"/cases/?q={quoted(targets['rare'])}", False),
        ("Case page, 300 claims", "case", f"/cases/{targets['heavy']}/", False),
        ("Case page, typical", "case", f"/cases/{targets['codes'][0]}/", False),
        ("Case history, 300 claims", "case", f"/cases/{targets['heavy']}/history/", False),
        ("Stats page", "public", "/stats/", False),
        ("Atom feed", "public", "/feeds/cases.atom", False),
        ("API list", "public", "/api/cases/", False),
        ("Admin case list", "admin", "/admin/incidents/incident/", True),
        (f"Admin search ({targets['common']})", "admin",
         f"/admin/incidents/incident/?q={quoted(targets['common'])}", True),
        ("Admin case page, 300 claims", "admin", f"/admin/incidents/incident/{targets['heavy_pk']}/change/", True),
    ]
    rows = []
    for name, kind, path, staff in pages:
        headers = [f"Cookie: {cookie}"] if staff else []
        print(f"  {name} …", flush=True)
        # Two seconds unmeasured first: every worker has then loaded the page's templates and the
        # shared cache holds its fragments, as for any page readers keep opening. A page's very
        # first view is slower (bench/README.md says by how much).
        wrk(base + path, connections=args.connections, duration=2, headers=headers)
        result = wrk(base + path, connections=args.connections, duration=args.duration, headers=headers)
        rows.append(page_row(name, kind, result))
    return rows


def measure_mixed(targets, args):
    codes = targets["codes"]
    paths = ["/", "/cases/", "/cases/?page=2", "/cases/?country=SY", "/cases/?status=credible",
             f"/cases/?q={urllib.parse.quote(targets['rare'])}", f"/cases/?q={urllib.parse.quote(targets['common'])}",
             "/stats/", "/cases/?sort=-deaths", "/cases/?min_killed=10"]
    paths += [f"/cases/{code}/" for code in codes[:200]] + [f"/cases/{code}/history/" for code in codes[200:260]]
    env = dict(os.environ, BENCH_PATHS="\n".join(paths))
    print("  Mixed public reads, 16 connections …", flush=True)
    result = wrk(f"http://127.0.0.1:{PORT}/", connections=16, duration=args.mixed_duration, env=env)
    return page_row(f"Mixed public reads, 16 connections, {args.mixed_duration} s", "mixed", result)


def measure_export(env, scratch):
    """The full claims CSV from a one-worker server: time, bytes and the worker's extra memory."""
    print("  Claims CSV export …", flush=True)
    with gunicorn(env, EXPORT_PORT, 1, scratch / "export.log") as server:
        [worker] = server.worker_pids()
        for _ in range(3):  # warm the worker up on small pages first
            urllib.request.urlopen(f"http://127.0.0.1:{EXPORT_PORT}/cases/?page=2").read()  # nosec B310
        before = memory_kib(worker, "VmRSS")
        started, size, first_byte = time.perf_counter(), 0, None
        export = f"http://127.0.0.1:{EXPORT_PORT}/cases/claims.csv"  # our own server, on loopback
        with urllib.request.urlopen(export, timeout=3600) as response:  # nosec B310
            while chunk := response.read(1 << 16):
                first_byte = first_byte or time.perf_counter() - started
                size += len(chunk)
        elapsed = time.perf_counter() - started
        peak = memory_kib(worker, "VmHWM")
    return {"name": "Claims CSV export, every published claim", "kind": "export", "seconds": elapsed,
            "first_byte": first_byte, "megabytes": size / 1e6, "extra_memory": (peak - before) / 1024,
            "baseline_memory": before / 1024}


def memory_kib(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


def measure_import(env, args, scratch):
    """Import a new file of `--import-rows` rows into a copy of the benchmark database."""
    print(f"  Import of {args.import_rows} rows …", flush=True)
    cases = max(1, round(args.import_rows / 10))
    file = scratch / "import.csv"
    manage(env, "shell", "--no-imports", "-c",
           "from pathlib import Path; from incidents.benchdata import import_file; "
           f"Path({str(file)!r}).write_bytes(import_file(seed=99, cases={cases}, claims_per_case=10))")
    rows = sum(1 for _ in file.open(encoding="utf-8")) - 1
    source = urllib.parse.urlparse(env["DATABASE_URL"])
    copy_name = source.path.lstrip("/") + "_import"
    psql = ["psql", "-h", source.hostname, "-p", str(source.port or 5432), "-U", source.username, "-d", "postgres",
            "-qtAc"]
    subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{copy_name}"'], check=True)
    subprocess.run([*psql, f'CREATE DATABASE "{copy_name}" TEMPLATE "{source.path.lstrip("/")}"'], check=True)
    try:
        copy_env = dict(env, DATABASE_URL=source._replace(path=f"/{copy_name}").geturl())
        output = manage(copy_env, "import_cases", str(file), "--user", ADMIN_USER, capture=True)
    finally:
        subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{copy_name}"'], check=True)
    match = re.search(r"Checked (\d+) rows in ([\d.]+) s, wrote them in ([\d.]+) s", output)
    if not match:
        sys.exit(f"The import printed no timing:\n{output}")
    checked, wrote = float(match.group(2)), float(match.group(3))
    return {"name": f"Import of a {rows:,}-row file", "kind": "import", "rows": rows, "checked": checked,
            "wrote": wrote}


# --- the report -------------------------------------------------------------------------------


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores ({cpu}), {memory / 1024 / 1024:.0f} GiB memory, {platform.system()} " \
           f"{platform.release()}, Python {platform.python_version()}"


def verdict(row):
    target = TARGETS.get(row["kind"])
    if target is None:
        return ""
    return f"≤ {target} ms: {'met' if row['p95'] <= target and not row['errors'] else 'NOT met'}"


def render(rows, data, args):
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# Casework benchmark, {stamp}",
        "",
        f"- Machine: {machine()}; {data['postgres']} on the same machine; host {socket.gethostname()}.",
        f"- Data: {data['cases']:,} cases ({data['published']:,} published), {data['claims']:,} claims, "
        f"{data['sources']:,} sources, {data['log']:,} log entries; database {data['size']}.",
        f"- Server: gunicorn, {args.workers} sync workers, DEBUG off, persistent database connections. "
        f"Load: wrk, {args.connections} connections for {args.duration} s per page (p50/p95/p99 in ms).",
        "",
        "| Measurement | p50 ms | p95 ms | p99 ms | req/s | errors | target (p95) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if row["kind"] == "export":
            lines.append(f"| {row['name']} | {row['megabytes']:.0f} MB in {row['seconds']:.1f} s, first byte after "
                         f"{row['first_byte'] * 1000:.0f} ms | | | | | worker +{row['extra_memory']:.1f} MB "
                         f"(from {row['baseline_memory']:.0f} MB); ≤ 50 MB: "
                         f"{'met' if row['extra_memory'] <= 50 else 'NOT met'} |")
        elif row["kind"] == "import":
            total = row["rows"] / (row["checked"] + row["wrote"])
            lines.append(f"| {row['name']} | checked in {row['checked']:.1f} s ({row['rows'] / row['checked']:,.0f} "
                         f"rows/s), written in {row['wrote']:.1f} s ({row['rows'] / row['wrote']:,.0f} rows/s) | | | "
                         f"{total:,.0f} rows/s in all | | ≥ 5,000 rows/s: {'met' if total >= 5000 else 'NOT met'} |")
        elif row["kind"] == "mixed":
            lines.append(f"| {row['name']} | {row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} | "
                         f"{row['rps']:.0f} | {row['errors']} | ≥ 150 req/s, no errors: "
                         f"{'met' if row['rps'] >= 150 and not row['errors'] else 'NOT met'} |")
        else:
            lines.append(f"| {row['name']} | {row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} | "
                         f"{row['rps']:.0f} | {row['errors']} | {verdict(row)} |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
