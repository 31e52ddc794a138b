"""PostgreSQL: a GIN index for public search; every database: fill in the search documents.

The index is built from the same expression the search query uses (incidents.search), so
the planner can use it; SQLite has no GIN indexes and matches whole words instead.
"""

import re

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(SearchVector("search_document", config="simple"), name="incident_search_gin")
WORD = re.compile(r"\w+")


def fill_search_documents(apps):
    # A frozen copy of incidents.search.search_document, as a migration must not import app code.
    Incident = apps.get_model("incidents", "Incident")
    Claim = apps.get_model("incidents", "Claim")
    for incident in Incident.objects.all().iterator():
        parts = [incident.code, incident.title, incident.summary, incident.place_name, incident.place_name_local,
                 incident.admin_area]
        parts.extend(Claim.objects.filter(incident_id=incident.pk, source__is_confidential=False)
                     .values_list("excerpt", flat=True))
        unique = dict.fromkeys(word for part in parts for word in WORD.findall((part or "").casefold()))
        Incident.objects.filter(pk=incident.pk).update(search_document=f" {' '.join(unique)} ")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("incidents", "Incident"), INDEX)
    fill_search_documents(apps)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("incidents", "Incident"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0005_publication_and_search")]

    operations = [migrations.RunPython(forwards, backwards)]
