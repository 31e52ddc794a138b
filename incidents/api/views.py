"""The read-only public API: published cases, the parties in them, the log head, and the schema.

Every case comes from `Incident.objects.public()`, the list is filtered by the same CaseFilter
as the public page, and each endpoint runs a fixed number of queries whatever the data.
Responses are built in English with stored choice values, so that they are the same bytes
whatever language is active.
"""

import json
import operator
from base64 import urlsafe_b64decode, urlsafe_b64encode
from binascii import Error as Base64Error
from datetime import date, datetime
from functools import reduce
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import DateField, DateTimeField, Exists, F, OuterRef, Prefetch, Q
from django.db.models.expressions import OrderBy
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from incidents.api.permissions import ReadOnly
from incidents.api.serializers import (
    CaseDetailSerializer,
    CaseSerializer,
    LogHeadSerializer,
    PartySerializer,
)
from incidents.filters import SORTS, CaseFilter
from incidents.models import GENESIS_HASH, CaseEvent, Claim, Incident, IncidentParty, Investigation, Party
from incidents.public import public_duplicate_of_code
from incidents.security import allow_in_policy
from incidents.views.cases import PARTY_LINKS

# No more parties than this in /api/parties/: there are a few dozen in practice.
MAX_PARTIES = 1000


class EnglishOnly:
    """Build and render the response in English, whatever language the request runs in.

    Values are stored choices, ISO dates and plain numbers anyway; this keeps the remaining
    words (error messages, the schema's descriptions) identical too. Rendering happens here,
    inside the override, because Django would otherwise render the response after the view
    has returned.
    """

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
            if not getattr(response, "is_rendered", True):
                response.render()
            return response


# --- cursor pagination over the page's sort orders ------------------------------------------


class KeyTerm(NamedTuple):
    """One column of a sort order. `nulls_last` is None for a column that is never NULL."""

    name: str
    descending: bool
    nulls_last: bool | None

    @classmethod
    def from_order_by(cls, expression, model):
        name = expression.expression.name
        if model._meta.get_field(name).null:
            # Where NULLs sort differs between databases, so a nullable column must say.
            if not (expression.nulls_last or expression.nulls_first):
                raise ImproperlyConfigured(f"The sort on {name} needs nulls_first or nulls_last.")
            return cls(name, expression.descending, bool(expression.nulls_last))
        return cls(name, expression.descending, None)

    def reversed(self):
        return KeyTerm(self.name, not self.descending, None if self.nulls_last is None else not self.nulls_last)

    def order_by(self):
        return OrderBy(F(self.name), descending=self.descending,
                       nulls_last=True if self.nulls_last is True else None,
                       nulls_first=True if self.nulls_last is False else None)

    def beyond(self, value):
        """Rows strictly after `value` in this column's order, or None when there are none."""
        if value is None:
            return Q(**{f"{self.name}__isnull": False}) if self.nulls_last is False else None
        condition = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        return (condition | Q(**{f"{self.name}__isnull": True})) if self.nulls_last else condition

    def same(self, value):
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})


# The page's sort orders (incidents.filters.SORTS), each ending in the unique id.
KEYSETS = {key: tuple(KeyTerm.from_order_by(expression, Incident) for expression in order)
           for key, (_label, order) in SORTS.items()}
DEFAULT_SORT = "-date"


class Cursor(NamedTuple):
    sort: str
    reverse: bool
    values: tuple


class CaseCursorPagination(CursorPagination):
    """Cursor pagination that follows the `sort` filter.

    DRF's CursorPagination positions on the first ordering column alone; the page's sorts
    begin with columns that repeat and may be NULL (deaths), so the cursor here holds the
    row's value in every column of the sort (which ends with the unique id) and the next
    page starts strictly after that row. Without `sort`, cases come newest first, also when
    `q` is given (relevance ranking is the page's, not the API's: a rank is no stable cursor).
    """

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-occurred_on", "-id")  # the default sort; see KEYSETS for the others
    template = None
    invalid_cursor_message = "Invalid cursor."

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.sort = request.query_params.get("sort") or DEFAULT_SORT
        if self.sort not in KEYSETS:  # CaseFilter has answered 400 already; this is for other callers
            self.sort = DEFAULT_SORT
        self.terms = KEYSETS[self.sort]
        self.cursor = self.decode_cursor(request)
        reverse = bool(self.cursor and self.cursor.reverse)
        walk = tuple(term.reversed() for term in self.terms) if reverse else self.terms

        queryset = queryset.order_by(*(term.order_by() for term in walk))
        if self.cursor is not None:
            queryset = self.after(queryset, walk, self.cursor.values)
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if reverse:
            self.page.reverse()
            self.has_next, self.has_previous = True, more
        else:
            self.has_next, self.has_previous = more, self.cursor is not None
        return self.page

    @staticmethod
    def after(queryset, terms, values):
        """Rows after the row with `values` in the order `terms`: equal on the first columns, beyond on the next."""
        alternatives, equal = [], Q()
        for term, value in zip(terms, values, strict=True):
            beyond = term.beyond(value)
            if beyond is not None:
                alternatives.append(equal & beyond)
            equal &= term.same(value)
        return queryset.filter(reduce(operator.or_, alternatives)) if alternatives else queryset.none()

    def key(self, row):
        return tuple(getattr(row, term.name) for term in self.terms)

    def get_next_link(self):
        if not self.has_next:
            return None
        values = self.key(self.page[-1]) if self.page else self.cursor.values
        return self.encode_cursor(Cursor(self.sort, False, values))

    def get_previous_link(self):
        if not self.has_previous:
            return None
        values = self.key(self.page[0]) if self.page else self.cursor.values
        return self.encode_cursor(Cursor(self.sort, True, values))

    def encode_cursor(self, cursor):
        values = [value.isoformat() if isinstance(value, (date, datetime)) else value for value in cursor.values]
        payload = json.dumps([cursor.sort, int(cursor.reverse), values], separators=(",", ":"))
        token = urlsafe_b64encode(payload.encode()).decode().rstrip("=")
        return replace_query_param(self.base_url, self.cursor_query_param, token)

    def decode_cursor(self, request):
        token = request.query_params.get(self.cursor_query_param)
        if not token:
            return None
        try:
            sort, reverse, raw = json.loads(urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if sort != self.sort or reverse not in (0, 1) or len(raw) != len(self.terms):
                raise ValueError("a cursor of another sort order")
            values = tuple(self.parse(term, value) for term, value in zip(self.terms, raw, strict=True))
        except (Base64Error, UnicodeDecodeError, DjangoValidationError, TypeError, ValueError):
            raise NotFound(self.invalid_cursor_message) from None
        return Cursor(sort, bool(reverse), values)

    @staticmethod
    def parse(term, value):
        """A cursor's value for one column, checked: dates and times as ISO strings, ids as integers."""
        field = Incident._meta.get_field(term.name)
        if value is None:
            if term.nulls_last is None:
                raise ValueError(f"{term.name} is never null")
            return None
        expected = str if isinstance(field, DateField) else int  # DateTimeField is a DateField
        if isinstance(value, bool) or not isinstance(value, expected):
            raise ValueError(f"not a value for {term.name}")
        if isinstance(field, DateTimeField):
            parsed = parse_datetime(value)
            if parsed is None or parsed.tzinfo is None:
                raise ValueError(f"not a time with its offset for {term.name}")
            return parsed
        return field.to_python(value)


# --- the endpoints -----------------------------------------------------------------------------


def _cases():
    """Published cases, with the duplicate's code joined in and the staff-only fields never loaded."""
    return (Incident.objects.public()
            .annotate(duplicate_of_code=public_duplicate_of_code())
            .defer("internal_notes", "search_document")
            .prefetch_related(PARTY_LINKS))


class CaseList(EnglishOnly, generics.ListAPIView):
    """Published cases, filtered as on the public case list (`/cases/`), a page at a time.

    Filters: `q` (whole words in the code, title, summary, place names and non-confidential
    excerpts), `status`, `country`, `party` (a party's `id` from /api/parties/), `date_from`
    and `date_to` (ISO dates, inclusive), `min_killed` (the highest claimed figure reaches it),
    `source_kind`, `investigation` (`any` or a kind) and `sort` (`-date`, the default, `date`,
    `-deaths`, `deaths`, `-updated`). An invalid value gives 400 with a message per parameter.

    Pages: follow `next` and `previous`; a cursor belongs to its sort order. Without `sort`,
    cases come newest first even when `q` is given.
    """

    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    pagination_class = CaseCursorPagination

    def get_queryset(self):
        return _cases().defer("summary")


class CaseDetail(EnglishOnly, generics.RetrieveAPIView):
    """One published case, with its claims, investigations, public sources and history.

    A claim resting on a confidential source keeps its figures and stance but is attributed to
    "A confidential source", without excerpt or source; confidential sources are counted in
    `confidential_sources`, never described. `history` is the case's entries in the case log,
    with the hashes that chain them (see /api/log/head/). An unpublished case is 404.
    """

    serializer_class = CaseDetailSerializer
    lookup_field = "code"
    filter_backends = []

    def get_queryset(self):
        return _cases().prefetch_related(
            Prefetch("claims", queryset=Claim.objects.select_related("source")
                     .defer("source__internal_notes").order_by(F("stated_on").asc(nulls_last=True), "id")),
            Prefetch("investigations", queryset=Investigation.objects.defer("internal_notes").order_by(
                "opened_on", "id").prefetch_related("sources")),
            Prefetch("events", queryset=CaseEvent.objects.order_by("seq")),
        )

    def get_object(self):
        case = self.get_queryset().filter(code=self.kwargs["code"].upper()).first()
        if case is None:
            raise NotFound("No published case has this code.")
        return case


class PartyList(EnglishOnly, generics.ListAPIView):
    """The parties alleged to be responsible for at least one published case, by name."""

    serializer_class = PartySerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        in_a_public_case = IncidentParty.objects.filter(party=OuterRef("pk"), incident__in=Incident.objects.public())
        return Party.objects.filter(Exists(in_a_public_case)).order_by("name")[:MAX_PARTIES]


class LogHead(EnglishOnly, generics.GenericAPIView):
    """The case log's newest entry: its number, hash and time, to write down as a checkpoint.

    `python manage.py verify_log --checkpoint SEQ:HASH` later proves the log still holds it.
    """

    serializer_class = LogHeadSerializer
    pagination_class = None
    filter_backends = []

    def get(self, request, *args, **kwargs):
        head = CaseEvent.objects.order_by("-seq").values("seq", "hash", "recorded_at").first()
        head = head or {"seq": 0, "hash": GENESIS_HASH, "recorded_at": None}
        return Response(self.get_serializer(head).data)


class ApiRoot(EnglishOnly, APIView):
    """/api/ itself: the interactive documentation is the way in."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(reverse("api:docs"))


class SchemaView(EnglishOnly, SpectacularAPIView):
    """The OpenAPI 3 schema of this API (YAML, or JSON with ?format=json)."""

    permission_classes = [ReadOnly]


class DocsView(EnglishOnly, SpectacularSwaggerSplitView):
    """Swagger UI from the drf-spectacular-sidecar static files (no CDN), its script and style files, not inline."""

    permission_classes = [ReadOnly]
    url_name = "api:schema"
    template_name = "incidents/api/docs.html"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Swagger UI's script draws its icons as data: SVG images. Images only: an <img> cannot
        # run script, and scripts and styles stay limited to our own files.
        allow_in_policy(response, img_src=["data:"])
        return response

    def options(self, request, *args, **kwargs):
        # DRF's OPTIONS describes the view as data, which this HTML-only view cannot render;
        # an empty answer with its Allow header (added by DRF) says all there is to say.
        return HttpResponse()
