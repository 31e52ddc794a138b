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


def sniff_content_type(head):
    """The content type told by the file's first bytes (not its name), and its usual extension."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime, kind.extension
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut off at the end of the sample is still text.
            if error.start < len(head) - 4:
                return "application/octet-stream", "bin"
        return "text/plain", "txt"
    return "application/octet-stream", "bin"
