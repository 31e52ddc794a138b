"""Restore a backup into an empty database, then verify the case log (see docs/backups.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.backups import BackupError, files_archive_path, restore, restore_files, unmatched_files
from incidents.verification import verify_chain


class Command(BaseCommand):
    help = ("Load a backup made by backup_database into this empty database (DATABASE_URL), then recompute the "
            "case log's hash chain. Refuses a database that already holds tables.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")
        parser.add_argument("--files", help="The archive of source documents (default: the one beside the backup, "
                                            "if there is one).")

    def handle(self, *args, **options):
        archive = options["files"] or files_archive_path(options["path"])
        try:
            restore(options["path"])
            restored_files = restore_files(archive) if Path(archive).is_file() else 0
        except BackupError as error:
            raise CommandError(str(error)) from None
        result = verify_chain([])
        if not result.intact:
            raise CommandError("Restored, but the case log does not verify: " + " ".join(result.problems))
        problems = unmatched_files()
        if problems:
            raise CommandError("Restored, but source documents do not match: " + "; ".join(problems))
        self.stdout.write(self.style.SUCCESS(
            f"Restored {options['path']} and {restored_files} source document(s). The case log is intact: "
            f"{result.entries} entries; head {result.head_seq}:{result.head_hash}."))
