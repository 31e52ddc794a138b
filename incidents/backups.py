"""Backing up and restoring the whole database (docs/backups.md).

PostgreSQL: `pg_dump --format=custom`, one consistent snapshot however busy the site is, and
`pg_restore` into an empty database in one transaction. SQLite: the library's online backup,
also a consistent copy of a live file. After a restore the case log is verified
(incidents.verification), so a restore that lost or changed an entry says so at once.

Uploaded source documents live outside the database (PRIVATE_MEDIA_ROOT): they are archived
beside the dump, and a restore checks each one against the SHA-256 its source recorded.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connections


class BackupError(Exception):
    """A backup or restore that could not be made, with the reason a person can act on."""


def _settings(alias):
    return connections[alias].settings_dict


def vendor(alias="default"):
    return connections[alias].vendor


def default_backup_path(folder, alias="default"):
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "dump" if vendor(alias) == "postgresql" else "sqlite3"
    return Path(folder) / f"casework-{stamp}.{suffix}"


def _postgres_environment(settings):
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return env


def _postgres_arguments(settings):
    arguments = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            arguments += [flag, str(settings[key])]
    return arguments


def _run(command, env):
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed: on Debian, apt-get install postgresql-client.")
    finished = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 (no shell, fixed tool)
    if finished.returncode:
        raise BackupError(f"{tool} failed: {finished.stderr.strip() or finished.stdout.strip()}")
    return finished


def backup(path, alias="default"):
    """Write a consistent copy of the database to `path` (which must not exist yet); return its size."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} exists already: a backup never overwrites another.")
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = _settings(alias)
    if vendor(alias) == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *_postgres_arguments(settings),
              "--file", str(path), str(settings["NAME"])], _postgres_environment(settings))
    elif vendor(alias) == "sqlite":
        _copy_sqlite(settings["NAME"], path)
    else:
        raise BackupError(f"Backups of a {vendor(alias)} database are not supported.")
    path.chmod(0o600)  # the backup holds everything, confidential material included
    return path.stat().st_size


def restore(path, alias="default"):
    """Load the backup at `path` into this (empty) database."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    settings = _settings(alias)
    connection = connections[alias]
    connection.ensure_connection()
    existing = [name for name in connection.introspection.table_names() if not name.startswith("sqlite_")]
    if existing:
        raise BackupError(f"The database {settings['NAME']} is not empty ({len(existing)} tables): restore into a "
                          "new, empty database, so that nothing of the two is mixed.")
    if vendor(alias) == "postgresql":
        connection.close()
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              *_postgres_arguments(settings), "--dbname", str(settings["NAME"]), str(path)],
             _postgres_environment(settings))
    elif vendor(alias) == "sqlite":
        connection.close()
        _copy_sqlite(path, settings["NAME"])
    else:
        raise BackupError(f"Restoring a {vendor(alias)} database is not supported.")


def _copy_sqlite(source_path, target_path):
    """SQLite's online backup: a consistent copy, even of a database in use."""
    source, target = sqlite3.connect(str(source_path)), sqlite3.connect(str(target_path))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def files_archive_path(backup_path):
    backup_path = Path(backup_path)
    return backup_path.with_name(backup_path.stem + "-files.tar.gz")


def backup_files(archive):
    """Archive the uploaded source documents; return how many files went in."""
    root = Path(django_settings.PRIVATE_MEDIA_ROOT)
    files = sorted(path for path in root.rglob("*") if path.is_file()) if root.is_dir() else []
    with tarfile.open(archive, "w:gz") as tar:
        for path in files:
            tar.add(path, arcname=str(path.relative_to(root)))
    Path(archive).chmod(0o600)
    return len(files)


def restore_files(archive):
    """Unpack archived source documents into the empty PRIVATE_MEDIA_ROOT; return how many."""
    root = Path(django_settings.PRIVATE_MEDIA_ROOT)
    if root.is_dir() and any(root.iterdir()):
        raise BackupError(f"{root} is not empty: restore the files into an empty folder.")
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        members = [member for member in tar.getmembers() if member.isfile()]
        tar.extractall(root, members=members, filter="data")  # "data" refuses absolute paths and links
    return len(members)


def unmatched_files():
    """Sources whose stored file is missing or differs from the fingerprint recorded on upload."""
    from incidents.models import Source

    problems = []
    for source in Source.objects.exclude(file="").only("pk", "file", "file_sha256").iterator():
        path = Path(django_settings.PRIVATE_MEDIA_ROOT) / source.file.name
        if not path.is_file():
            problems.append(f"source {source.pk}: file {source.file.name} is missing")
            continue
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
        if digest.hexdigest() != source.file_sha256:
            problems.append(f"source {source.pk}: file {source.file.name} does not match its SHA-256")
    return problems
