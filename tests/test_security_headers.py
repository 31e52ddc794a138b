"""Security and reliability (issue 7): production's HTTPS settings, the Content Security
Policy and other headers on every response, no caching of what staff see, our own error
pages, and uploads that can neither be too large, nor pass for another type, nor choose
their own name, nor reach anyone but staff.

Production settings are read in a new process from the environment alone, as a server
starts; everything else goes through the test client.
"""

import functools
import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "casework.example.org"}
# What the new process reports: settings, and how /healthz answers over http, https and a proxy.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
names = ["DEBUG", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
         "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE",
         "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY"]
client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
plain = client.get("/healthz")
secure = client.get("/healthz", secure=True)
proxied = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in names},
    "plain": [plain.status_code, plain.get("Location")],
    "hsts": secure.get("Strict-Transport-Security"),
    "hsts_over_http": plain.get("Strict-Transport-Security"),
    "proxied": proxied.status_code,
}))
"""


def clean_environment(**env):
    """This process's environment without any setting the tests mean to choose, plus `env`."""
    chosen = re.compile(r"^(DEBUG|SECRET_KEY|ALLOWED_HOSTS|SECURE_.*|SESSION_COOKIE_.*|CSRF_COOKIE_.*)$")
    clean = {key: value for key, value in os.environ.items() if not chosen.match(key)}
    clean.update(env)
    return clean


@functools.cache
def probe(**env):
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean_environment(**env),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def policy_of(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = [part.split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


# --- production settings ---------------------------------------------------------------------------------


def test_production_settings_pass_the_deploy_check_without_a_single_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=clean_environment(**PRODUCTION), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_defaults_are_the_strict_ones():
    values = probe(**PRODUCTION)["settings"]
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True and values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax" and values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # no header is trusted unless one is named


def test_production_redirects_plain_http_to_https_and_sends_hsts_over_https_only():
    answers = probe(**PRODUCTION)
    assert answers["plain"] == [301, "https://casework.example.org/healthz"]
    assert answers["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert answers["hsts_over_http"] is None


def test_behind_a_proxy_its_forwarded_proto_header_counts_only_once_it_is_named():
    assert probe(**PRODUCTION)["proxied"] == 301  # a client's own X-Forwarded-Proto is not believed
    assert probe(**PRODUCTION, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")["proxied"] == 200


def test_each_https_setting_can_be_turned_off_from_the_environment():
    values = probe(**PRODUCTION, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", SECURE_HSTS_PRELOAD="no",
                   SECURE_HSTS_INCLUDE_SUBDOMAINS="off", SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="0",
                   SECURE_REFERRER_POLICY="same-origin")["settings"]
    assert not any(values[name] for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD",
                                             "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_SECURE",
                                             "CSRF_COOKIE_SECURE"))
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"


def test_development_serves_plain_http_without_a_redirect_or_hsts():
    answers = probe(DEBUG="1")
    assert answers["plain"] == [200, None]
    values = answers["settings"]
    assert not values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] == 0
    assert not values["SESSION_COOKIE_SECURE"] and not values["CSRF_COOKIE_SECURE"]


def test_the_benchmark_environment_serves_plain_http_without_debug():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    environment = bench.bench_environment(os.environ.get("DATABASE_URL", "sqlite:///unused.sqlite3"))
    answers = probe(**{key: value for key, value in environment.items()
                       if key in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"} or key.startswith(("SECURE_", "SESSION_", "CSRF_"))})
    assert answers["settings"]["DEBUG"] is False
    assert answers["plain"] == [200, None]
