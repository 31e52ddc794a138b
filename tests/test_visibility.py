"""incidents.visibility is the one list of what is public, and every surface keeps to it."""

import dataclasses

import pytest
from rest_framework import serializers

from incidents import public, visibility
from incidents.api import serializers as api
from incidents.models import Claim, Incident, Source

MODELS = list(visibility.INTERNAL)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_field_of_every_record_is_placed_in_exactly_one_group(model):
    fields = {field.name for field in model._meta.concrete_fields}
    placed = [name for group in visibility.GROUPS.values() for name in group.get(model, ())]
    doubled = {name for name in placed if placed.count(name) > 1}
    assert not doubled, f"{model.__name__}: in two groups: {doubled}"
    assert set(placed) == fields, (f"{model.__name__}: not placed: {fields - set(placed)}; "
                                   f"not fields: {set(placed) - fields}")


def test_every_model_with_fields_is_covered():
    from django.apps import apps

    assert set(apps.get_app_config("incidents").get_models()) == set(MODELS)


def test_a_surface_that_lists_a_field_that_is_not_public_fails_naming_it():
    with pytest.raises(ValueError, match="internal_notes"):
        visibility.require_public(Incident, ("title", "internal_notes"), "a new export")
    with pytest.raises(ValueError, match="is_confidential"):
        visibility.require_public(Source, ("is_confidential",), "a new export")
    assert visibility.require_public(Claim, ("excerpt", "stance"), "a claim page") == ("excerpt", "stance")


SERIALIZERS = [api.PartySerializer, api.PartyLinkSerializer, api.SourceSerializer, api.ClaimSerializer,
               api.InvestigationSerializer, api.CaseEventSerializer, api.CaseSerializer, api.CaseDetailSerializer]
# Relations the API follows to other records, each of which is checked in its own serializer.
RELATIONS = {"party_links", "claims", "investigations", "events", "party"}


@pytest.mark.parametrize("serializer", SERIALIZERS, ids=lambda serializer: serializer.__name__)
def test_the_api_reads_only_public_fields(serializer):
    model = serializer.Meta.model
    declared = serializer._declared_fields
    read = []
    for name in serializer.Meta.fields:
        field = declared.get(name)
        if field is None:
            read.append(name)  # a model field, taken as it is
        elif isinstance(field, serializers.SerializerMethodField | serializers.HyperlinkedIdentityField):
            continue  # computed by the serializer, from public records (the canary walk checks them)
        elif field.source not in (None, "*"):
            read.append(field.source.split(".")[0])
        else:
            read.append(name)
    # A claim's source-revealing fields are only ever computed (withheld on a confidential source).
    allowed = set(visibility.PUBLIC.get(model, ())) | RELATIONS | {"duplicate_of_code"}
    stray = [name for name in read if name not in allowed]
    assert not stray, f"{serializer.__name__} reads fields that are not public: {stray}"


def test_the_pages_describe_a_source_with_exactly_its_public_fields():
    assert {field.name for field in dataclasses.fields(public.PublicSource)} == set(visibility.PUBLIC_SOURCE_FIELDS)
