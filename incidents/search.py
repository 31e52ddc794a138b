"""Public full-text search over cases.

Each case keeps a search document: the lower-cased words of its code, title, summary, place
names (both scripts) and the excerpts of claims whose source is not confidential (so that a
search can never reveal what a confidential source says). The words are split here, in
Python, for both databases: PostgreSQL keeps to_tsvector('simple', document) in a stored
column with a GIN index (migration 0009) and can rank matches; SQLite matches whole words. A
single word therefore finds the same cases on either database.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Expression, F

from incidents.choices import source_kinds_mask

WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 12
# Ranking sorts every match: cheap for a few thousand, not for most of the archive. Past this
# many matches the list keeps its date order (and says so).
RANKED_MATCHES_MAX = 10_000


class StoredSearchVector(Expression):
    """PostgreSQL's search_vector column of the case table (unknown to Django's model)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name('search_vector')}", []


def words(text):
    return WORD.findall((text or "").casefold())


def document_of(incident, excerpts):
    """The search document of a case and the excerpts of its claims on public sources (in claim order)."""
    parts = [incident.code, incident.title, incident.summary, incident.place_name, incident.place_name_local,
             incident.admin_area, *excerpts]
    unique = dict.fromkeys(word for part in parts for word in words(part))
    # Spaces at both ends so that SQLite can match " word " as a whole word.
    return f" {' '.join(unique)} "


def public_index_of(incident):
    """What public search and the source-kind filter read of a case: its search document and the
    kinds of the public sources its claims cite, as the Incident fields that store them. Both
    leave confidential sources out, so that neither can reveal what a confidential source says
    or that a case rests on one."""
    from incidents.models import Claim

    cited = list(Claim.objects.filter(incident_id=incident.pk, source__is_confidential=False)
                 .values_list("excerpt", "source__kind"))
    return {
        "search_document": document_of(incident, [excerpt for excerpt, _kind in cited]),
        "public_source_kinds": source_kinds_mask(kind for _excerpt, kind in cited),
    }


def refresh_public_index(incident_id):
    """Store public_index_of(case) on the case; call in the transaction that changed what it reads."""
    from incidents.models import Incident

    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is not None:
        Incident.objects.filter(pk=incident_id).update(**public_index_of(incident))


def search_cases(queryset, text):
    """Cases whose document holds every word of `text`."""
    query_words = words(text)[:MAX_QUERY_WORDS]
    if not query_words:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.alias(search_vector=StoredSearchVector()).filter(search_vector=_query(query_words))
    for word in query_words:
        queryset = queryset.filter(search_document__contains=f" {word} ")
    return queryset


def can_rank():
    """Whether the database ranks matches: PostgreSQL does, SQLite only matches words."""
    return connection.vendor == "postgresql"


def rank_matches(queryset, text, *then):
    """Order matches of `text` best first, then by `then`, where the database can rank."""
    query_words = words(text)[:MAX_QUERY_WORDS]
    if not query_words or not can_rank():
        return queryset
    rank = SearchRank(StoredSearchVector(), _query(query_words))
    return queryset.alias(rank=rank).order_by(F("rank").desc(), *then)


def _query(query_words):
    return SearchQuery(" ".join(query_words), config="simple", search_type="plain")
