"""Public URLs. Keep these paths stable: other sites and tools link to them.

Every public route is read-only: GET and HEAD, and 405 for any other method (`read_only`).
"""

from django.urls import path
from django.views.decorators.http import require_safe as read_only

from incidents.feeds import LatestCasesFeed
from incidents.views import cases, exports, health, home, log, stats

app_name = "incidents"

urlpatterns = [
    path("", read_only(home.home), name="home"),
    path("cases/", read_only(cases.case_list), name="case-list"),
    path("cases/export.csv", read_only(exports.cases_csv), name="export-csv"),
    path("cases/claims.csv", read_only(exports.claims_csv), name="export-claims-csv"),
    path("cases/export.json", read_only(exports.cases_json), name="export-json"),
    path("cases/export.geojson", read_only(exports.cases_geojson), name="export-geojson"),
    path("cases/<str:code>/", read_only(cases.case_detail), name="case-detail"),
    path("cases/<str:code>/history/", read_only(cases.case_history), name="case-history"),
    path("stats/", read_only(stats.stats), name="stats"),
    path("feeds/cases.atom", read_only(LatestCasesFeed()), name="feed"),
    path("log/", read_only(log.log_head), name="log-head"),
    path("log/head.json", read_only(log.log_head_json), name="log-head-json"),
    path("healthz", read_only(health.healthz), name="healthz"),
]
