"""Public pages."""

from django.shortcuts import render

from incidents.models import Incident


def home(request):
    """What Casework is, and how many published cases it holds."""
    return render(request, "incidents/home.html", {"published_count": Incident.objects.public().count()})
