"""Public full-text search over cases.

Each case keeps a search document: the lower-cased words of its code, title, summary, place
names (both scripts) and the excerpts of claims whose source is not confidential (so that a
search can never reveal what a confidential source says). The words are split here, in
Python, for both databases: PostgreSQL indexes them with to_tsvector('simple', …) in a GIN
index and ranks matches; SQLite matches whole words. A single word therefore finds the same
cases on either database.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection

WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 12
SEARCH_VECTOR = SearchVector("search_document", config="simple")


def words(text):
    return WORD.findall((text or "").casefold())


def search_document(incident):
    from incidents.models import Claim

    excerpts = Claim.objects.filter(incident_id=incident.pk, source__is_confidential=False).values_list(
        "excerpt", flat=True
    )
    return document_of(incident, excerpts)


def document_of(incident, excerpts):
    """The search document of a case and the excerpts of its claims on public sources (in claim order)."""
    parts = [incident.code, incident.title, incident.summary, incident.place_name, incident.place_name_local,
             incident.admin_area, *excerpts]
    unique = dict.fromkeys(word for part in parts for word in words(part))
    # Spaces at both ends so that SQLite can match " word " as a whole word.
    return f" {' '.join(unique)} "


def refresh_search_document(incident_id):
    from incidents.models import Incident

    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is not None:
        Incident.objects.filter(pk=incident_id).update(search_document=search_document(incident))


def search_cases(queryset, text):
    """Cases whose document holds every word of `text`; on PostgreSQL annotated with a rank."""
    query_words = words(text)[:MAX_QUERY_WORDS]
    if not query_words:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(" ".join(query_words), config="simple", search_type="plain")
        return queryset.annotate(search=SEARCH_VECTOR, rank=SearchRank(SEARCH_VECTOR, query)).filter(search=query)
    for word in query_words:
        queryset = queryset.filter(search_document__contains=f" {word} ")
    return queryset
