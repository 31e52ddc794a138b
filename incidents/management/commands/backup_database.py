"""Write a consistent backup of the whole database (see docs/backups.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from incidents.backups import BackupError, backup, backup_files, default_backup_path, files_archive_path


class Command(BaseCommand):
    help = ("Write a consistent backup of the database: pg_dump's custom format on PostgreSQL, SQLite's online "
            "backup on SQLite. The file holds confidential material: keep it as safe as the database.")

    def add_arguments(self, parser):
        parser.add_argument("--output", help="The file to write (must not exist). Default: a dated file in --folder.")
        parser.add_argument("--folder", default=str(settings.BASE_DIR / "backups"),
                            help="Where dated backups go (default: backups/ in the project).")

    def handle(self, *args, **options):
        path = options["output"] or default_backup_path(options["folder"])
        try:
            size = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        archive = files_archive_path(path)
        count = backup_files(archive)
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {path} ({size:,} bytes); {count} source document(s) archived in {archive}."))
