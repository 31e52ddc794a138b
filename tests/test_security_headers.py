"""Security and reliability (issue 7): production's HTTPS settings, the Content Security
Policy and other headers on every response, no caching of what staff see, our own error
pages, and uploads that can neither be too large, nor pass for another type, nor choose
their own name, nor reach anyone but staff.

Production settings are read in a new process from the environment alone, as a server
starts; everything else goes through the test client.
"""

import functools
import hashlib
import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import path, reverse

from incidents.models import Source
from incidents.security import STAFF_PATH_PREFIXES, tile_origin
from tests.conftest import PASSWORD
from tests.factories import make_incident, make_source
from tests.public_pages import ALL_PUBLIC_PATHS, h1_count, published

ROOT = Path(__file__).resolve().parent.parent
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
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
    """This process's environment without any setting the tests mean to choose, plus `env`.

    DJANGO_ALLOW_ASYNC_UNSAFE goes too: the browser tests set it in this process, and no
    server would run with it.
    """
    chosen = re.compile(r"^(DEBUG|SECRET_KEY|ALLOWED_HOSTS|SECURE_.*|SESSION_COOKIE_.*|CSRF_COOKIE_.*"
                        r"|DJANGO_ALLOW_ASYNC_UNSAFE)$")
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
    chosen = {key: value for key, value in environment.items()
              if key in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"} or key.startswith(("SECURE_", "SESSION_", "CSRF_"))}
    answers = probe(**chosen)
    assert answers["settings"]["DEBUG"] is False
    assert answers["plain"] == [200, None]


# --- headers on every response ---------------------------------------------------------------------------


@pytest.fixture
def case(editor):
    return published(editor, latitude=Decimal("34.4606"), longitude=Decimal("40.9383"))


def every_public_path(case):
    return [*ALL_PUBLIC_PATHS, f"/cases/{case.code}/", f"/cases/{case.code}/history/", "/api/docs/",
            "/api/docs/?script=", "/cases/ZZ-9999/", "/static/css/site.css"]


@pytest.mark.django_db
def test_every_public_response_carries_the_strict_policy_and_headers(client, case):
    for public_path in every_public_path(case):
        response = client.get(public_path)
        header = response["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header, public_path
        policy = policy_of(response)
        assert policy["default-src"] == ["'self'"], public_path
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], public_path
        assert policy["form-action"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"], public_path
        # Scripts and styles fall back to default-src: nothing may widen them.
        assert not {"script-src", "script-src-elem", "style-src", "style-src-elem", "style-src-attr"} & set(policy)
        assert response["X-Content-Type-Options"] == "nosniff", public_path
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", public_path
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", public_path
        if not public_path.startswith("/static/"):  # WhiteNoise answers those before Django's middleware
            assert response["X-Frame-Options"] == "DENY", public_path  # for browsers older than frame-ancestors


@pytest.mark.django_db
def test_images_come_from_us_and_the_map_tile_host_only(client, case, settings):
    settings.CASEWORK_MAP_TILE_URL = "https://tiles.example.net:8443/osm/{z}/{x}/{y}.png"
    assert policy_of(client.get(f"/cases/{case.code}/"))["img-src"] == ["'self'", "https://tiles.example.net:8443"]


@pytest.mark.django_db
def test_without_map_tiles_images_come_from_us_alone(client, case, settings):
    settings.CASEWORK_MAP_TILE_URL = ""
    assert policy_of(client.get(f"/cases/{case.code}/"))["img-src"] == ["'self'"]


def test_a_tile_address_with_leaflets_subdomains_allows_each_of_them():
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert tile_origin("/tiles/{z}/{x}/{y}.png") == ""  # our own: 'self' covers it


def test_a_tile_host_with_another_placeholder_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="CASEWORK_MAP_TILE_URL"):
        tile_origin("https://{r}.tiles.example.org/{z}/{x}/{y}.png")


@pytest.mark.django_db
def test_the_api_docs_page_allows_data_images_and_carries_no_inline_style(client):
    response = client.get("/api/docs/")
    assert policy_of(response)["img-src"][-1] == "data:"
    assert "<style" not in response.content.decode() and " style=" not in response.content.decode()
    assert "data:" not in policy_of(client.get("/"))["img-src"]  # that page only


@pytest.mark.django_db
def test_the_admin_gets_the_same_policy_as_public_pages(client, researcher):
    public_policy = client.get("/")["Content-Security-Policy"]
    assert client.get("/admin/login/")["Content-Security-Policy"] == public_policy
    client.force_login(researcher)
    assert client.get("/admin/incidents/incident/")["Content-Security-Policy"] == public_policy


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only_and_same_site(client, researcher):
    login = reverse("admin:login")
    csrf = client.get(login).cookies["csrftoken"]
    session = client.post(login, {"username": researcher.username, "password": PASSWORD}).cookies["sessionid"]
    for cookie in (csrf, session):
        assert cookie["httponly"] is True and cookie["samesite"] == "Lax"


# --- no caching of what staff see ------------------------------------------------------------------------


def no_store(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_the_staff_prefixes_are_where_the_urls_mount_the_admin_and_staff_views():
    assert reverse("admin:index").startswith(STAFF_PATH_PREFIXES)
    assert reverse("staff-source-file", args=["sources/x.pdf"]).startswith(STAFF_PATH_PREFIXES)
    assert not reverse("incidents:case-list").startswith(STAFF_PATH_PREFIXES)


@pytest.mark.django_db
def test_every_admin_response_is_no_store_and_private(client, researcher):
    assert no_store(client.get("/admin/login/"))
    client.force_login(researcher)
    for admin_path in ("/admin/", "/admin/incidents/incident/", "/admin/incidents/source/add/", "/admin/jsi18n/",
                       "/admin/no-such-page/"):
        assert no_store(client.get(admin_path)), admin_path


@pytest.mark.django_db
def test_staff_paths_are_recognised_when_the_site_is_served_under_a_prefix(client):
    # The admin itself leaves this redirect to the login cacheable; only the path says it is staff's.
    response = client.get("/admin/jsi18n/", SCRIPT_NAME="/casework")
    assert response.status_code == 302  # to the login
    assert no_store(response)


@pytest.mark.django_db
def test_an_unpublished_case_shown_to_staff_may_not_be_kept_by_any_cache(researcher_client):
    hidden = make_incident(title="Unpublished strike")
    response = researcher_client.get(f"/cases/{hidden.code}/")
    assert response.status_code == 200 and b"Not published." in response.content
    assert no_store(response)


@pytest.mark.django_db
def test_public_pages_keep_their_normal_caching_for_readers(client, case):
    for public_path in every_public_path(case):
        assert not no_store(client.get(public_path)), public_path


# --- error pages -----------------------------------------------------------------------------------------


def server_error_view(request):
    raise RuntimeError("SELECT password FROM auth_user; see /srv/casework/casework/settings.py SECRET_KEY")


# This module doubles as the URLconf of the 500 test: one view that fails.
urlpatterns = [path("fails/", server_error_view)]
INTERNALS = ("Traceback", "SECRET_KEY", "settings.py", "SELECT", "/srv/", "Exception", "DEBUG", "ALLOWED_HOSTS")


def assert_reveals_nothing(response, *also):
    text = response.content.decode()
    for secret in (*INTERNALS, *also):
        assert secret not in text, secret


@pytest.fixture
def production_errors(settings):
    settings.DEBUG = False


@pytest.mark.django_db
def test_a_missing_page_gets_our_404_page(client, production_errors):
    response = client.get("/no-such-page-probe/")
    assert response.status_code == 404
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    assert h1_count(response.content.decode()) == 1 and b"Page not found" in response.content
    assert_reveals_nothing(response, "no-such-page-probe")


@pytest.mark.django_db
def test_an_unpublished_case_and_a_missing_one_get_the_very_same_404(client, production_errors):
    hidden = make_incident(title="Unpublished strike")
    unpublished, missing = client.get(f"/cases/{hidden.code}/"), client.get("/cases/ZZ-9999/")
    assert unpublished.status_code == missing.status_code == 404
    assert unpublished.content == missing.content
    assert_reveals_nothing(missing, "No published case")  # the Http404's own message


@pytest.fixture
def staff_without_a_role(django_user_model):
    return django_user_model.objects.create_user(username="sid.staff", password=PASSWORD, is_staff=True)


@pytest.mark.django_db
def test_a_forbidden_page_gets_our_403_page(client, staff_without_a_role, production_errors):
    source = make_source(file=SimpleUploadedFile("report.pdf", PDF_BYTES))
    client.force_login(staff_without_a_role)
    response = client.get(source.file.url)
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["403.html", "base.html"]
    assert_reveals_nothing(response, "Only researchers and editors")  # the PermissionDenied's message


@pytest.mark.django_db
def test_a_csrf_failure_gets_our_page_and_not_its_reason(production_errors):
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert [t.name for t in response.templates][:3] == ["403_csrf.html", "403.html", "base.html"]
    assert b"The form could not be sent" in response.content
    assert_reveals_nothing(response, "CSRF", "cookie not set", "Referer")


@pytest.mark.django_db
def test_a_bad_host_header_gets_our_400_page(client, production_errors):
    response = client.get("/cases/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert [t.name for t in response.templates][:2] == ["400.html", "base.html"]
    assert_reveals_nothing(response, "attacker.example", "HTTP_HOST")
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_a_server_error_gets_our_static_500_page_without_a_query(client, settings, production_errors,
                                                                 django_assert_num_queries):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/fails/")
    assert response.status_code == 500
    assert [t.name for t in response.templates] == ["500.html"]
    assert b"Something went wrong" in response.content
    assert_reveals_nothing(response, "RuntimeError", "auth_user")
    assert "Content-Security-Policy" in response


def test_the_500_page_uses_no_template_tag_or_variable():
    """It is rendered without a context, and must show even when the URLs or templates broke."""
    source = (ROOT / "templates" / "500.html").read_text()
    assert "{%" not in source and "{{" not in source


# --- uploads ---------------------------------------------------------------------------------------------

HTML_BYTES = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"
SVG_BYTES = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
STORED_NAME = re.compile(r"^sources/\d{4}/\d{2}/[0-9a-f]{32}\.[a-z0-9]+$")


def add_source_in_the_admin(client, upload):
    return client.post(reverse("admin:incidents_source_add"),
                       {"title": "A document", "kind": "news_report", "file": upload, "version": "1"})


def files_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*") if p.is_file())


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_beside_the_field(researcher_client, settings, private_media):
    settings.SOURCE_FILE_MAX_BYTES = 1024
    response = add_source_in_the_admin(researcher_client, SimpleUploadedFile("big.pdf", PDF_BYTES.ljust(1025, b" ")))
    assert response.status_code == 200
    assert "the largest a source may have is 1.0\xa0KB" in str(response.context["adminform"].form.errors["file"])
    assert Source.objects.count() == 0 and files_under(private_media.parent) == []


@pytest.mark.django_db
def test_a_file_of_exactly_the_size_limit_is_accepted(researcher_client, settings):
    settings.SOURCE_FILE_MAX_BYTES = 1024
    response = add_source_in_the_admin(researcher_client, SimpleUploadedFile("ok.pdf", PDF_BYTES.ljust(1024, b" ")))
    assert response.status_code == 302 and Source.objects.get().file_size == 1024


@pytest.mark.django_db
def test_code_that_skips_validation_still_cannot_store_an_oversized_file(settings, private_media):
    settings.SOURCE_FILE_MAX_BYTES = 10
    source = Source(title="Too big", kind="news_report", file=SimpleUploadedFile("big.pdf", PDF_BYTES))
    with pytest.raises(ValidationError, match="the largest a source may have"):
        source.save()
    assert Source.objects.count() == 0 and files_under(private_media.parent) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "detected"), [
    ("report.pdf", HTML_BYTES, "text/html"),
    ("photo.png", SVG_BYTES, "image/svg+xml"),
])
def test_markup_that_a_browser_would_run_is_recorded_as_what_it_is_and_stored_as_bin(
        researcher_client, name, content, detected):
    response = add_source_in_the_admin(
        researcher_client, SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert response.status_code == 302
    source = Source.objects.get()
    assert source.file_content_type == detected  # from the bytes: not the name, not the browser's word
    assert STORED_NAME.match(source.file.name) and source.file.name.endswith(".bin")
    download = researcher_client.get(source.file.url)
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in policy_of(download)
    assert b"".join(download.streaming_content) == content


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["../../../casework/settings.py", "..\\..\\evil.pdf", "/etc/passwd", ".htaccess"])
def test_an_uploaded_name_never_chooses_where_the_file_goes(researcher_client, private_media, name):
    assert add_source_in_the_admin(researcher_client, SimpleUploadedFile(name, PDF_BYTES)).status_code == 302
    source = Source.objects.get()
    assert STORED_NAME.match(source.file.name)
    assert files_under(private_media.parent) == [f"private-media/{source.file.name}"]
    assert hashlib.sha256((private_media / source.file.name).read_bytes()).hexdigest() == source.file_sha256


@pytest.mark.django_db
def test_a_name_with_quotes_and_line_breaks_adds_no_header_to_the_download(researcher_client):
    source = make_source(file=SimpleUploadedFile('re"port\r\nX-Injected: yes.pdf', PDF_BYTES))
    response = researcher_client.get(source.file.url)
    assert response.status_code == 200 and "X-Injected" not in response
    assert response["Content-Disposition"].startswith("attachment; filename")
    assert "\n" not in response["Content-Disposition"]


@pytest.fixture
def stored_file():
    return make_source(file=SimpleUploadedFile("report.pdf", PDF_BYTES), is_confidential=True).file.url


@pytest.mark.django_db
def test_anonymous_readers_are_sent_to_sign_in_instead_of_the_file(client, stored_file):
    response = client.get(stored_file)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_a_signed_in_outsider_is_sent_to_sign_in_instead_of_the_file(client, outsider, stored_file):
    client.force_login(outsider)
    response = client.get(stored_file)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_staff_without_a_role_cannot_download_a_file(client, staff_without_a_role, stored_file):
    client.force_login(staff_without_a_role)
    assert client.get(stored_file).status_code == 403


@pytest.mark.django_db
def test_researchers_and_editors_download_files_as_attachments_that_no_cache_keeps(client, researcher, editor,
                                                                                   stored_file):
    for user in (researcher, editor):
        client.force_login(user)
        response = client.get(stored_file)
        assert response.status_code == 200, user
        assert response["Content-Disposition"].startswith("attachment;") and no_store(response)


@pytest.mark.django_db
def test_the_download_view_refuses_a_post(researcher_client, stored_file):
    assert researcher_client.post(stored_file).status_code == 405


@pytest.mark.django_db
def test_the_admin_in_arabic_is_never_stored_either(client):
    response = client.get("/ar/admin/login/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
