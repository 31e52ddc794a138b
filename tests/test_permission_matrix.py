"""Who may do what: every role against every public, API and admin route, with each verb.

The roles are the fixed cast (anonymous, researcher, editor, superuser), each signed in as
they would be (the editor and superuser with their second factor). The expected answer of each
cell comes from the rules below, written once, so a route added to the admin or the site is
checked without being listed; a route the rules do not know fails the test.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from incidents import services
from incidents.models import ImportBatch
from tests.conftest import with_authenticator
from tests.factories import make_claim, make_incident, make_investigation, make_party, make_source
from tests.public_pages import published

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "researcher", "editor", "superuser")
WRITES = ("post", "put", "patch", "delete")
CASE_DECISIONS = ("start_review", "mark_credible", "mark_non_credible", "mark_duplicate", "reopen", "publish",
                  "unpublish")


@pytest.fixture
def world(editor, second_editor, django_user_model):
    """A published case (with a claim, source, investigation and party), an unpublished one, and
    a login failure and import batch for the admin's own pages."""
    from accounts.models import LoginFailure

    case = published(second_editor, title="Strike on a bakery", parties=[make_party()])
    claim = make_claim(case, source=make_source())
    investigation = make_investigation(case)
    hidden = make_incident(title="Unpublished strike")
    services.incident_start_review(hidden, actor=second_editor)
    batch = ImportBatch.objects.create(file_sha256="1" * 64, file_name="cases.csv", imported_by=editor, rows=1,
                                       cases_created=0, claims_created=0, sources_created=0)
    failure = LoginFailure.objects.create(username="someone", address="192.0.2.1")
    superuser = with_authenticator(django_user_model.objects.create_superuser("sue.super", "s@example.org",
                                                                              "a-long-test-password-42"))
    from django.contrib.auth.models import Group

    ids = {"user": superuser.pk, "group": Group.objects.order_by("pk").first().pk,
           "totpdevice": superuser.otp_device.pk, "incident": hidden.pk, "claim": claim.pk, "source": claim.source_id,
           "investigation": investigation.pk,
           "party": case.parties.first().pk, "importbatch": batch.pk, "loginfailure": failure.pk}
    return {"case": case, "hidden": hidden, "ids": ids, "superuser": superuser}


def sign_in(client, role, request):
    if role != "anonymous":
        user = request.getfixturevalue(role) if role != "superuser" else request.getfixturevalue("world")["superuser"]
        client.force_login(user)
    return client


def routes(patterns=None, prefix=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def admin_model_routes():
    """(model, page, route) for every page the admin gives our own models."""
    for route, name in routes():
        for app in ("incidents", "accounts", "auth", "otp_totp"):
            if route.startswith(f"admin/{app}/"):
                model, _, rest = route.removeprefix(f"admin/{app}/").partition("/")
                page = re.sub(r"<(?:\w+:)?(?:object_id|pk|id)>/", "", rest).replace("/<str:action>", "").rstrip("/")
                page = page or "changelist"
                if name is None:
                    continue  # the old-style object URL, which only redirects to change/
                yield model, page, route


def admin_expected(model, page, role):
    """The answer to a GET of an admin page."""
    if role == "anonymous":
        return 302  # to the sign-in page
    if model == "totpdevice" and page in ("config", "qrcode"):
        return 403  # a device's key is never shown again, not even to a superuser
    if model in ("user", "group", "totpdevice"):
        # Accounts, roles and second-factor devices are the superuser's alone.
        return 200 if role == "superuser" else 403
    if model == "loginfailure":
        return 200 if role == "superuser" and page in ("changelist", "change", "history", "delete") else 403
    if page == "delete":
        return 200 if role == "superuser" and model != "importbatch" else 403
    if model == "importbatch":
        return 403 if page == "add" else 200
    if page.startswith("decide"):
        return 403 if role == "researcher" else 200
    return 200


def fill(route, world, model, action=None):
    """The route with its record filled in (whatever the parameter is called) and its action."""
    path = "/" + route.replace("<str:action>", action or "")
    return re.sub(r"<(?:\w+:)?(?:object_id|pk|id)>", str(world["ids"].get(model, 0)), path)


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_answer_each_role_as_the_rules_say(client, world, role, request):
    sign_in(client, role, request)
    checked = 0
    for model, page, route in admin_model_routes():
        actions = CASE_DECISIONS if (model, page) == ("incident", "decide") else (
            ("exclude",) if (model, page) == ("claim", "decide") else (None,))
        for action in actions:
            path = fill(route, world, model, action)
            expected = admin_expected(model, page, role)
            response = client.get(path)
            assert response.status_code == expected, (role, path, response.status_code)
            if expected == 302:
                assert response["Location"].startswith("/admin/login/"), path
            checked += 1
    assert checked > 40


@pytest.mark.parametrize("role", ["researcher", "editor"])
def test_a_decision_posted_by_someone_without_the_role_changes_nothing(client, world, role, request):
    sign_in(client, role, request)
    hidden = world["hidden"]
    response = client.post(f"/admin/incidents/incident/{hidden.pk}/decide/mark_credible/",
                           {"rationale": "More likely than not.", "internal_note": ""})
    hidden.refresh_from_db()
    if role == "researcher":
        assert response.status_code == 403
        assert hidden.status == "under_review"
    else:
        assert response.status_code == 302
        assert hidden.status == "credible"
        assert hidden.events.filter(kind="marked_credible").count() == 1


def test_a_decision_the_cases_state_does_not_allow_is_refused_even_to_an_editor(editor_client, world):
    hidden = world["hidden"]  # under review: it cannot be reopened
    response = editor_client.post(f"/admin/incidents/incident/{hidden.pk}/decide/reopen/",
                                  {"new_information": "A new video.", "internal_note": ""})
    assert response.status_code == 409
    assert "under review" in response.content.decode().lower()
    hidden.refresh_from_db()
    assert (hidden.status, hidden.events.filter(kind="reopened").count()) == ("under_review", 0)


@pytest.mark.parametrize("role", ROLES)
def test_the_public_site_is_read_only_and_hides_unpublished_cases_from_readers(client, world, role, request):
    sign_in(client, role, request)
    case, hidden = world["case"], world["hidden"]
    staff = role != "anonymous"
    pages = []
    for route, _name in routes():
        if route.startswith(("admin/", "staff/", "accounts/", "api/")):
            continue
        pages.append("/" + route.replace("<str:code>", case.code))
    assert len(pages) >= 12
    for path in pages:
        assert client.get(path).status_code == 200, (role, path)
        for verb in WRITES:
            assert getattr(client, verb)(path).status_code == 405, (role, verb, path)
    for path in (f"/cases/{hidden.code}/", f"/cases/{hidden.code}/history/"):
        assert client.get(path).status_code == (200 if staff else 404), (role, path)


@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_reads_and_refuses_every_write(client, world, role, request):
    sign_in(client, role, request)
    case, hidden = world["case"], world["hidden"]
    for route, _name in routes():
        if not route.startswith("api/"):
            continue
        path = "/" + route.replace("<str:code>", case.code)
        assert client.get(path, follow=True).status_code == 200, (role, path)
        for verb in WRITES:
            assert getattr(client, verb)(path, content_type="application/json").status_code == 405, (role, verb, path)
    # The API shows published cases only, to everyone: it serves the public, not the staff.
    assert client.get(f"/api/cases/{hidden.code}/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_source_files_go_to_researchers_and_editors_only(client, world, role, request):
    from django.core.files.uploadedfile import SimpleUploadedFile

    source = make_source(file=SimpleUploadedFile("report.pdf", b"%PDF-1.4 a report"))
    sign_in(client, role, request)
    response = client.get(f"/staff/files/{source.file.name}")
    expected = {"anonymous": 302, "researcher": 200, "editor": 200, "superuser": 200}[role]
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"].startswith("attachment")
