"""The spreadsheet import in the admin: upload, preview every change and error, then confirm."""

import hashlib

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from incidents.admin_forms import AdminFontsMixin
from incidents.importer import ImportRefused, apply_import, plan_import
from incidents.models import ImportBatch
from incidents.storage import private_storage

PENDING = "imports/pending/{sha}.csv"


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8 CSV, one row per claim; see the import format."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CASEWORK_IMPORT_MAX_BYTES:
            limit = settings.CASEWORK_IMPORT_MAX_BYTES / 1_048_576
            raise forms.ValidationError(_("The file is %(size).1f MB; the largest accepted is %(limit).1f MB.")
                                        % {"size": upload.size / 1_048_576, "limit": limit})
        return upload


@admin.register(ImportBatch)
class ImportBatchAdmin(AdminFontsMixin, admin.ModelAdmin):
    list_display = ["file_name", "imported_at", "imported_by", "rows", "cases_created", "claims_created",
                    "sources_created"]
    list_select_related = ["imported_by"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
    change_list_template = "admin/incidents/importbatch/change_list.html"

    def has_add_permission(self, request):
        return False  # imports are made by the upload page, not by hand

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def may_import(self, request):
        return request.user.has_perms(["incidents.add_importbatch", "incidents.add_incident", "incidents.add_claim"])

    def get_urls(self):
        return [path("upload/", self.admin_site.admin_view(self.upload_view), name="incidents_importbatch_upload"),
                *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_import": self.may_import(request)}
        return super().changelist_view(request, extra_context)

    def upload_view(self, request):
        """Step 1 (POST file): preview. Step 2 (POST confirm with the file's fingerprint): import."""
        if not self.may_import(request):
            raise PermissionDenied
        form = UploadForm()
        plan = None
        if request.method == "POST" and "confirm" in request.POST:
            return self.confirm(request)
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = upload.read()
                plan = plan_import(data, file_name=upload.name)
                if plan.ok and not plan.already_imported:
                    # Kept privately until confirmed, so the confirmed import is exactly what was previewed.
                    name = PENDING.format(sha=plan.sha256)
                    if not private_storage.exists(name):
                        private_storage.save(name, ContentFile(data))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a spreadsheet"),
            "opts": self.model._meta,
            "form": form,
            "plan": plan,
            "max_mb": settings.CASEWORK_IMPORT_MAX_BYTES / 1_048_576,
        }
        return TemplateResponse(request, "admin/incidents/importbatch/upload.html", context)

    def confirm(self, request):
        sha = request.POST.get("sha256", "")
        name = PENDING.format(sha=sha)
        if len(sha) != 64 or not private_storage.exists(name):
            messages.error(request, _("That preview has expired; upload the file again."))
            return HttpResponseRedirect(reverse("admin:incidents_importbatch_upload"))
        with private_storage.open(name, "rb") as pending:
            data = pending.read()
        if hashlib.sha256(data).hexdigest() != sha:
            raise PermissionDenied("The stored file does not match its fingerprint.")
        # Checked again: the database may have changed since the preview.
        plan = plan_import(data, file_name=request.POST.get("file_name", "upload.csv"))
        try:
            result = apply_import(plan, actor=request.user)
        except ImportRefused:
            context = {**self.admin_site.each_context(request), "title": _("Import a spreadsheet"),
                       "opts": self.model._meta, "form": UploadForm(), "plan": plan,
                       "max_mb": settings.CASEWORK_IMPORT_MAX_BYTES / 1_048_576}
            return TemplateResponse(request, "admin/incidents/importbatch/upload.html", context, status=409)
        private_storage.delete(name)
        if result.batch is None:
            messages.info(request, plan.summary())
        else:
            messages.success(request, _("Imported %(file)s: %(cases)d new cases, %(claims)d claims. They are "
                                        "unpublished and new, waiting for review.")
                             % {"file": plan.file_name, "cases": len(result.created_codes),
                                "claims": len(plan.claims)})
        return HttpResponseRedirect(reverse("admin:incidents_importbatch_changelist"))
