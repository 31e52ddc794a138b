"""Where uploaded source documents are kept: outside the static files, never at a public URL."""

import uuid

import filetype
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    """Files under PRIVATE_MEDIA_ROOT; their URLs point at the staff-only download view.

    Lazy so that tests (and deployments) can move PRIVATE_MEDIA_ROOT with settings.
    """

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url="/staff/files/")


private_storage = PrivateStorage()


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting == "PRIVATE_MEDIA_ROOT":
        private_storage._wrapped = empty


def get_private_storage():
    return private_storage


def source_file_path(instance, original_name):
    """A stored name that never comes from the uploader: a random id and the detected extension."""
    extension = instance.file_extension or "bin"
    return timezone.now().strftime(f"sources/%Y/%m/{uuid.uuid4().hex}.{extension}")


# Text that a browser would treat as a document and run script in, whatever the file is
# called: what starts HTML in the WHATWG MIME sniffing standard, and XML (SVG among it).
# filetype knows none of them. Such files keep their true type, and are stored as .bin so
# that their name never invites a server to render them (the download view never does).
HTML_OPENINGS = tuple(
    tag.encode() for tag in ("<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font",
                             "<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p", "<!--")
)
TAG_ENDS = (b" ", b">")
MARKUP_EXTENSION = "bin"


def sniff_markup(head):
    """text/html, image/svg+xml or application/xml for markup a browser would render, else None."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n\f").lower()
    # A pattern counts only where its tag ends: "<b>" or "<b " is HTML, "<bibliography" is not.
    if any(text.startswith(opening) and text[len(opening):len(opening) + 1] in TAG_ENDS for opening in HTML_OPENINGS):
        return "text/html"
    if text.startswith((b"<?xml", b"<svg")):
        return "image/svg+xml" if b"<svg" in text else "application/xml"
    return None


def sniff_content_type(head):
    """The content type told by the file's first bytes (not its name), and its usual extension."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime, kind.extension
    markup = sniff_markup(head)
    if markup is not None:
        return markup, MARKUP_EXTENSION
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut off at the end of the sample is still text.
            if error.start < len(head) - 4:
                return "application/octet-stream", "bin"
        return "text/plain", "txt"
    return "application/octet-stream", "bin"
