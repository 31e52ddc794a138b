"""The fixed cast of actors every test uses (anonymous, researcher, editor, outsider), and
the care the append-only case log needs in tests that empty the database."""

from importlib import import_module

import django_otp
import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.test import Client as DjangoClient
from django_otp.plugins.otp_totp.models import TOTPDevice

from incidents.roles import EDITORS, RESEARCHERS

LOG_TRIGGERS = import_module("incidents.migrations.0004_case_log_append_only")
_log_triggers_lifted = False


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def _with_database(item, action):
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        action(connection)
        # After Playwright has run, this hook may see a connection of its own (Django keeps
        # them per context); close it so that none is left open when the test database goes.
        connection.close()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Put the log's triggers back before any test that follows one that lifted them."""
    global _log_triggers_lifted
    if _log_triggers_lifted:
        _with_database(item, LOG_TRIGGERS.create_triggers)
        _log_triggers_lifted = False


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, which the log's triggers refuse;
    lift them just before (this runs ahead of the fixtures' teardown) and restore them for
    the next test."""
    global _log_triggers_lifted
    if _is_transactional(item):
        _with_database(item, LOG_TRIGGERS.drop_triggers)
        _log_triggers_lifted = True

PASSWORD = "a-long-test-password-42"


def ensure_roles():
    """Transactional tests flush the tables, groups included; put the roles back as migrated."""
    if not Group.objects.filter(name__in=[RESEARCHERS, EDITORS]).count() == 2:
        import_module("incidents.migrations.0002_roles").create_roles(django_apps, None)
        import_module("incidents.migrations.0008_import_permissions").grant(django_apps, None)


def _staff_user(django_user_model, username, group_name=None):
    ensure_roles()
    user = django_user_model.objects.create_user(username=username, password=PASSWORD, is_staff=True)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def with_authenticator(user):
    """Give `user` a confirmed TOTP device, as set up on the two-factor page.

    The device is also left on the user object as `otp_device`, django-otp's mark of a user who
    has just given a code: the test client's force_login() then signs this user in verified,
    as the code step would. A user fetched afresh from the database carries no such mark.
    """
    user.otp_device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


class Client(DjangoClient):
    """Django's test client; force_login() also gives the second factor for a user carrying `otp_device`.

    Only the session is marked (with django_otp.login, as the code step does), so editors still
    cannot get past the two-factor rule without a device of their own; nothing is relaxed.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = getattr(user, "otp_device", None)
        if device is not None:
            request = HttpRequest()
            request.session, request.user = self.session, user
            django_otp.login(request, device)
            request.session.save()


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def researcher(db, django_user_model):
    """A researcher, without two-factor (it is theirs to choose)."""
    return _staff_user(django_user_model, "rita.researcher", RESEARCHERS)


@pytest.fixture
def editor(db, django_user_model):
    """An editor with the authenticator every editor must have, just signed in with a code."""
    return with_authenticator(_staff_user(django_user_model, "eddie.editor", EDITORS))


@pytest.fixture
def second_editor(db, django_user_model):
    return with_authenticator(_staff_user(django_user_model, "erin.editor", EDITORS))


@pytest.fixture
def new_editor(db, django_user_model):
    """An editor who has not set up two-factor yet."""
    return _staff_user(django_user_model, "nell.neweditor", EDITORS)


@pytest.fixture
def outsider(db, django_user_model):
    """A signed-in account with no role."""
    return django_user_model.objects.create_user(username="olly.outsider", password=PASSWORD)


@pytest.fixture
def researcher_client(client, researcher):
    client.force_login(researcher)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded files go to a throwaway folder in every test."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached totals are keyed by the log head's number, which starts again in every test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(settings):
    """The demo cases from the reference articles (load_demo); returns Baghuz."""
    from io import StringIO

    from django.core.management import call_command

    from incidents.models import Incident

    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    return Incident.objects.get(place_name="Baghuz")
