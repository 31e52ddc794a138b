"""An editor's first sign-in: password, then two-factor set up from the secret on the page, in a real browser."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from tests.two_factor import totp_code, wrong_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_with_password(page, live_server, user):
    page.goto(f"{live_server.url}/admin/incidents/incident/")
    page.fill("#id_username", user.username)  # the admin sent us to its login page
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_a_new_editor_sets_up_two_factor_before_the_admin_opens(page, live_server, new_editor, screenshot):
    sign_in_with_password(page, live_server, new_editor)
    page.wait_for_selector("#two-factor-secret")
    assert "/admin/two-factor/setup/" in page.url
    qr_code = page.locator(".two-factor-qr svg").bounding_box()
    assert qr_code["width"] >= 150 and qr_code["height"] >= 150  # large enough for a phone to read
    screenshot("setup")

    # Nothing else opens until it is done.
    page.goto(f"{live_server.url}/admin/incidents/incident/")
    page.wait_for_selector("#two-factor-secret")
    secret = page.inner_text("#two-factor-secret")
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})+", secret)

    page.fill("#id_code", wrong_code(secret))
    page.click("input[type=submit][value='Turn on two-factor']")
    page.wait_for_selector(".errorlist")
    assert "That code is not right" in page.inner_text(".errorlist")
    TOTPDevice.objects.filter(user=new_editor).update(throttling_failure_count=0)  # django-otp's wait after a miss

    page.fill("#id_code", totp_code(secret))  # as the phone would, from the text on the page
    page.click("input[type=submit][value='Turn on two-factor']")
    page.wait_for_selector(".messagelist .success")
    assert page.url == f"{live_server.url}/admin/incidents/incident/"
    assert "Two-factor authentication is on" in page.inner_text(".messagelist")
    screenshot("admin-open")

    # Signing in again asks for a code, and takes the next one the app shows.
    page.click("#logout-form button")
    sign_in_with_password(page, live_server, new_editor)
    page.fill("#id_code", totp_code(secret, steps_ahead=1))
    screenshot("code-step")
    page.click("input[type=submit][value='Sign in']")
    page.wait_for_selector("#changelist")
    assert page.url == f"{live_server.url}/admin/incidents/incident/"
