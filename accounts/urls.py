"""The two-factor pages, under /admin/two-factor/. Each is an admin view: staff only, never cached."""

from django.contrib import admin
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", admin.site.admin_view(views.two_factor_status), name="two-factor"),
    path("setup/", admin.site.admin_view(views.two_factor_setup), name="two-factor-setup"),
    path("verify/", admin.site.admin_view(views.two_factor_verify), name="two-factor-verify"),
]
