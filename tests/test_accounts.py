"""Staff accounts (issue 7): strong passwords, sign-in throttling behind proxies, two-factor for
editors, and sessions that end when idle and after a day's work."""

import os
import re
import subprocess
import sys
import time
from base64 import b32encode
from datetime import timedelta
from importlib import import_module
from io import StringIO

import pytest
import qrcode
import qrcode.image.svg
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client as DjangoClient
from django.test import RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.throttling import AnonRateThrottle

from accounts.addresses import client_address, throttle_key
from accounts.models import LoginFailure
from accounts.sessions import SIGNED_IN_AT
from incidents.management.commands.load_demo import DEMO_EDITOR_TOTP_SECRET, EDITOR_PASSWORD
from tests.conftest import PASSWORD, Client, with_authenticator
from tests.factories import make_incident, make_source
from tests.two_factor import totp_code, wrong_code

pytestmark = pytest.mark.django_db

LOGIN, SETUP, VERIFY = "/admin/login/", "/admin/two-factor/setup/", "/admin/two-factor/verify/"
REFUSED = "Too many failed sign-ins with this username or from your address."


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Throttling tests sign in dozens of times; hash new passwords cheaply, still check the usual ones."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def superuser(db, django_user_model):
    return with_authenticator(django_user_model.objects.create_superuser("sam.superuser", password=PASSWORD))


def sign_in(client, username, password=PASSWORD, address="192.0.2.10", **headers):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=address, **headers)


def errors(response):
    """The error messages on a page: the admin's notes above a form, and the lists beside fields."""
    page = response.content.decode()
    found = re.findall(r'<p class="errornote">(.*?)</p>|<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
    return " ".join(" ".join("".join(pair).split()) for pair in found)


def signed_in(client):
    return "_auth_user_id" in client.session


# --- passwords ---------------------------------------------------------------------------------------------------

SHORT, COMMON = "short-pw-9", "qazwsxedcrfv"  # 10 characters; 12 characters, but in Django's list of common ones
TOO_SHORT = "This password is too short. It must contain at least 12 characters."
TOO_COMMON = "This password is too common."


@pytest.mark.parametrize("password, message", [(SHORT, TOO_SHORT), (COMMON, TOO_COMMON)], ids=["short", "common"])
def test_a_superuser_cannot_create_a_staff_account_with_a_weak_password(client, superuser, django_user_model,
                                                                         password, message):
    client.force_login(superuser)
    response = client.post("/admin/auth/user/add/", {"username": "new.researcher", "usable_password": "true",
                                                     "password1": password, "password2": password})
    assert response.status_code == 200 and message in errors(response)
    assert (TOO_SHORT in errors(response)) == (password == SHORT)  # the common one is long enough
    assert not django_user_model.objects.filter(username="new.researcher").exists()


@pytest.mark.parametrize("password, message", [(SHORT, TOO_SHORT), (COMMON, TOO_COMMON)], ids=["short", "common"])
def test_a_researcher_cannot_change_their_password_to_a_weak_one(client, researcher, password, message):
    client.force_login(researcher)
    response = client.post("/admin/password_change/", {"old_password": PASSWORD, "new_password1": password,
                                                        "new_password2": password})
    assert response.status_code == 200 and message in errors(response)
    researcher.refresh_from_db()
    assert researcher.check_password(PASSWORD)


def test_a_researcher_can_change_their_password_to_a_long_uncommon_one(client, researcher):
    client.force_login(researcher)
    new = "grey-heron-over-the-euphrates"
    response = client.post("/admin/password_change/", {"old_password": PASSWORD, "new_password1": new,
                                                        "new_password2": new})
    assert response.status_code == 302
    researcher.refresh_from_db()
    assert researcher.check_password(new)


@pytest.mark.parametrize("password, message", [(SHORT, TOO_SHORT), (COMMON, TOO_COMMON)], ids=["short", "common"])
def test_a_superuser_cannot_set_a_weak_password_for_someone_else(client, superuser, researcher, password, message):
    client.force_login(superuser)
    response = client.post(f"/admin/auth/user/{researcher.pk}/password/",
                           {"usable_password": "true", "password1": password, "password2": password})
    assert response.status_code == 200 and message in errors(response)
    researcher.refresh_from_db()
    assert researcher.check_password(PASSWORD)


# --- sign-in throttling ------------------------------------------------------------------------------------------

def fail(client, username, times, **kwargs):
    for _ in range(times):
        response = sign_in(client, username, password="not-the-password", **kwargs)
        assert "Please enter the correct username and password" in errors(response)


def test_after_five_failures_for_a_username_even_the_right_password_is_refused_with_when_to_try_again(
    client, researcher
):
    fail(client, researcher.username, 5)
    response = sign_in(client, researcher.username)
    assert not signed_in(client)
    oldest = LoginFailure.objects.order_by("failed_at").first().failed_at
    again = timezone.localtime(oldest + timedelta(minutes=15))
    assert f"{REFUSED} Try again after {again:%H:%M} {again.tzname()} (in 15 minutes)." in errors(response)
    assert "Please enter the correct username" not in errors(response)  # nothing said about the password


def test_the_refusal_reads_the_same_for_a_username_that_is_no_account(client, researcher):
    fail(client, researcher.username, 5)
    fail(client, "nobody.at.all", 5)
    for_account = errors(sign_in(client, researcher.username))
    for_nobody = errors(sign_in(client, "nobody.at.all"))
    assert REFUSED in for_account and for_account == for_nobody


def test_usernames_are_counted_whatever_their_case(client, researcher):
    fail(client, "Rita.Researcher", 3)
    fail(client, "RITA.RESEARCHER", 2)
    assert REFUSED in errors(sign_in(client, researcher.username))


def test_after_twenty_failures_from_one_address_every_username_from_it_is_refused(client, researcher):
    for n in range(20):
        fail(client, f"guess.{n}", 1)
    assert REFUSED in errors(sign_in(client, researcher.username))
    assert sign_in(client, researcher.username, address="198.51.100.20").status_code == 302
    assert signed_in(client)


def test_a_successful_sign_in_does_not_reset_the_count_of_an_address_for_other_usernames(client, researcher):
    for n in range(19):
        fail(client, f"guess.{n}", 1)
    assert sign_in(client, researcher.username).status_code == 302  # the attacker's own account, say
    client.logout()
    fail(client, "guess.19", 1)
    assert REFUSED in errors(sign_in(client, researcher.username))


def test_a_successful_sign_in_forgets_that_accounts_own_mistakes(client, researcher):
    fail(client, researcher.username, 4)
    assert sign_in(client, researcher.username).status_code == 302
    client.logout()
    fail(client, researcher.username, 4)
    assert sign_in(client, researcher.username).status_code == 302


def test_the_refusal_ends_once_the_failures_have_left_the_window(client, researcher):
    fail(client, researcher.username, 5)
    assert REFUSED in errors(sign_in(client, researcher.username))
    LoginFailure.objects.update(failed_at=timezone.now() - timedelta(minutes=15, seconds=1))  # the clock moves on
    assert sign_in(client, researcher.username).status_code == 302


def test_the_counts_are_in_the_database_so_another_worker_refuses_too(client, researcher):
    fail(client, researcher.username, 5)
    assert LoginFailure.objects.filter(username=researcher.username).count() == 5
    cache.clear()  # a worker's cache is its own
    other_worker = Client()
    assert REFUSED in errors(sign_in(other_worker, researcher.username))


def test_refused_attempts_are_not_counted_so_the_refusal_ends_on_time(client, researcher):
    fail(client, researcher.username, 5)
    for _ in range(3):
        sign_in(client, researcher.username, password="still-guessing")
    assert LoginFailure.objects.count() == 5


def test_without_a_trusted_proxy_a_forged_x_forwarded_for_buys_no_fresh_count(client, researcher):
    for n in range(20):
        fail(client, f"guess.{n}", 1, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert REFUSED in errors(sign_in(client, researcher.username, HTTP_X_FORWARDED_FOR="203.0.113.99"))


def test_behind_one_trusted_proxy_each_client_behind_it_has_its_own_count(client, researcher, settings):
    settings.CASEWORK_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for n in range(20):  # whatever the client writes to the left is ignored: the proxy saw 198.51.100.7
        fail(client, f"guess.{n}", 1, address=proxy, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7")
    assert REFUSED in errors(sign_in(client, researcher.username, address=proxy,
                                     HTTP_X_FORWARDED_FOR="198.51.100.7"))
    assert sign_in(client, researcher.username, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302


@pytest.mark.parametrize("proxies, forwarded, expected", [
    (0, "203.0.113.9", "192.0.2.1"),                      # no proxy of ours: the header is the client's word
    (1, "203.0.113.9", "203.0.113.9"),
    (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),           # a forged entry to the left
    (2, "6.6.6.6, 203.0.113.9, 10.0.0.1", "203.0.113.9"),  # two proxies: the outer one's view
    (2, "203.0.113.9", "192.0.2.1"),                      # shorter than the proxies: not through them
    (1, "not-an-address", "192.0.2.1"),
    (1, "", "192.0.2.1"),
])
def test_the_client_address_trusts_as_many_proxies_as_the_setting_says(settings, proxies, forwarded, expected):
    settings.CASEWORK_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_ipv6_addresses_are_counted_by_their_64_network(client, researcher):
    assert throttle_key("2001:db8:1:2::5") == throttle_key("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert throttle_key("::ffff:192.0.2.7") == "192.0.2.7"
    for n in range(20):
        fail(client, f"guess.{n}", 1, address=f"2001:db8:1:2::{n + 1:x}")
    assert REFUSED in errors(sign_in(client, researcher.username, address="2001:db8:1:2::abcd"))


def test_the_api_throttle_ignores_x_forwarded_for_without_a_trusted_proxy():
    request = RequestFactory().get("/api/cases/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert AnonRateThrottle().get_ident(request) == "192.0.2.1"


# --- two-factor --------------------------------------------------------------------------------------------------

def staff_paths():
    source = make_source(file=SimpleUploadedFile("note.txt", b"a note"))
    return ["/admin/", "/admin/incidents/incident/", "/admin/password_change/", "/admin/two-factor/",
            source.file.url, f"/cases/{make_incident().code}/"]


@pytest.mark.parametrize("who", ["new_editor", "superuser_without_device"])
def test_an_editor_or_superuser_without_a_device_is_sent_to_set_one_up_before_anything_else(
    client, request, django_user_model, who
):
    if who == "new_editor":
        user = request.getfixturevalue("new_editor")
    else:
        user = django_user_model.objects.create_superuser("sue.superuser", password=PASSWORD)
    client.force_login(user)
    for path in staff_paths():
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{SETUP}?next="), path


def test_a_researcher_without_a_device_works_as_before(client, researcher):
    client.force_login(researcher)
    assert client.get("/admin/incidents/incident/").status_code == 200
    page = client.get("/admin/").content.decode()
    assert 'href="/admin/two-factor/">Two-factor</a>' in page  # where they may turn it on
    assert "is <strong>off</strong>" in client.get("/admin/two-factor/").content.decode()


def setup_page(client):
    page = client.get(SETUP).content.decode()
    return page, "".join(re.search(r'id="two-factor-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1).split())


def test_the_setup_page_shows_the_secret_as_text_and_as_a_qr_code_drawn_here(client, new_editor):
    client.force_login(new_editor)
    page, secret = setup_page(client)
    device = TOTPDevice.objects.get(user=new_editor, confirmed=False)
    assert secret == b32encode(device.bin_key).decode()
    assert f"secret={secret}" in device.config_url and "issuer=Casework" in device.config_url
    drawn = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    assert drawn in page and "style=" not in drawn
    assert re.findall(r"<script(?![^>]*\bsrc=\"/static/)", page) == []  # no inline or third-party script
    assert setup_page(client)[1] == secret  # the same secret until it is confirmed


def test_a_right_code_turns_two_factor_on_and_opens_the_admin(client, new_editor):
    client.force_login(new_editor)
    _page, secret = setup_page(client)
    key_before = client.cookies["sessionid"].value
    response = client.post(SETUP, {"code": totp_code(secret), "next": "/admin/incidents/incident/"})
    assert response.status_code == 302 and response["Location"] == "/admin/incidents/incident/"
    assert TOTPDevice.objects.get(user=new_editor).confirmed
    assert client.cookies["sessionid"].value != key_before  # a new key once the code is given
    assert client.get("/admin/incidents/incident/").status_code == 200


def test_a_wrong_code_leaves_two_factor_off_and_the_admin_shut(client, new_editor):
    client.force_login(new_editor)
    _page, secret = setup_page(client)
    response = client.post(SETUP, {"code": wrong_code(secret)})
    assert "That code is not right" in errors(response)
    assert not TOTPDevice.objects.filter(user=new_editor, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


def verify_with(client, code):
    return client.post(f"{VERIFY}?next=/admin/", {"code": code, "next": "/admin/"})


def test_with_a_device_signing_in_asks_for_the_code_before_the_admin_opens(client, editor):
    device = editor.otp_device
    response = sign_in(client, editor.username)
    assert response.status_code == 302 and signed_in(client)
    assert client.get("/admin/").headers["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert "That code is not right" in errors(verify_with(client, wrong_code(device.bin_key)))
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp's back-off after a wrong code; not what this test is about
    device.save()
    key_before = client.cookies["sessionid"].value
    assert verify_with(client, totp_code(device.bin_key)).headers["Location"] == "/admin/"
    assert client.cookies["sessionid"].value != key_before
    assert client.get("/admin/").status_code == 200


def test_a_code_cannot_be_used_twice(client, editor):
    device = editor.otp_device
    code = totp_code(device.bin_key, steps_ahead=1)
    sign_in(client, editor.username)
    assert verify_with(client, code).status_code == 302
    other = Client()
    sign_in(other, editor.username)
    assert "was used already" in errors(verify_with(other, code))
    assert other.get("/admin/").status_code == 302


def test_wrong_codes_slow_further_tries_down(client, editor):
    device = editor.otp_device
    # Five wrong codes just now: the next try must wait 16 seconds, however right it is.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=5,
                                                   throttling_failure_timestamp=timezone.now())
    sign_in(client, editor.username)
    response = verify_with(client, totp_code(device.bin_key))
    assert "Too many wrong codes. Wait until" in errors(response)
    assert client.get("/admin/").status_code == 302


def test_the_password_alone_cannot_set_up_a_second_device(client, editor):
    sign_in(client, editor.username)  # the password, without the code
    assert client.get(SETUP)["Location"] == VERIFY
    rogue = TOTPDevice.objects.create(user=editor, name="someone else's phone", confirmed=False)
    response = client.post(SETUP, {"code": totp_code(rogue.bin_key)})
    assert response.status_code == 302 and response["Location"] == VERIFY
    rogue.refresh_from_db()
    assert not rogue.confirmed and client.get("/admin/").status_code == 302


def test_a_researcher_who_turned_two_factor_on_is_asked_for_the_code_too(client, researcher):
    device = TOTPDevice.objects.create(user=researcher, name="Authenticator app", confirmed=True)
    sign_in(client, researcher.username)
    assert client.get("/admin/incidents/incident/")["Location"].startswith(VERIFY)
    verify_with(client, totp_code(device.bin_key))
    assert client.get("/admin/incidents/incident/").status_code == 200


def test_our_code_helper_makes_the_codes_of_rfc_6238():
    key = b"12345678901234567890"  # the RFC's SHA-1 test vectors
    assert totp_code(key, now=59, digits=8) == "94287082"
    assert totp_code(key, now=1111111109, digits=8) == "07081804"


def test_the_demo_editor_signs_in_with_the_secret_the_readme_publishes(settings, client):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", "--without-reviews", stdout=out)
    assert DEMO_EDITOR_TOTP_SECRET in out.getvalue()
    readme = (django_settings.BASE_DIR / "README.md").read_text()
    assert f"`{DEMO_EDITOR_TOTP_SECRET}`" in readme
    sign_in(client, "editor", EDITOR_PASSWORD)
    response = client.post(VERIFY, {"code": totp_code(DEMO_EDITOR_TOTP_SECRET), "next": "/admin/"})
    assert response.status_code == 302 and client.get("/admin/").status_code == 200
    call_command("load_demo", "--without-reviews", stdout=StringIO())
    assert TOTPDevice.objects.filter(user__username="editor").count() == 1  # a second run adds none


# --- sessions ----------------------------------------------------------------------------------------------------

def test_signing_in_gives_the_session_a_new_key(client, researcher):
    planted = import_module(django_settings.SESSION_ENGINE).SessionStore()
    planted["planted_by"] = "someone who wants to ride on this session"
    planted.create()
    client.cookies["sessionid"] = planted.session_key
    assert sign_in(client, researcher.username).status_code == 302
    assert client.cookies["sessionid"].value != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()


def stored_session(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def test_each_request_moves_the_idle_limit_thirty_minutes_on(client, researcher):
    client.force_login(researcher)
    Session.objects.filter(pk=stored_session(client).pk).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/admin/").status_code == 200
    remaining = stored_session(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_a_session_idle_for_more_than_thirty_minutes_is_over(client, researcher):
    client.force_login(researcher)
    assert client.get("/admin/").status_code == 200
    # The last request was 30 minutes and a second ago: its expiry has just passed.
    Session.objects.filter(pk=stored_session(client).pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def move_sign_in_back(client, seconds):
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - seconds
    session.save()


def test_a_busy_session_ends_twelve_hours_after_signing_in(client, editor):
    client.force_login(editor)
    move_sign_in_back(client, 12 * 3600 - 60)
    assert client.get("/admin/").status_code == 200  # eleven hours and 59 minutes: still in
    move_sign_in_back(client, 12 * 3600 + 60)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN) and not signed_in(client)
    assert "a staff session lasts at most 12 hours" in response.content.decode()


def test_a_session_without_a_sign_in_time_is_not_trusted(client, researcher):
    client.force_login(researcher)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()
    assert client.get("/admin/").status_code == 302 and not signed_in(client)


def settings_with(code, **env):
    """Start the settings afresh in a child process with these variables, and run `code` there."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("CASEWORK_SESSION_")}
    return subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                          cwd=django_settings.BASE_DIR, env={**clean, "DEBUG": "1", **env},
                          capture_output=True, text=True, timeout=60)


def test_both_session_limits_come_from_the_environment_with_30_minutes_and_12_hours_by_default():
    show = "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE, s.CASEWORK_SESSION_MAX_HOURS)"
    assert settings_with(show).stdout.split() == ["1800", "12"]
    assert settings_with(show, CASEWORK_SESSION_IDLE_MINUTES="10", CASEWORK_SESSION_MAX_HOURS="8").stdout.split() == [
        "600", "8"]
    result = settings_with(show, CASEWORK_SESSION_MAX_HOURS="twelve")
    assert result.returncode != 0 and "CASEWORK_SESSION_MAX_HOURS must be a whole number" in result.stderr


def test_the_test_client_only_verifies_a_user_who_carries_a_device(editor, django_user_model):
    """The helper that signs test editors in must not weaken the rule it helps test."""
    fresh = django_user_model.objects.get(pk=editor.pk)  # no `otp_device` on it: the code was never given
    plain = DjangoClient()
    for client in (Client(), plain):
        client.force_login(fresh)
        assert client.get("/admin/")["Location"].startswith(VERIFY)
