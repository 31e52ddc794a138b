"""Uploaded source documents: fingerprinted by the server, stored privately, served to staff only."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.models import Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name="../../etc/report.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="text/html")


def test_server_computes_fingerprint_size_and_type_from_the_bytes(private_media):
    source = make_source(file=upload())
    source.refresh_from_db()
    assert source.file_sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert source.file_size == len(PDF_BYTES)
    assert source.file_content_type == "application/pdf"  # not the text/html the browser claimed
    assert source.file_name == "report.pdf"


def test_stored_name_never_comes_from_the_uploader(private_media):
    source = make_source(file=upload())
    assert ".." not in source.file.name and "report" not in source.file.name
    assert source.file.name.startswith("sources/") and source.file.name.endswith(".pdf")
    assert (private_media / source.file.name).read_bytes() == PDF_BYTES


def test_plain_text_is_recognised_as_text():
    source = make_source(file=upload("testimony.txt", "شهادة من الرقة\n".encode()))
    assert source.file_content_type == "text/plain"


def test_replacing_the_file_recomputes_the_fingerprint():
    source = make_source(file=upload())
    source.file = upload("second.txt", b"second version")
    source.save()
    source.refresh_from_db()
    assert source.file_sha256 == hashlib.sha256(b"second version").hexdigest()
    assert source.file_size == len(b"second version")


def test_researcher_uploads_a_file_through_the_admin(researcher_client, researcher):
    response = researcher_client.post(
        reverse("admin:incidents_source_add"),
        {"title": "Drone footage", "kind": "imagery", "file": upload("footage.pdf"), "version": "1"},
    )
    assert response.status_code == 302
    source = Source.objects.get()
    assert source.file_sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert source.created_by == researcher


def test_staff_download_the_file_as_an_attachment(researcher_client):
    source = make_source(file=upload())
    response = researcher_client.get(source.file.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="report.pdf"')
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_the_public_cannot_download_a_source_file(client):
    source = make_source(file=upload(), is_confidential=True)
    response = client.get(source.file.url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_only_files_that_belong_to_a_source_can_be_fetched(researcher_client):
    response = researcher_client.get(reverse("staff-source-file", args=["sources/../../settings.py"]))
    assert response.status_code == 404
