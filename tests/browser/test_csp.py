"""No page, public or staff, breaks its Content Security Policy in Chromium.

Every violation the browser reports, through the `securitypolicyviolation` event and the
console message Chromium prints for it, fails the test with the page and what was blocked.
Map tiles come from a small server of our own on another port, so that the case page's map
loads real tiles from a real other origin.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from incidents.models import Incident
from tests.browser.test_admin_entry import log_in
from tests.conftest import PASSWORD, ensure_roles, with_authenticator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => window.reportCspViolation(
  `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`));
"""
# A 1×1 transparent PNG: every tile the map asks for.
TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4c90000000049454e44ae426082"
)


class TileHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE)))
        self.end_headers()
        self.wfile.write(TILE)

    def log_message(self, *args):
        pass


@pytest.fixture
def tile_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), TileHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    server.shutdown()
    server.server_close()


@pytest.fixture
def demo(settings, tile_server):
    settings.DEBUG = True  # the demo's reviews need its editor, created in DEBUG only
    ensure_roles()  # the previous transactional test emptied every table
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    settings.CASEWORK_MAP_TILE_URL = tile_server


@pytest.fixture
def violations(page):
    """Every CSP violation the page reports from now on, as readable lines."""
    found = []
    where = {"page": "(none yet)"}
    page.context.expose_function("reportCspViolation", lambda text: found.append(f"{where['page']}: {text}"))
    page.context.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: found.append(f"{where['page']}: console: {message.text}")
            if "Content Security Policy" in message.text else None)
    page.on("framenavigated", lambda frame: where.update(page=frame.url) if frame == page.main_frame else None)
    return found


def visit(page, live_server, path):
    response = page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    return response


def test_public_pages_the_map_and_the_api_docs_break_no_policy_rule(page, live_server, demo, violations):
    for path in ("/", "/cases/", "/cases/?q=Baghuz&status=credible", "/cases/SY-0001/history/", "/stats/", "/log/",
                 "/cases/ZZ-9999/"):
        visit(page, live_server, path)

    visit(page, live_server, "/cases/SY-0001/")
    assert violations == []
    # The map drew itself and its tiles arrived: Leaflet ran, and the tile host is allowed.
    page.locator("#case-map img.leaflet-tile-loaded").first.wait_for(state="attached")

    response = visit(page, live_server, "/api/docs/")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    # Swagger UI ran (its script is a file) and drew the endpoints from the schema.
    page.wait_for_selector(".opblock-summary-path:has-text('/api/cases/')")
    page.click(".opblock-summary-path:has-text('/api/parties/')")  # opening one draws its icons
    page.wait_for_selector(".opblock-body")
    assert violations == []


def test_the_admin_breaks_no_policy_rule(page, live_server, demo, django_user_model, violations):
    # A superuser reaches every admin page, Django's own users and groups included.
    # With the authenticator every superuser must have; log_in() gives its code.
    admin_user = with_authenticator(django_user_model.objects.create_superuser(username="sam.superuser",
                                                                               password=PASSWORD))
    log_in(page, live_server, admin_user)
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        visit(page, live_server, reverse("admin:{}_{}_changelist".format(*info)))
        visit(page, live_server, reverse("admin:{}_{}_add".format(*info)))
        first = model.objects.order_by("pk").first()
        if first is not None:
            visit(page, live_server, reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            visit(page, live_server, reverse("admin:{}_{}_history".format(*info), args=[first.pk]))
    case = Incident.objects.get(code="SY-0001")
    for path in (reverse("admin:index"), reverse("admin:incidents_incident_review_queue"),
                 reverse("admin:incidents_importbatch_upload"), reverse("admin:password_change"),
                 reverse("admin:incidents_incident_decide", args=[case.pk, "reopen"])):
        visit(page, live_server, path)

    # What the admin's scripts do on a page: the changelist's actions, then on a case the
    # autocomplete, a new inline row, the calendar, the sidebar and an "add another" popup.
    visit(page, live_server, reverse("admin:incidents_incident_changelist"))
    page.check("#action-toggle")
    page.select_option("select[name=action]", index=1)
    visit(page, live_server, reverse("admin:incidents_incident_change", args=[case.pk]))
    page.click("#id_party_links-0-party + .select2 .select2-selection")
    page.wait_for_selector(".select2-results__option")
    page.keyboard.press("Escape")
    page.click("#claims-group .add-row a")
    calendar_link = page.locator("#id_occurred_on + .datetimeshortcuts a[id^=calendarlink]")
    calendar_link.click()
    page.wait_for_selector("#" + calendar_link.get_attribute("id").replace("link", "box"), state="visible")
    page.click("#toggle-nav-sidebar")
    with page.context.expect_page() as popup_opening:
        page.click("#add_id_party_links-0-party")
    popup = popup_opening.value
    popup.wait_for_load_state("networkidle")
    popup.close()
    assert violations == []


def test_the_check_reports_inline_script_and_style_under_our_policy(page, live_server, db, violations):
    """Proof that the two tests above can fail: our own policy, on a page with inline code."""
    policy = page.request.get(f"{live_server.url}/").headers["content-security-policy"]
    page.route(f"{live_server.url}/inline-code-page", lambda route: route.fulfill(
        status=200, content_type="text/html", headers={"Content-Security-Policy": policy},
        body="<style>p { color: red }</style><p>inline</p><script>document.title = 'ran'</script>",
    ))
    visit(page, live_server, "/inline-code-page")
    assert page.title() != "ran"
    blocked = " ".join(violations)
    assert "script-src-elem blocked inline" in blocked and "style-src-elem blocked inline" in blocked
