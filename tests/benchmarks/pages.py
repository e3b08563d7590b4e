"""Benchmark: public pages through gunicorn against a static file, and at a hundred times the data.

``make bench`` runs this after the exports and the fan-out (issue 17's targets). In a
throwaway folder it builds a SQLite database with the demo data (``migrate`` and
``load_demo_data``), collects the static files, starts a Redis of its own on a free port and
the portal under the production settings (``config.settings.production``; the one change is
STATIC_ROOT, pointed at the throwaway folder) with gunicorn, 2 sync workers, on 127.0.0.1. A
small load generator in this process (one thread, epoll) then sends requests over loopback, 8
at a time, a new connection for each (gunicorn's sync workers close every connection), as a
browser behind the TLS proxy would (``X-Forwarded-Proto: https``, ``Accept-Encoding: gzip``),
and measures:

- the ceiling: the portal's CSS file as a browser gets it (gzip, from WhiteNoise), and, for
  information only, the same file uncompressed;
- each public page type **uncached**: the visitor sends a cookie (not a session), so the
  anonymous page cache is bypassed and the page is rendered afresh every time (from its records
  kept per data generation, ``portal/page_data.py``, as any visitor with a cookie gets it; the
  in-process timings below gather the records afresh too, and are the cold cost);
- each page type **cached**: no cookies, so the page comes from the anonymous page cache
  (checked: a page the cache does not answer counts as missed).

Every measurement runs for ``--seconds`` (or ``--max-requests``) once in each of ``--rounds``
rounds, in an order rotated from round to round, and the static file is measured again after
every ``STATIC_EVERY`` measurements: each ratio is a measurement's rate over the mean of the
static rates measured just before and just after it, so a change in the machine's load (other
work on a shared machine) hits both sides of the ratio. The table shows the median over the
rounds and the lowest and highest. The machine's speed cancels out in a ratio; absolute rates
are only a guide.

The load generator shares the machine's 2 cores with gunicorn, and a Python client costs more
CPU a request than a C one: next to Debian's wrk (1 thread, 8 connections) in the same runs,
this client's static rate was about 80 % of wrk's, and so its ratios read about 10-20 % higher
than wrk's would (an uncached page at 4.1 % here was 3.5 % with wrk). The table prints the
client's own CPU a request so that this stays visible.

Then the open data API (issue 13), in rounds of its own through a gunicorn on the hundred-fold
data set below (the demo data has fewer than 100 initiatives; at 100x there are about 20,000;
with ``--no-scale``, on a copy grown by ``make_bench_data --scale 1``, about 200), with the
static file measured around each group as above: a page of 100 initiatives
(``/api/v1/initiatives/?page_size=100``) and one initiative (the demo's "new early help offer",
``/api/v1/initiatives/<id>/``), each **uncached** (no ``If-None-Match``: rendered afresh; the
API is never in the page cache) and as a **304** (the ``ETag`` of a first answer sent back as
``If-None-Match``: answered before any database query). ``PORTAL_API_RATE_PER_MINUTE`` is set
far above the load so that the rate limit (429) never answers. The issue sets no target for
the API: its rows are reported, not judged.

Then the hundred-fold data set: a copy of the database grown by ``make_bench_data --scale 100``
(``demo/management/commands/``; about 50 councils: 2,000 priorities, 20,000 initiatives, 100,000
status changes, 5,000 meetings) around the demo data. Each page's query count and uncached time
(the same demo record's page, rendered in-process through the whole middleware stack by Django's
test client, median of up to 40 requests) are measured at demo size and at 100x, three times
each, alternating; the best run of each size counts. The time is the process's CPU time
(``time.process_time``), not the wall clock's: on this shared 2-core machine the wall clock also
counts the time the process waited for a core, which moved the search's ratio between 1.17x
and 1.48x from run to run of the same code; CPU time is what the page costs.

Targets (issue 17): uncached pages >= 8 % of the static rate, cached pages >= 60 %, and at 100x
the same query count and at most 1.5x the time. Each is reported met or MISSED. The exit status
is 0 whatever the result unless ``--strict`` is given (or BENCH_STRICT=1 is set): then it is 1
when a target is missed. ``--profile`` prints where an uncached page's time goes (cProfile).

    python -m tests.benchmarks.pages [--rounds 5] [--seconds 0.7] [--strict] [--no-scale] [--no-api]
    python -m tests.benchmarks.pages --profile [home]   # profile only, no load
    python -m tests.benchmarks.pages --only-scale [--pages home,search] [--data-dir DIR]
    python -m tests.benchmarks.pages --profile search --at-scale --data-dir DIR

``--only-scale`` runs the hundred-fold part alone (no gunicorn rounds, no API), ``--pages`` picks
its pages, ``--scale-runs`` sets how many runs at each size alternate (a shared machine's load
varies: more runs, a steadier best), and ``--data-dir`` keeps the demo and 100x databases in a
folder of one's choosing between runs (made once, migrated on every run) rather than in the
throwaway folder: making the 100x data takes a minute or two. ``--at-scale`` profiles a page
on the 100x data.
"""

import argparse
import contextlib
import json
import os
import secrets
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"

#: Issue 17's targets.
UNCACHED_MIN_RATIO = 0.08
CACHED_MIN_RATIO = 0.60
SCALE = 100
SCALE_MAX_TIME_RATIO = 1.5

#: Sent by the uncached visitor: any cookie makes the page cache step aside. Not a session
#: cookie, so no session is loaded (a visitor who accepted analytics cookies, say).
UNCACHED_COOKIE = "bench=uncached"
#: The page types measured, in the table's order (their URLs come from the demo data).
PAGES = [
    "home",
    "organisation",
    "plan",
    "priority",
    "initiative",
    "committee",
    "meeting",
    "consultation",
    "search",
    "feed",
    "partnership",
    "indicator",
]
SETTINGS_MODULE = "pages_bench_settings"
#: The static file is measured again after every this many measurements: each measurement's
#: ratio is to the static rate just before and after it.
STATIC_EVERY = 4
OK_STATUS = (b"HTTP/1.1 200 ", b"HTTP/1.0 200 ")
NOT_MODIFIED_STATUS = (b"HTTP/1.1 304 ", b"HTTP/1.0 304 ")
#: The API's measurements (issue 13), in the table's order: (key, label).
API_ROWS = [
    ("api-list:uncached", "100 initiatives, uncached"),
    ("api-list:304", "100 initiatives, 304"),
    ("api-initiative:uncached", "one initiative, uncached"),
    ("api-initiative:304", "one initiative, 304"),
]
API_PAGE_SIZE = 100
#: The API's rate limit for the benchmark's server: far above what 8 connections can send.
API_RATE_PER_MINUTE = 100_000_000


# --- The portal under test ------------------------------------------------------------------


class Portal:
    """The throwaway folder, its databases, Redis and gunicorn; the environment for each."""

    def __init__(self, folder: Path, data_folder: Path | None = None):
        self.folder = folder
        #: Where the databases live: the throwaway folder, or one kept between runs.
        self.data_folder = data_folder or folder
        self.static_root = folder / "static"
        self.redis = None
        self.gunicorn = None
        self.port = None
        (folder / f"{SETTINGS_MODULE}.py").write_text(
            "# The production settings; only the collected static files live elsewhere.\n"
            "from config.settings.production import *  # noqa: F403\n\n"
            f"STATIC_ROOT = {str(self.static_root)!r}\n"
        )
        self.secret_key = secrets.token_urlsafe(50)

    def database(self, name):
        return self.data_folder / f"{name}.sqlite3"

    def env(self, database, prefix="bench"):
        environment = dict(os.environ)
        for name in ("DJANGO_DEBUG", "CELERY_BROKER_URL", "PORTAL_PAGE_CACHE_SECONDS"):
            environment.pop(name, None)
        environment.update(
            DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
            DJANGO_SECRET_KEY=self.secret_key,
            DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
            DATABASE_URL=f"sqlite:///{database}",
            REDIS_URL=self.redis.url if self.redis else "",
            CACHE_KEY_PREFIX=prefix,
            DJANGO_SECURE_SSL_REDIRECT="false",
            PORTAL_API_RATE_PER_MINUTE=str(API_RATE_PER_MINUTE),
            PYTHONPATH=os.pathsep.join([str(self.folder), str(REPO_ROOT)]),
        )
        return environment

    def manage(self, database, *arguments):
        subprocess.run(  # noqa: S603 - this interpreter, the project's manage.py
            [sys.executable, "manage.py", *arguments],
            cwd=REPO_ROOT,
            env=self.env(database),
            check=True,
        )

    def start_redis(self):
        from tests.redis_server import RedisServer

        if not shutil.which("redis-server"):
            sys.exit(
                "The page benchmark needs redis-server (Debian: apt-get install redis-server)."
            )
        self.redis = RedisServer(self.folder).start()

    def start_gunicorn(self, database):
        self.port = free_port()
        log = (self.folder / "gunicorn.log").open("ab")
        self.gunicorn = subprocess.Popen(  # noqa: S603 - this interpreter's gunicorn
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--workers=2",
                "--worker-class=sync",
                f"--bind={HOST}:{self.port}",
                "--log-level=warning",
            ],
            cwd=REPO_ROOT,
            env=self.env(database),
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.gunicorn.poll() is not None:
                break
            with contextlib.suppress(OSError):
                if fetch(self.port, "/healthz")[0] == 200:
                    return
            time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn did not start:\n{(self.folder / 'gunicorn.log').read_text()[-3000:]}")

    def inside(self, database, task, *arguments, prefix="bench"):
        """Run ``task`` of this module in a fresh process on ``database``; return its JSON.
        In-process timings and profiles measure a page gathered afresh: the page data kept per
        generation (portal/page_data.py) is off there."""
        environment = self.env(database, prefix)
        environment["PORTAL_PAGE_DATA_CACHE_SECONDS"] = "0"
        result = subprocess.run(  # noqa: S603 - this interpreter, this module
            [sys.executable, "-m", "tests.benchmarks.pages", "--inside", task, *arguments],
            cwd=REPO_ROOT,
            env=environment,
            check=True,
            stdout=subprocess.PIPE,
        )
        return json.loads(result.stdout)

    def stop(self):
        self.stop_gunicorn()
        if self.redis is not None:
            self.redis.stop()
            self.redis = None

    def stop_gunicorn(self):
        if self.gunicorn is not None:
            self.gunicorn.terminate()
            try:
                self.gunicorn.wait(15)
            except subprocess.TimeoutExpired:
                self.gunicorn.kill()
                self.gunicorn.wait()
            self.gunicorn = None


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- The load generator ---------------------------------------------------------------------


def request_bytes(port, path, cookie=None, gzip=True, accept=None, headers=()):
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        "User-Agent: portal-page-benchmark",
        f"Accept: {accept or 'text/html,application/xhtml+xml,*/*'}",
        "X-Forwarded-Proto: https",
        f"X-Forwarded-For: {HOST}",
        "Connection: close",
    ]
    if gzip:
        lines.append("Accept-Encoding: gzip")
    if cookie:
        lines.append(f"Cookie: {cookie}")
    lines.extend(f"{name}: {value}" for name, value in headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def parse_response(raw: bytes):
    """Return (status, {lower-case header: value}, body) of a whole HTTP/1.x response."""
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def fetch(port, path, cookie=None, gzip=True, request=None):
    """One request, the plain blocking way: (status, headers, body)."""
    with socket.create_connection((HOST, port), timeout=30) as sock:
        sock.sendall(request or request_bytes(port, path, cookie, gzip))
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return parse_response(b"".join(chunks))


def drive(port, request, seconds, max_requests, concurrency, ok_status=OK_STATUS):
    """Keep ``concurrency`` requests in flight, each on a new connection, for ``seconds`` (or
    until ``max_requests`` were started); return (good answers, other answers, bytes of the
    good ones, elapsed seconds). One thread, non-blocking sockets and epoll: the cheapest
    Python client found (about 130 µs of CPU a request, most of it the kernel's TCP work, where
    asyncio's transports took over 200 µs)."""
    poller = select.epoll()
    connections = {}
    tally = {"started": 0, "ok": 0, "bad": 0, "bytes": 0}
    deadline = time.monotonic() + seconds

    def start():
        if tally["started"] >= max_requests or time.monotonic() >= deadline:
            return 0
        tally["started"] += 1
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex((HOST, port))
        connections[sock.fileno()] = (sock, [])
        poller.register(sock.fileno(), select.EPOLLOUT)
        return 1

    active = sum(start() for _ in range(concurrency))
    began = time.monotonic()
    try:
        while active:
            for fd, _event in poller.poll():
                sock, chunks = connections[fd]
                if not chunks:  # connected: send the request, then wait for the answer
                    chunks.append(b"")
                    try:
                        sock.send(request)
                    except OSError:
                        chunks.append(None)
                    poller.modify(fd, select.EPOLLIN)
                    continue
                try:
                    chunk = sock.recv(1 << 20)
                except OSError:
                    chunk = None
                if chunk:
                    chunks.append(chunk)
                    continue
                poller.unregister(fd)
                sock.close()
                del connections[fd]
                if (
                    chunk is not None
                    and None not in chunks[1:2]
                    and chunks[1:2]
                    and chunks[1].startswith(ok_status)
                ):
                    tally["ok"] += 1
                    tally["bytes"] += sum(map(len, chunks))
                else:
                    tally["bad"] += 1
                active -= 1
                active += start()
    finally:
        for sock, _chunks in connections.values():
            sock.close()
        poller.close()
    return tally["ok"], tally["bad"], tally["bytes"], time.monotonic() - began


def measure(port, request, seconds, max_requests, concurrency, ok_status=OK_STATUS):
    """Requests a second for ``request``, and this client's CPU time per request (an answer
    counts when its status is one of ``ok_status``)."""
    cpu = time.process_time()
    ok, bad, size, elapsed = drive(port, request, seconds, max_requests, concurrency, ok_status)
    cpu = time.process_time() - cpu
    if bad:
        raise RuntimeError(f"{bad} of {ok + bad} requests failed: {request.splitlines()[0]!r}")
    return {"rate": ok / elapsed, "bytes": size / max(ok, 1), "client_cpu": cpu / max(ok, 1)}


# --- Work done inside a Django process (--inside) -------------------------------------------


def django_client():
    import django

    django.setup()
    from django.test import Client

    return Client(
        HTTP_HOST=HOST,
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_FOR=HOST,
        HTTP_COOKIE=UNCACHED_COOKIE,
    )


def inside_urls():
    """The URL of one demo record of every page type measured, and of the static CSS file."""
    import django

    django.setup()
    from django.templatetags.static import static

    from priorities import models as p
    from safeguarding import models as s

    initiative = p.Initiative.public_objects.get(slug="new-early-help-offer")
    priority = initiative.priorities.published().select_related("plan__organisation").first()
    meeting = p.Meeting.objects.filter(agenda_items__initiative=initiative).first()
    partnership = s.PartnershipProfile.objects.select_related("organisation").first()
    return {
        "static": static("dist/portal.css"),
        "home": "/",
        "organisation": "/organisations/wandsworth/",
        "plan": priority.plan.get_absolute_url(),
        "priority": priority.get_absolute_url(),
        "initiative": initiative.get_absolute_url(),
        "committee": meeting.committee.get_absolute_url(),
        "meeting": meeting.get_absolute_url(),
        "consultation": p.Consultation.public_objects.first().get_absolute_url(),
        "search": "/search/?q=mental+health",
        "feed": "/feeds/status-changes/",
        "partnership": partnership.get_absolute_url(),
        "indicator": s.Indicator.public_objects.first().get_absolute_url(),
    }


def inside_api_urls():
    """The API's two addresses measured, and how many public initiatives there are."""
    import django

    django.setup()
    from django.templatetags.static import static

    from priorities import models as p

    initiative = p.Initiative.public_objects.get(slug="new-early-help-offer")
    return {
        "static": static("dist/portal.css"),
        "api-list": f"/api/v1/initiatives/?page_size={API_PAGE_SIZE}",
        "api-initiative": f"/api/v1/initiatives/{initiative.pk}/",
        "public_initiatives": p.Initiative.public_objects.count(),
    }


def inside_timings(urls, budget):
    """Each page's query count and median uncached CPU time (seconds) in this process."""
    client = django_client()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get(url):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    results = {}
    for name, url in urls.items():
        get(url)  # warm: templates compiled, connection open
        counts = []
        for _ in range(2):  # the fewer: a cached read that expired just then is not the page's
            with CaptureQueriesContext(connection) as queries:
                get(url)
            counts.append(len(queries))  # now: the next request empties the connection's log
        query_count = min(counts)
        times = []
        spent = 0.0
        while len(times) < 3 or (spent < budget and len(times) < 40):
            started = time.process_time()
            get(url)
            times.append(time.process_time() - started)
            spent += times[-1]
        results[name] = {"queries": query_count, "seconds": statistics.median(times)}
    return results


#: Where a profile's own time is counted: the first rule a function's file matches. A built-in
#: function's time (getattr, a SQLite call...) is counted where it was called from.
PROFILE_AREAS = [
    ("template engine (django.template)", ("/django/template/",)),
    ("ORM and database (django.db, sqlite3)", ("/django/db/",)),
    ("URL reversing (django.urls)", ("/django/urls/",)),
    ("the portal's code", ("/priorities/", "/safeguarding/", "/config/")),
    ("other Django (handlers, middleware, http, utils)", ("/django/",)),
    ("the test client (not in a real request)", ("/django/test/",)),
]
OTHER_AREA = "other (libraries, the standard library)"
#: Functions whose cumulative time the profile reports.
PROFILE_MARKS = {
    "all template rendering (Template.render)": ("django/template/base.py", "render"),
    "querysets evaluated (_fetch_all, prefetches)": ("django/db/models/query.py", "_fetch_all"),
    "of which SQL run by SQLite (CursorWrapper)": ("django/db/backends/utils.py", "_execute"),
    "URLs reversed (reverse)": ("django/urls/base.py", "reverse"),
    "middleware before and after the view": ("django/core/handlers/base.py", "_get_response"),
}


def profile_area(filename):
    if "/django/test/" in filename:
        return "the test client (not in a real request)"
    for area, needles in PROFILE_AREAS:
        if any(needle in filename for needle in needles):
            return area
    return OTHER_AREA


def inside_profile(url, requests):
    """cProfile ``requests`` uncached requests for ``url``; return where the time went."""
    import cProfile
    import io
    import pstats

    client = django_client()
    client.get(url)  # warm
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    wall = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    areas = dict.fromkeys([area for area, _ in PROFILE_AREAS] + [OTHER_AREA], 0.0)
    marks = dict.fromkeys(PROFILE_MARKS, 0.0)
    for (filename, _line, name), (_cc, _nc, tottime, cumtime, callers) in stats.stats.items():
        if filename == "~" and callers:  # a built-in: count it where it was called from
            for caller, (_ccc, _cnc, caller_tottime, _cct) in callers.items():
                areas[profile_area(caller[0])] += caller_tottime
        else:
            areas[profile_area(filename)] += tottime
        for mark, (file_end, function) in PROFILE_MARKS.items():
            if filename.endswith(file_end) and name == function:
                marks[mark] = max(marks[mark], cumtime)
    total = stats.total_tt
    marks["middleware before and after the view"] = total - marks.pop(
        "middleware before and after the view"
    )
    out = io.StringIO()
    print(
        f"Profile of {requests} uncached requests for {url} (production settings, in-process "
        f"through every middleware): {total:.2f} s profiled, {1000 * wall / requests:.1f} ms a "
        "request under cProfile",
        file=out,
    )
    print("  own time by area:", file=out)
    for area, seconds in sorted(areas.items(), key=lambda item: -item[1]):
        print(f"    {area:<50} {seconds:6.2f} s  {100 * seconds / total:5.1f} %", file=out)
    print(
        "  cumulative time (these overlap: querysets are mostly evaluated in templates):", file=out
    )
    for mark, seconds in marks.items():
        print(f"    {mark:<50} {seconds:6.2f} s  {100 * seconds / total:5.1f} %", file=out)
    stats.stream = out
    print("  the functions with the most cumulative time:", file=out)
    stats.sort_stats("cumulative").print_stats(35)
    print("  the functions with the most own time:", file=out)
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()


def run_inside(task, arguments):
    if task == "urls":
        return inside_urls()
    if task == "api-urls":
        return inside_api_urls()
    if task == "timings":
        urls, budget = json.loads(arguments[0]), float(arguments[1])
        return inside_timings(urls, budget)
    if task == "profile":
        return inside_profile(arguments[0], int(arguments[1]))
    raise SystemExit(f"unknown task {task}")


# --- The run --------------------------------------------------------------------------------


def prepare(portal):
    demo = portal.database("demo")
    started = time.perf_counter()
    kept = demo.exists()  # --data-dir: made by an earlier run
    portal.manage(demo, "migrate", "--noinput", "--verbosity=0")
    if not kept:
        portal.manage(demo, "load_demo_data", "--quiet")
    if not (REPO_ROOT / "static" / "dist" / "portal.css").exists():
        sys.exit("static/dist/portal.css is missing: run `make install` (npm run build) first.")
    portal.manage(demo, "collectstatic", "--noinput", "--verbosity=0")
    print(f"demo database and static files ready in {time.perf_counter() - started:.0f} s")
    return demo


def load_phase(portal, demo, urls, options):
    """The interleaved rounds through gunicorn. Return {key: [one entry a round]}, each entry
    with its rate and the static file's rate measured just before and just after it."""
    portal.start_gunicorn(demo)
    port = portal.port
    static = request_bytes(port, urls["static"])
    measurements = [("static-raw", request_bytes(port, urls["static"], gzip=False))]
    for page in PAGES:
        measurements.append((f"{page}:uncached", request_bytes(port, urls[page], UNCACHED_COOKIE)))
        measurements.append((f"{page}:cached", request_bytes(port, urls[page])))
    problems = check_pages(port, urls)

    results = interleaved_rounds(port, static, measurements, options)
    portal.stop_gunicorn()
    return results, problems


def interleaved_rounds(port, static, measurements, options, ok_status=None):
    """Each of ``measurements`` ((key, request bytes)) once a round, in an order rotated from
    round to round, the static file before and after every ``STATIC_EVERY`` of them. Return
    {key: [one entry a round]}, each entry with the static rate measured around it.
    ``ok_status`` maps a key to the answers that count (default: 200)."""
    ok_status = ok_status or {}

    def run(key, request):
        return measure(
            port,
            request,
            options.seconds,
            options.max_requests,
            options.concurrency,
            ok_status.get(key, OK_STATUS),
        )

    # Warm every worker: templates compiled, connections open, pages in the cache.
    for key, request in [("static", static), *measurements]:
        measure(port, request, 0.2, 40, options.concurrency, ok_status.get(key, OK_STATUS))
    results = {key: [] for key in ["static", *(key for key, _request in measurements)]}
    started = time.perf_counter()
    for round_number in range(options.rounds):
        shift = round_number * len(measurements) // options.rounds
        order = measurements[shift:] + measurements[:shift]
        before = run("static", static)
        results["static"].append(before)
        for start in range(0, len(order), STATIC_EVERY):
            group = [
                (key, run(key, request)) for key, request in order[start : start + STATIC_EVERY]
            ]
            after = run("static", static)
            results["static"].append(after)
            for key, entry in group:
                entry["static_rate"] = (before["rate"] + after["rate"]) / 2
                results[key].append(entry)
            before = after
    print(
        f"{options.rounds} rounds of {len(measurements)} measurements and "
        f"{len(results['static'])} of the static file in {time.perf_counter() - started:.0f} s "
        f"({options.concurrency} connections, {options.seconds} s each)"
    )
    return results


def api_requests(port, urls):
    """The API's four measurements as (key, request bytes), and their statuses that count.
    The 304 requests send the ETag of a first answer; checked: the uncached answer is a 200
    with a whole page (or the initiative) and no page cache, the conditional one a 304."""
    requests, ok_status = [], {}
    for name in ("api-list", "api-initiative"):
        plain = request_bytes(port, urls[name], accept="application/json")
        status, headers, body = fetch(port, urls[name], request=plain)
        if status != 200 or "x-page-cache" in headers or "etag" not in headers:
            sys.exit(f"{urls[name]} answered {status} {headers}: not a fresh 200 with an ETag")
        if name == "api-list":
            import gzip as gzip_module

            data = body if headers.get("content-encoding") != "gzip" else None
            data = json.loads(data or gzip_module.decompress(body))
            if len(data["results"]) != API_PAGE_SIZE:
                sys.exit(f"{urls[name]} lists {len(data['results'])} initiatives, not 100")
        conditional = request_bytes(
            port,
            urls[name],
            accept="application/json",
            headers=[("If-None-Match", headers["etag"])],
        )
        status, _headers, _body = fetch(port, urls[name], request=conditional)
        if status != 304:
            sys.exit(f"{urls[name]} with If-None-Match answered {status}, not 304")
        requests += [(f"{name}:uncached", plain), (f"{name}:304", conditional)]
        ok_status[f"{name}:304"] = NOT_MODIFIED_STATUS
    return requests, ok_status


def api_phase(portal, database, options):
    """The API's rounds through gunicorn on ``database`` (one with 100 public initiatives or
    more). Return its summary."""
    urls = portal.inside(database, "api-urls")
    print(
        f"API rounds on {urls['public_initiatives']} public initiatives "
        f"(rate limit {API_RATE_PER_MINUTE:,} a minute)"
    )
    portal.start_gunicorn(database)
    try:
        port = portal.port
        static = request_bytes(port, urls["static"])
        measurements, ok_status = api_requests(port, urls)
        results = interleaved_rounds(port, static, measurements, options, ok_status)
    finally:
        portal.stop_gunicorn()
    return summarise(results), urls


def print_api_table(summary, urls):
    print()
    print("The open data API through gunicorn (issue 13; no target: reported, not judged),")
    print("median of the rounds; the share of the static file's rate in the same round")
    print(f"  list: {urls['api-list']}   one: {urls['api-initiative']}")
    print()
    header = f"{'what':<34}{'req/s':>8}{'share of static':>26}{'KB':>8}"
    print(header)
    print("-" * len(header))
    rows = [
        ("static CSS (gzip): the ceiling", "static"),
        *((label, key) for key, label in API_ROWS),
    ]
    for label, key in rows:
        entry = summary[key]
        share = (
            f"{100 * entry['ratio']:5.1f} % ({100 * entry['ratio_min']:4.1f}–"
            f"{100 * entry['ratio_max']:4.1f})"
        )
        print(f"{label:<34}{entry['rate']:8.0f}{share:>26}{entry['bytes'] / 1024:8.1f}")
    for name in ("api-list", "api-initiative"):
        fresh, cached = summary[f"{name}:uncached"], summary[f"{name}:304"]
        print(
            f"{name}: a 304 is answered {cached['rate'] / fresh['rate']:.1f}x as fast as a fresh "
            "answer"
        )


def check_pages(port, urls):
    """Each page answers 200; a cookieless request is answered from the page cache the second
    time, and one with the cookie never is. Return what is wrong, by measurement key."""
    problems = {}
    status, headers, _ = fetch(port, urls["static"])
    if status != 200 or headers.get("content-encoding") != "gzip":
        problems["static"] = f"static file: {status}, {headers.get('content-encoding')}"
    for page in PAGES:
        status, headers, _ = fetch(port, urls[page], UNCACHED_COOKIE)
        if status != 200 or "x-page-cache" in headers:
            problems[f"{page}:uncached"] = f"{status}, page cache {headers.get('x-page-cache')}"
        fetch(port, urls[page])
        status, headers, _ = fetch(port, urls[page])
        if status != 200 or headers.get("x-page-cache") != "hit":
            problems[f"{page}:cached"] = f"not answered from the page cache ({status})"
    return problems


def summarise(results):
    """Per measurement: the median rate, and the median and spread over the rounds of its
    ratio to the static file's rate measured around it."""
    summary = {}
    for key, entries in results.items():
        rates = [entry["rate"] for entry in entries]
        ratios = [entry["rate"] / entry.get("static_rate", entry["rate"]) for entry in entries]
        summary[key] = {
            "rate": statistics.median(rates),
            "ratio": statistics.median(ratios),
            "ratio_min": min(ratios),
            "ratio_max": max(ratios),
            "bytes": statistics.median(entry["bytes"] for entry in entries),
            "client_cpu": statistics.median(entry["client_cpu"] for entry in entries),
        }
    static_rates = [entry["rate"] for entry in results["static"]]
    middle = summary["static"]["rate"]
    summary["static"].update(
        ratio_min=min(static_rates) / middle, ratio_max=max(static_rates) / middle
    )
    return summary


def print_load_table(summary, problems):
    missed = []
    static = summary["static"]
    print()
    print("Requests a second through gunicorn (2 sync workers), median of the rounds; the share")
    print("of the static file's rate in the same round (median, and lowest–highest of the rounds)")
    print()
    header = f"{'what':<34}{'req/s':>8}{'share of static':>26}{'KB':>8}  target"
    print(header)
    print("-" * (len(header) + 12))

    def row(label, entry, target=None, key=None):
        share = (
            f"{100 * entry['ratio']:5.1f} % ({100 * entry['ratio_min']:4.1f}–"
            f"{100 * entry['ratio_max']:4.1f})"
        )
        verdict = ""
        if target is not None:
            ok = entry["ratio"] >= target and key not in problems
            verdict = f">= {100 * target:.0f} % {'met' if ok else 'MISSED'}"
            if key in problems:
                verdict += f" ({problems[key]})"
            if not ok:
                missed.append(
                    f"{label}: {100 * entry['ratio']:.1f} % of static, target {100 * target:.0f} %"
                )
        print(f"{label:<34}{entry['rate']:8.0f}{share:>26}{entry['bytes'] / 1024:8.1f}  {verdict}")

    row("static CSS (gzip): the ceiling", static)
    row("static CSS, uncompressed (info)", summary["static-raw"])
    for mode, target in (("uncached", UNCACHED_MIN_RATIO), ("cached", CACHED_MIN_RATIO)):
        how = (
            "a cookie: rendered afresh from its kept records"
            if mode == "uncached"
            else "no cookie: the page cache"
        )
        print(f"-- {mode} ({how})")
        for page in PAGES:
            key = f"{page}:{mode}"
            row(f"{page}, {mode}", summary[key], target, key)
    client_cpu = summary["static"]["client_cpu"]
    print(
        f"(the load generator's own CPU: {1e6 * client_cpu:.0f} µs a static request, "
        f"{1e6 * summary['home:uncached']['client_cpu']:.0f} µs an uncached page request, "
        f"on the same 2 cores)"
    )
    return missed


def grown(portal, demo, scale):
    """A copy of the demo database grown by ``make_bench_data --scale``."""
    big = portal.database(f"scale{scale:g}")
    if big.exists():  # --data-dir: made by an earlier run
        portal.manage(big, "migrate", "--noinput", "--verbosity=0")
        return big
    shutil.copyfile(demo, big)
    started = time.perf_counter()
    portal.manage(big, "make_bench_data", f"--scale={scale:g}")
    print(f"(the {scale:g}x data took {time.perf_counter() - started:.0f} s to make)")
    return big


def scale_phase(portal, demo, big, urls, options):
    """Query counts and uncached times at demo size and at 100x, alternating."""
    chosen = options.pages.split(",") if options.pages else PAGES
    unknown = sorted(set(chosen) - set(PAGES))
    if unknown:
        sys.exit(f"--pages: unknown page types {', '.join(unknown)} (known: {', '.join(PAGES)})")
    chosen = [page for page in PAGES if page in chosen]
    pages = json.dumps({page: urls[page] for page in chosen})
    runs = {"demo": [], "big": []}
    for _ in range(options.scale_runs):
        for size, database in (("demo", demo), ("big", big)):
            runs[size].append(
                portal.inside(database, "timings", pages, str(options.page_budget), prefix=size)
            )
    best = {
        size: {
            page: {
                "queries": max(run[page]["queries"] for run in size_runs),
                "seconds": min(run[page]["seconds"] for run in size_runs),
            }
            for page in chosen
        }
        for size, size_runs in runs.items()
    }
    missed = []
    print()
    print(f"At {SCALE} times the data (in-process, uncached, median CPU time of a request,")
    print(f"the best of {options.scale_runs} runs each, alternating):")
    print()
    header = (
        f"{'page':<14}{'queries demo':>13}{f'{SCALE}x':>6}{'ms demo':>10}"
        f"{f'ms {SCALE}x':>10}{'ratio':>8}  target"
    )
    print(header)
    print("-" * (len(header) + 24))
    for page in chosen:
        small, large = best["demo"][page], best["big"][page]
        ratio = large["seconds"] / small["seconds"]
        same = small["queries"] == large["queries"]
        ok = same and ratio <= SCALE_MAX_TIME_RATIO
        verdict = f"same queries, <= {SCALE_MAX_TIME_RATIO}x: {'met' if ok else 'MISSED'}"
        print(
            f"{page:<14}{small['queries']:>13}{large['queries']:>6}"
            f"{1000 * small['seconds']:>10.1f}{1000 * large['seconds']:>10.1f}{ratio:>7.2f}x  "
            f"{verdict}"
        )
        if not same:
            missed.append(f"{page} at {SCALE}x: {large['queries']} queries, not {small['queries']}")
        if ratio > SCALE_MAX_TIME_RATIO:
            missed.append(
                f"{page} at {SCALE}x: {ratio:.2f}x the time, target {SCALE_MAX_TIME_RATIO}x"
            )
    return missed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.7, help="each measurement's length")
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--page-budget", type=float, default=1.0, help="seconds of timing per page and run (100x)"
    )
    parser.add_argument("--no-scale", action="store_true", help="leave out the 100x data set")
    parser.add_argument("--no-load", action="store_true", help="leave out the gunicorn rounds")
    parser.add_argument("--no-api", action="store_true", help="leave out the API's rounds")
    parser.add_argument(
        "--only-scale",
        action="store_true",
        help="only the 100x part: no gunicorn rounds, no API (--no-load --no-api)",
    )
    parser.add_argument("--pages", help="the 100x part's page types, comma-separated (all)")
    parser.add_argument(
        "--scale-runs",
        type=int,
        default=3,
        help="runs at each size in the 100x part, alternating (the best counts)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="keep the demo and 100x databases in this folder between runs (reused if there)",
    )
    parser.add_argument(
        "--at-scale", action="store_true", help="--profile on the 100x data, not the demo's"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        default=os.environ.get("BENCH_STRICT", "") not in ("", "0"),
        help="exit 1 when a target is missed (also BENCH_STRICT=1)",
    )
    parser.add_argument(
        "--profile",
        nargs="?",
        const="home",
        choices=PAGES,
        help="only profile a page's uncached requests (cProfile), default the home page",
    )
    parser.add_argument("--profile-requests", type=int, default=40)
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    parser.add_argument("arguments", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.only_scale:
        options.no_load = options.no_api = True

    if options.inside:
        result = run_inside(options.inside, options.arguments)
        if isinstance(result, str):
            print(json.dumps(result))
        else:
            json.dump(result, sys.stdout)
        return 0

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="page-bench-") as folder:
        if options.data_dir:
            options.data_dir.mkdir(parents=True, exist_ok=True)
        portal = Portal(Path(folder), options.data_dir and options.data_dir.resolve())
        try:
            portal.start_redis()
            demo = prepare(portal)
            urls = portal.inside(demo, "urls")
            if options.profile:
                page_url, requests = urls[options.profile], str(options.profile_requests)
                database = grown(portal, demo, SCALE) if options.at_scale else demo
                print(portal.inside(database, "profile", page_url, requests))
                return 0
            missed = []
            if not options.no_load:
                results, problems = load_phase(portal, demo, urls, options)
                missed += print_load_table(summarise(results), problems)
            big = None if options.no_scale else grown(portal, demo, SCALE)
            if not options.no_load and not options.no_api:
                # The demo data has fewer than 100 initiatives: the API runs on the 100x data,
                # or without it on a copy grown by a scale of 1 (about 200 initiatives).
                api_summary, api_urls = api_phase(portal, big or grown(portal, demo, 1), options)
                print_api_table(api_summary, api_urls)
            if big is not None:
                missed += scale_phase(portal, demo, big, urls, options)
        finally:
            portal.stop()
    print()
    print(f"page benchmark done in {time.perf_counter() - started:.0f} s")
    if missed:
        print(f"{len(missed)} page targets MISSED (issue 17):")
        for line in missed:
            print(f"  MISSED {line}")
        if options.strict:
            return 1
        print("(report mode: exit 0; --strict or BENCH_STRICT=1 makes a missed target fail)")
    else:
        print("every page target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
