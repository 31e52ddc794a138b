"""Database expressions used by constraints on both SQLite and PostgreSQL."""

from django.db import models
from django.utils.deconstruct import deconstructible


@deconstructible(path="incidents.models.expressions.LatestAllowedDate")
class LatestAllowedDate(models.Func):
    """Tomorrow by the database clock: the last date a "no date in the future" check accepts.

    The forms refuse anything after today; the database allows one more day so that a
    server in UTC never refuses a date that is already today where the strike happened.
    SQLite forbids date('now') in a CHECK but allows CURRENT_DATE, so both spell it that way.
    """

    output_field = models.DateField()
    arity = 0

    def as_sql(self, compiler, connection, **extra_context):
        return "(CURRENT_DATE + 1)", []

    def as_sqlite(self, compiler, connection, **extra_context):
        return "date(CURRENT_DATE, '+1 day')", []
