"""Data at one address each, the same bytes in every language: the exports, the log's head as
JSON and the health check. Keep these paths stable: other sites and tools link to them.

casework/urls.py mounts them outside the language prefix, so there is no /ar/ copy of any of
them, and `{% url 'data:…' %}` gives the same address on an English and an Arabic page. Every
route is read-only: GET and HEAD, and 405 for any other method.
"""

from django.urls import path
from django.views.decorators.http import require_safe as read_only

from incidents.views import exports, health, log

app_name = "data"

urlpatterns = [
    path("cases/export.csv", read_only(exports.cases_csv), name="export-csv"),
    path("cases/claims.csv", read_only(exports.claims_csv), name="export-claims-csv"),
    path("cases/export.json", read_only(exports.cases_json), name="export-json"),
    path("cases/export.geojson", read_only(exports.cases_geojson), name="export-geojson"),
    path("log/head.json", read_only(log.log_head_json), name="log-head-json"),
    path("healthz", read_only(health.healthz), name="healthz"),
]
