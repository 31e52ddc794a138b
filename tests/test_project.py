"""The project shell: settings fail loudly, migrations are complete, the home page answers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def run_settings(**env):
    clean = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60,
    )


def test_without_debug_a_missing_secret_key_stops_the_start():
    result = run_settings(DEBUG="0", ALLOWED_HOSTS="casework.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_without_debug_missing_allowed_hosts_stops_the_start():
    result = run_settings(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_settings_start_when_both_are_given():
    result = run_settings(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="casework.example.org")
    assert result.returncode == 0, result.stderr


def test_an_unclear_debug_value_is_an_error_not_a_guess():
    result = run_settings(DEBUG="maybe")
    assert result.returncode != 0 and "DEBUG must be one of" in result.stderr


def test_every_variable_the_settings_read_is_in_env_example():
    settings_source = (ROOT / "casework" / "settings.py").read_text()
    example = (ROOT / ".env.example").read_text()
    import re

    names = set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', settings_source))
    names |= set(re.findall(r'env_(?:bool|list|int)\("([A-Z_]+)"', settings_source))
    assert names, "the settings read no variables?"
    missing = [name for name in sorted(names) if f"{name}=" not in example]
    assert not missing


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_home_page_answers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"<h1>Casework</h1>" in response.content


def test_manage_py_says_plainly_why_it_cannot_start():
    clean = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT, env={**clean, "DEBUG": "0"}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Casework cannot start: SECRET_KEY must be set when DEBUG is off (see .env.example).",
        "For development, set DEBUG=1 (make run and make test do).",
    ]


def test_production_shares_one_cache_between_workers_and_development_keeps_its_own():
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    production = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "casework.example.org"}
    clean = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "CASEWORK_CACHE"}}
    for env, expected in (({**production}, "DatabaseCache"), ({"DEBUG": "1"}, "LocMemCache"),
                          ({**production, "CASEWORK_CACHE": "locmem"}, "LocMemCache")):
        result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {show}"], cwd=ROOT,
                                env={**clean, **env}, capture_output=True, text=True, timeout=60)
        assert result.stdout.strip().endswith(expected), (env, result.stderr)


def test_an_unknown_cache_is_an_error():
    result = run_settings(DEBUG="1", CASEWORK_CACHE="memcached")
    assert result.returncode != 0 and "CASEWORK_CACHE must be database or locmem" in result.stderr


@pytest.mark.django_db
def test_the_database_cache_table_is_migrated_and_holds_cached_totals(settings):
    from django.core.cache import caches
    from django.db import connection

    from incidents.caching import cached_totals

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": settings.CACHE_TABLE}}
    assert settings.CACHE_TABLE in connection.introspection.table_names()
    computed = []
    assert cached_totals("answer", lambda: computed.append(1) or 42) == 42
    assert cached_totals("answer", lambda: computed.append(1) or 0) == 42
    assert computed == [1]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(settings.CACHE_TABLE)}")
        assert cursor.fetchone()[0] == 1
    caches["default"].clear()
