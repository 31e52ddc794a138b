"""A backup restores into an empty database with its case log verified and its files matching."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from incidents import services
from tests.factories import make_claim, make_source
from tests.public_pages import published

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_database(tmp_path):
    """(DATABASE_URL of a new, empty database of the same kind, its name); dropped afterwards."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}"
        return
    settings = connection.settings_dict
    name = f"casework_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = settings.get("USER") or "postgres"
    yield f"postgres://{user}@{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}/{name}"
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def manage(database_url, media, *arguments):
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url, "PRIVATE_MEDIA_ROOT": str(media)}
    return subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def recorded(transactional_db, editor, second_editor):
    case = published(second_editor, title="Strike on a bakery")
    video = SimpleUploadedFile("site.mp4", b"\x00\x00\x00\x18ftypmp42 a video")
    source = make_source(title="Video of the site", file=video)
    make_claim(case, source=source, killed_min=3, killed_max=5)
    services.incident_mark_credible(case, actor=editor, rationale="Two accounts agree.")
    return case


def test_a_backup_restores_into_an_empty_database_with_its_log_verified(recorded, empty_database, tmp_path,
                                                                       private_media):
    backup = tmp_path / "backups" / "casework.backup"
    call_command("backup_database", output=str(backup))
    assert backup.stat().st_size > 0 and oct(backup.stat().st_mode & 0o777) == "0o600"
    assert (tmp_path / "backups" / "casework-files.tar.gz").is_file()

    media = tmp_path / "restored-media"
    restored = manage(empty_database, media, "restore_database", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "The case log is intact" in restored.stdout and "1 source document(s)" in restored.stdout
    verified = manage(empty_database, media, "verify_log")
    assert verified.returncode == 0, verified.stderr
    from incidents.models import CaseEvent

    entries = CaseEvent.objects.count()
    assert entries >= 3 and f"intact: {entries} entries" in verified.stdout
    counted = manage(empty_database, media, "shell", "--no-imports", "-c",
                     "from incidents.models import CaseEvent, Incident; "
                     "print(Incident.objects.get().code, CaseEvent.objects.count())")
    assert counted.stdout.split() == [recorded.code, str(entries)]


def test_a_restore_refuses_a_database_that_is_not_empty(recorded, tmp_path):
    backup = tmp_path / "casework.backup"
    call_command("backup_database", output=str(backup))
    test_database = ("sqlite:///" + str(connection.settings_dict["NAME"]) if connection.vendor == "sqlite" else
                     "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**{**connection.settings_dict,
                                                                       "HOST": connection.settings_dict["HOST"]
                                                                       or "127.0.0.1",
                                                                       "PORT": connection.settings_dict["PORT"] or 5432,
                                                                       "USER": connection.settings_dict["USER"]
                                                                       or "postgres"}))
    refused = manage(test_database, tmp_path / "media", "restore_database", str(backup))
    assert refused.returncode != 0 and "is not empty" in refused.stderr


def test_a_source_document_changed_in_the_backup_is_reported_on_restore(recorded, empty_database, tmp_path):
    import tarfile

    backup = tmp_path / "casework.backup"
    call_command("backup_database", output=str(backup))
    archive = tmp_path / "casework-files.tar.gz"
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    [stored] = [path for path in unpacked.rglob("*") if path.is_file()]
    stored.write_bytes(b"an edited video")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(stored, arcname=str(stored.relative_to(unpacked)))

    restored = manage(empty_database, tmp_path / "restored-media", "restore_database", str(backup))
    assert restored.returncode != 0
    assert "does not match its SHA-256" in restored.stderr


def test_a_backup_never_overwrites_another(recorded, tmp_path):
    backup = tmp_path / "casework.backup"
    backup.write_bytes(b"an earlier backup")
    with pytest.raises(Exception, match="exists already"):
        call_command("backup_database", output=str(backup))
    assert backup.read_bytes() == b"an earlier backup"
