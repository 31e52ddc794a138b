"""The API's URLs, under /api/ (see casework/urls.py). Keep them stable: clients depend on them."""

from django.urls import path

from incidents.api import views

app_name = "api"

urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("cases/", views.CaseList.as_view(), name="case-list"),
    path("cases/<str:code>/", views.CaseDetail.as_view(), name="case-detail"),
    path("parties/", views.PartyList.as_view(), name="party-list"),
    path("log/head/", views.LogHead.as_view(), name="log-head"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
]
