"""Import cases and claims from a CSV spreadsheet, all or nothing (format: docs/import-format.md)."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from incidents.importer import ImportRefused, apply_import, plan_import


class Command(BaseCommand):
    help = "Import a CSV of claims (one row per claim). Nothing is written if any row has an error."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8).")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and say what would change.")
        parser.add_argument("--user", help="Username to record as the importer (default: the system).")

    def handle(self, *args, file, dry_run, user, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user is called {user!r}.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        started = time.perf_counter()
        plan = plan_import(data, file_name=file.name)
        checked = time.perf_counter()
        if not plan.ok:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(plan.errors)} problem(s) found; nothing was imported.")
        self.stdout.write(plan.summary())
        if dry_run or plan.already_imported:
            if dry_run:
                self.stdout.write("Dry run: nothing was written.")
            return
        try:
            result = apply_import(plan, actor=actor)
        except ImportRefused as refusal:
            raise CommandError(str(refusal)) from None
        written = time.perf_counter()
        self.stdout.write(f"Checked {plan.rows} rows in {checked - started:.2f} s, wrote them in "
                          f"{written - checked:.2f} s: {plan.rows / (written - started):.0f} rows/s in all.")
        self.stdout.write(self.style.SUCCESS(
            f"Imported: {len(result.created_codes)} new cases ({', '.join(result.created_codes[:10])}"
            f"{'…' if len(result.created_codes) > 10 else ''}), {len(plan.claims)} claims."
        ))
