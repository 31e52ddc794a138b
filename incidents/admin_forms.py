"""Admin forms: every edit form carries the row's version and refuses a stale save."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.forms.utils import flatatt
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from incidents.history import recorded_changes_since


class AdminFontsMixin:
    """Our admin pages give Arabic text (on /ar/admin/ and in Arabic records) our own Arabic font."""

    class Media:
        css = {"all": ["css/admin.css"]}


class QuickSelect(forms.Select):
    """A select box written out in Python, the same HTML as Django's but for the order of attributes.

    Django renders every option through a template include of its own: the country box (250
    countries) took a fifth of a case page's time, and each claim form's language box (100
    languages) several milliseconds.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rows = format_html_join("", '\n  <option value="{}"{}>{}</option>', (
                # A plain select's options carry no attributes but `selected`.
                (option["value"], flatatt(option["attrs"]) if option["attrs"] else "", option["label"])
                for option in options))
            groups.append(format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rows)
                          if group_name else rows)
        return format_html('<select name="{}"{}>{}\n</select>', widget["name"], flatatt(widget["attrs"]),
                           format_html_join("", "{}", ((group,) for group in groups)))


class QuickSelectMixin:
    """A model admin or inline whose choice fields are QuickSelect boxes."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name not in self.radio_fields:
            kwargs.setdefault("widget", QuickSelect)
        return super().formfield_for_choice_field(db_field, request, **kwargs)


# Text that may be in any script renders in its own direction.
AUTO_DIRECTION_FIELDS = {"title", "summary", "place_name_local", "excerpt", "claimant", "publisher", "findings"}


class PreloadedRelationsForm(forms.ModelForm):
    """A form whose autocomplete boxes show the objects its row was loaded with (see share_loaded_relations)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        share_loaded_relations(self)


class VersionedModelForm(PreloadedRelationsForm):
    """Carries `version` in a hidden field and refuses to save over a newer version.

    On a conflict the form keeps everything the user typed, says who saved in between and
    when, and lists the fields whose saved values differ from what this form holds. The
    hidden version is moved on, so that saving again (after reading the message) is a
    deliberate choice to keep these values.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.fields["version"].required = False
        for name in AUTO_DIRECTION_FIELDS & set(self.fields):
            self.fields[name].widget.attrs.setdefault("dir", "auto")

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None or "version" not in self.fields:
            return cleaned
        submitted = cleaned.get("version")
        current = type(instance)._base_manager.filter(pk=instance.pk).first()
        if current is None or submitted is None or submitted == current.version:
            return cleaned
        who = current.updated_by.get_username() if current.updated_by_id else _("someone")
        when = formats.date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        message = _(
            "%(who)s saved this %(thing)s at %(when)s, after you opened it. Your changes are kept below and "
            "have not been saved."
        ) % {"who": who, "thing": instance._meta.verbose_name, "when": when}
        recorded = recorded_changes_since(current, submitted)
        if recorded:
            message += " " + _("What changed meanwhile: %(changes)s.") % {"changes": self._describe(recorded)}
        else:
            changed = self._fields_differing_from(current, cleaned)
            if changed:
                message += " " + _("Their saved values differ from yours in: %(fields)s.") % {
                    "fields": ", ".join(changed)
                }
        message += " " + _("Check their version, then save again to keep yours.")
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current.version
        instance.version = current.version
        raise forms.ValidationError(message, code="stale_version")

    def _describe(self, changes):
        def label(name):
            field = self.fields.get(name)
            return str(field.label) if field is not None and field.label else name.replace("_", " ")

        def shown(value):
            return "—" if value in (None, "") else f"“{value}”"

        return "; ".join(f"{label(name)}: {shown(before)} → {shown(after)}" for name, before, after in changes)

    def _fields_differing_from(self, current, cleaned):
        labels = []
        for name, field in self.fields.items():
            if name == "version" or name not in cleaned:
                continue
            known = {f.name for f in current._meta.get_fields()}
            model_field = current._meta.get_field(name) if name in known else None
            if model_field is None or model_field.many_to_many or model_field.one_to_many:
                continue
            saved = getattr(current, model_field.attname)
            mine = cleaned[name]
            mine = getattr(mine, "pk", mine)
            if (saved or None) != (mine or None) and str(saved) != str(mine):
                labels.append(str(field.label or name))
        return labels


class PreloadedOptionsMixin:
    """An autocomplete that shows the row's selected objects from the relations already loaded
    with the row, instead of one query per row (a case page with 300 claims would otherwise
    run 600 queries for its source and party boxes)."""

    known_objects = ()

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        known = [obj for obj in self.known_objects if obj is not None and str(obj.pk) in selected]
        if not selected or len(known) != len(selected):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for obj in known:  # in the relation's own order, as the plain widget lists them
            label = self.choices.field.label_from_instance(obj)
            options.append(self.create_option(name, obj.pk, label, selected, len(options)))
        return [(None, options, 0)]


class PreloadedAutocompleteSelect(PreloadedOptionsMixin, AutocompleteSelect):
    """A foreign key's autocomplete box that shows the object loaded with its row."""


class PreloadedAutocompleteSelectMultiple(PreloadedOptionsMixin, AutocompleteSelectMultiple):
    """A many-to-many autocomplete box that shows the objects prefetched with its row."""


def share_loaded_relations(form):
    """Hand each preloaded autocomplete the objects its row already holds: a foreign key loaded
    with select_related, or a many-to-many relation loaded with prefetch_related."""
    instance = form.instance
    if instance.pk is None:
        return
    prefetched = getattr(instance, "_prefetched_objects_cache", {})
    for name, field in form.fields.items():
        widget = getattr(field.widget, "widget", field.widget)
        if not isinstance(widget, PreloadedOptionsMixin):
            continue
        if name in instance._state.fields_cache:
            widget.known_objects = [instance._state.fields_cache[name]]
        elif name in prefetched:
            widget.known_objects = list(prefetched[name])
