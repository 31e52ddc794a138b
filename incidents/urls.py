"""Public pages. Keep these paths stable: other sites and tools link to them.

casework/urls.py serves them in English at these paths and in Arabic under /ar/ (/ar/cases/…).
The data files beside them, which must be the same bytes in every language, are in
incidents/data_urls.py, outside the language prefix. Every public route is read-only: GET and
HEAD, and 405 for any other method (`read_only`).
"""

from django.urls import path
from django.views.decorators.http import require_safe as read_only

from incidents.feeds import LatestCasesFeed
from incidents.views import cases, home, log, stats

app_name = "incidents"

urlpatterns = [
    path("", read_only(home.home), name="home"),
    path("cases/", read_only(cases.case_list), name="case-list"),
    path("cases/<str:code>/", read_only(cases.case_detail), name="case-detail"),
    path("cases/<str:code>/history/", read_only(cases.case_history), name="case-history"),
    path("stats/", read_only(stats.stats), name="stats"),
    path("feeds/cases.atom", read_only(LatestCasesFeed()), name="feed"),
    path("log/", read_only(log.log_head), name="log-head"),
]
