"""Inserting many rows of one model at once: COPY on PostgreSQL, bulk_create elsewhere.

Used by the benchmark data generator and the spreadsheet import, which write thousands of
rows in one transaction. bulk_create spends most of its time preparing each value in Python;
COPY hands the values to psycopg as they are, about three times faster. The database still
checks every CHECK constraint and foreign key on each row.
"""

import enum
import json

import orjson
from django.db import connection, models
from django.db.models.base import ModelState
from django.db.models.fields.files import FieldFile

BULK_CREATE_BATCH = 2000


_TEMPLATES = {}


def new_instance(model, **values):
    """An unsaved instance built without Model.__init__, which costs more than the rest of a
    generated or imported row. Starts from the field defaults; `values` are set by attribute
    name (`incident_id`, not `incident`), so related objects are not checked or cached.
    """
    template = _TEMPLATES.get(model)
    if template is None:
        defaults = {name: value for name, value in model().__dict__.items() if name != "_state"}
        # A default such as dict() must not be shared: those are copied for each instance.
        mutable = tuple(name for name, value in defaults.items() if isinstance(value, dict | list))
        template = _TEMPLATES[model] = (defaults, mutable)
    defaults, mutable = template
    instance = model.__new__(model)
    stored = instance.__dict__
    stored.update(defaults)
    for name in mutable:
        stored[name] = type(defaults[name])(defaults[name])
    stored.update(values)
    instance._state = ModelState()
    return instance


def insert_rows(rows):
    """Insert model instances of one model, giving them primary keys where they have none.

    Every field must hold its final value: save() is not called, and auto_now stamps are not
    applied on PostgreSQL.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        type(rows[0]).objects.bulk_create(rows, batch_size=BULK_CREATE_BATCH)
        return
    missing = [row for row in rows if row.pk is None]
    for row, pk in zip(missing, reserve_ids(type(rows[0]), len(missing)), strict=True):
        row.pk = pk
    copy_rows(rows)
    alias = connection.alias  # read once: each read goes through the connection handler's thread-local
    for row in rows:
        row._state.adding = False
        row._state.db = alias


def reserve_ids(model, count):
    """Take `count` ids from a PostgreSQL table's id sequence, in increasing order."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s) ORDER BY 1",
                       [connection.ops.quote_name(table), model._meta.pk.column, count])
        return [pk for (pk,) in cursor.fetchall()]


def copy_rows(rows):
    """Insert model instances of one model, ids included, with PostgreSQL's COPY.

    The values go to psycopg as they are: text choices are sent as their value and JSON is
    wrapped for psycopg.
    """
    from psycopg.types.json import Jsonb

    model = type(rows[0])
    fields = model._meta.concrete_fields
    json_names = {field.attname for field in fields if isinstance(field, models.JSONField)}
    quote = connection.ops.quote_name
    statement = (f"COPY {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
                 "FROM STDIN")
    names = [field.attname for field in fields]
    # Only JSON, choice and file columns need converting; a million values go through here in a
    # large import, so the others are passed on as they are.
    json_columns = [index for index, name in enumerate(names) if name in json_names]
    converted_columns = [index for index, field in enumerate(fields)
                         if (field.choices or isinstance(field, models.FileField)) and field.attname not in json_names]
    # The raw psycopg cursor: Django's has no COPY. Its errors are wrapped as Django's would be,
    # so that callers catch IntegrityError whichever way the rows went in.
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            values = row.__dict__
            line = [values[name] for name in names]
            for index in json_columns:
                line[index] = Jsonb(line[index], dumps=_json_bytes)
            for index in converted_columns:
                line[index] = _plain(line[index])
            copy.write_row(line)


def _json_bytes(value):
    """JSON for a jsonb column. orjson writes it ten times faster than the json module, which
    mattered: an import encodes two objects per log entry. PostgreSQL parses the text into the
    same jsonb either way. Hashes never use it: the case log's canonical form is json's."""
    try:
        return orjson.dumps(value)
    except TypeError:  # what orjson does not take (integers beyond 64 bits, say) json still may
        return json.dumps(value)


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, FieldFile):
        # Once anything has read a file field (Source.clean() does), its descriptor leaves a
        # FieldFile in the instance's __dict__; the column holds its name, "" for no file.
        return value.name or ""
    return value
