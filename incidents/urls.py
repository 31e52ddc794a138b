"""Public URLs. Keep these paths stable: other sites and tools link to them."""

from django.urls import path

from incidents.feeds import LatestCasesFeed
from incidents.views import cases, exports, health, home, log, stats

app_name = "incidents"

urlpatterns = [
    path("", home.home, name="home"),
    path("cases/", cases.case_list, name="case-list"),
    path("cases/export.csv", exports.cases_csv, name="export-csv"),
    path("cases/claims.csv", exports.claims_csv, name="export-claims-csv"),
    path("cases/export.json", exports.cases_json, name="export-json"),
    path("cases/export.geojson", exports.cases_geojson, name="export-geojson"),
    path("cases/<str:code>/", cases.case_detail, name="case-detail"),
    path("cases/<str:code>/history/", cases.case_history, name="case-history"),
    path("stats/", stats.stats, name="stats"),
    path("feeds/cases.atom", LatestCasesFeed(), name="feed"),
    path("log/", log.log_head, name="log-head"),
    path("log/head.json", log.log_head_json, name="log-head-json"),
    path("healthz", health.healthz, name="healthz"),
]
