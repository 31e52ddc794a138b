from django.urls import path

from incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.home, name="home"),
    path("log/", views.log_head, name="log-head"),
    path("log/head.json", views.log_head_json, name="log-head-json"),
]
