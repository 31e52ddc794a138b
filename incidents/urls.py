"""Public pages. Keep these paths stable: other sites and tools link to them.

casework/urls.py serves them in English at these paths and in Arabic under /ar/ (/ar/cases/…).
The data files beside them, which must be the same bytes in every language, are in
incidents/data_urls.py, outside the language prefix.
"""

from django.urls import path

from incidents.feeds import LatestCasesFeed
from incidents.views import cases, home, log, stats

app_name = "incidents"

urlpatterns = [
    path("", home.home, name="home"),
    path("cases/", cases.case_list, name="case-list"),
    path("cases/<str:code>/", cases.case_detail, name="case-detail"),
    path("cases/<str:code>/history/", cases.case_history, name="case-history"),
    path("stats/", stats.stats, name="stats"),
    path("feeds/cases.atom", LatestCasesFeed(), name="feed"),
    path("log/", log.log_head, name="log-head"),
]
