"""Casework's URLs: the public site, the staff admin with its two-factor pages, and staff-only file downloads."""

from django.contrib import admin
from django.urls import include, path

from accounts.forms import LoginForm
from incidents import staff_views

admin.site.site_header = "Casework"
admin.site.site_title = "Casework admin"
admin.site.index_title = "Cases, claims, sources and investigations"
# Throttled per username and per address (accounts.throttle).
admin.site.login_form = LoginForm

urlpatterns = [
    path("admin/two-factor/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("staff/files/<path:name>", staff_views.source_file, name="staff-source-file"),
    path("api/", include("incidents.api.urls")),
    path("", include("incidents.urls")),
]
