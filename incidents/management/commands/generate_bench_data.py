"""Fill the database with realistic, reproducible cases for benchmarks (see incidents.benchdata)."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from incidents import benchdata
from incidents.models import Incident


class Command(BaseCommand):
    help = (
        "Generate benchmark data: cases with claims, sources, investigations, parties and a valid case log, "
        "inserted in bulk. The same --seed gives the same data. Refuses to add to a database that holds cases "
        "unless --append is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1000, help="How many cases to make (default 1000).")
        parser.add_argument("--claims-per-case", type=float, default=10,
                            help="Average claims per case (default 10); one case in 500 gets 300.")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random generator (default 1).")
        parser.add_argument("--append", action="store_true",
                            help="Add to existing cases: codes continue from their counters, the log from its head.")
        parser.add_argument("--batch-cases", type=int, default=1000,
                            help="Cases per transaction (default 1000).")
        parser.add_argument("--end-date", type=date.fromisoformat, default=benchdata.DEFAULT_END_DATE,
                            help=f"Last day of the ten years the cases span (default {benchdata.DEFAULT_END_DATE}; "
                                 "fixed so that a seed always gives the same data).")

    def handle(self, *args, cases, claims_per_case, seed, append, batch_cases, end_date, **options):
        if cases < 1 or claims_per_case < 1 or batch_cases < 1:
            raise CommandError("--cases, --claims-per-case and --batch-cases must be at least 1.")
        if end_date > timezone.localdate():
            raise CommandError(f"--end-date {end_date} is in the future.")
        if Incident.objects.exists() and not append:
            raise CommandError("The database already holds cases; give --append to add to them.")
        started = time.perf_counter()
        start = benchdata.current_state()
        done = rows = claims = 0
        try:
            for batch in benchdata.generate(seed=seed, cases=cases, claims_per_case=claims_per_case, start=start,
                                            end_date=end_date, batch_cases=batch_cases):
                benchdata.write_batch(batch)
                done += len(batch.incidents)
                rows += batch.rows
                claims += len(batch.claims)
                elapsed = time.perf_counter() - started
                self.stdout.write(f"{done}/{cases} cases, {claims} claims, {rows} rows, {elapsed:.1f} s, "
                                  f"{rows / elapsed:.0f} rows/s")
        finally:
            benchdata.reset_sequences()
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"Generated {done} cases, {claims} claims, {rows} rows in {elapsed:.1f} s "
            f"({rows / elapsed:.0f} rows/s, {done / elapsed:.0f} cases/s)."
        ))
