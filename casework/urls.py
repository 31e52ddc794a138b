"""Casework's URLs: the public site, the staff admin with its two-factor pages, and staff-only file downloads.

Pages for people (the public site, its feed and the admin) are in English at their plain
paths and in Arabic under /ar/; data for programs (the API, the exports, the log's head,
staff downloads) has one address, outside the prefix, and the same bytes in every language.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.forms import LoginForm
from incidents import staff_views

admin.site.site_header = "Casework"
admin.site.site_title = _("Casework admin")
admin.site.index_title = _("Cases, claims, sources and investigations")
admin.site.site_url = reverse_lazy("incidents:home")  # "View site" opens the public site in the admin's language
# Throttled per username and per address (accounts.throttle).
admin.site.login_form = LoginForm

urlpatterns = [
    path("staff/files/<path:name>", staff_views.source_file, name="staff-source-file"),
    path("api/", include("incidents.api.urls")),
    path("", include("incidents.data_urls")),
    # English without a prefix (the addresses stay as they were), Arabic under /ar/.
    *i18n_patterns(
        path("admin/two-factor/", include("accounts.urls")),
        path("admin/", admin.site.urls),
        path("", include("incidents.urls")),
        prefix_default_language=False,
    ),
]

handler400 = "incidents.views.errors.bad_request"
handler403 = "incidents.views.errors.permission_denied"
handler404 = "incidents.views.errors.page_not_found"
