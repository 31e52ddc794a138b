"""Load the demo cases of incidents/demo_data.py, and in DEBUG the two demo staff accounts."""

from base64 import b32decode
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from incidents import demo_data, services
from incidents.choices import ReviewStatus
from incidents.models import Claim, Incident, IncidentParty, Investigation, Party, Source
from incidents.roles import EDITORS, RESEARCHERS

RESEARCHER_USERNAME = "researcher"
RESEARCHER_PASSWORD = "casework-researcher"
EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = "casework-editor"
# Editors must sign in with a code. The demo editor's authenticator secret is published (README)
# so that a developer can sign in; it is as public as the demo password, and like it is only
# ever made with DEBUG on.
DEMO_EDITOR_TOTP_SECRET = "CASEWORKDEMOEDITORONLYNOTASECRET"
ADMIN_URL = "http://127.0.0.1:8000/admin/"

# Keys of a case entry that are not Incident fields.
CASE_EXTRAS = ("parties", "claims", "investigations", "review")


def apply_demo_reviews(cases, editor):
    """Take each newly loaded case through the review its entry describes, as the demo editor.

    Goes through the same services as the admin's decision buttons, so each step is in the
    case's history. Cases that were already present are left as they are.
    """
    for incident, review in cases:
        services.incident_start_review(incident, actor=editor)
        if review["status"] == ReviewStatus.CREDIBLE:
            services.incident_mark_credible(incident, actor=editor, rationale=review["rationale"])
        elif review["status"] == ReviewStatus.NON_CREDIBLE:
            services.incident_mark_non_credible(
                incident, actor=editor, reason=review["reason"], rationale=review["rationale"]
            )
        if review.get("publish"):
            services.incident_publish(incident, actor=editor)


class Command(BaseCommand):
    help = "Load the demo cases (idempotent); with DEBUG on, also the demo researcher and editor accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-reviews",
            action="store_true",
            help="Leave every new demo case at status 'new', unpublished, for an editor to review by hand.",
        )

    def handle(self, *args, **options):
        self.tally = Counter()
        self.new_cases = set()
        with transaction.atomic():
            researcher, editor = self.load_accounts() if settings.DEBUG else (None, None)
            parties = {entry["name"]: self.load_party(entry) for entry in demo_data.PARTIES}
            sources = {key: self.load_source(entry, researcher) for key, entry in demo_data.SOURCES.items()}
            loaded = [(self.load_case(case, parties, sources, researcher), case["review"]) for case in demo_data.CASES]
            to_review = [(incident, review) for incident, review in loaded if incident.pk in self.new_cases]
            if options["without_reviews"] or not to_review:
                pass
            elif editor is None:
                self.stdout.write("Left the demo cases unreviewed: reviews need the demo editor (DEBUG only).")
            else:
                apply_demo_reviews(to_review, editor)
                self.tally["reviews", True] += len(to_review)
        self.report()

    def get_or_create(self, label, model, lookup, defaults, user=None):
        """Like QuerySet.get_or_create, but a new row is full_clean()ed and stamped before it is saved."""
        existing = model.objects.filter(**lookup).first()
        if existing is not None:
            self.tally[label, False] += 1
            return existing, False
        obj = model(**lookup, **defaults)
        # Validate as the admin does: fields the app fills in itself (e.g. the case code) are left out.
        obj.full_clean(exclude=[field.name for field in model._meta.fields if not field.editable])
        # Cases, claims and investigations are saved through the services, so that they enter
        # the case log exactly as when a researcher types them into the admin.
        if isinstance(obj, Incident):
            services.incident_save(obj, actor=user)
            self.new_cases.add(obj.pk)
        elif isinstance(obj, Claim):
            services.claim_save(obj, actor=user)
        elif isinstance(obj, Investigation):
            services.investigation_save(obj, actor=user)
        else:
            if hasattr(obj, "stamp"):
                obj.stamp(user)
            obj.save()
        self.tally[label, True] += 1
        return obj, True

    def load_party(self, entry):
        entry = dict(entry)
        return self.get_or_create("parties", Party, {"name": entry.pop("name")}, entry)[0]

    def load_source(self, entry, user):
        entry = dict(entry)
        if entry["url"]:
            lookup = {"url": entry.pop("url")}
        else:
            lookup = {"title": entry.pop("title"), "publisher": entry.pop("publisher"), "url": entry.pop("url")}
        return self.get_or_create("sources", Source, lookup, entry, user)[0]

    def load_case(self, case, parties, sources, user):
        fields = {key: value for key, value in case.items() if key not in CASE_EXTRAS}
        lookup = {"title": fields.pop("title"), "occurred_on": fields.pop("occurred_on")}
        incident, _created = self.get_or_create("cases", Incident, lookup, fields, user)
        parties_before = services.party_snapshot(incident)
        for name, role in case["parties"]:
            self.get_or_create(
                "alleged-party links", IncidentParty, {"incident": incident, "party": parties[name]}, {"role": role}
            )
        services.incident_record_parties(incident, actor=user, before=parties_before)
        for entry in case["claims"]:
            self.load_claim(incident, entry, parties, sources, user)
        for entry in case["investigations"]:
            self.load_investigation(incident, entry, parties, sources, user)
        return incident

    def load_claim(self, incident, entry, parties, sources, user):
        entry = dict(entry)
        lookup = {"incident": incident, "source": sources[entry.pop("source")], "claimant": entry.pop("claimant")}
        party = entry.pop("claimant_party", None)
        entry["claimant_party"] = parties[party] if party else None
        return self.get_or_create("claims", Claim, lookup, entry, user)[0]

    def load_investigation(self, incident, entry, parties, sources, user):
        entry = dict(entry)
        lookup = {"incident": incident, "authority": entry.pop("authority"), "kind": entry.pop("kind")}
        party = entry.pop("party", None)
        entry["party"] = parties[party] if party else None
        source_keys = entry.pop("sources", [])
        investigation, created = self.get_or_create("investigations", Investigation, lookup, entry, user)
        # Supporting sources only on creation: a re-run must leave an edited record alone.
        if created:
            investigation.sources.set([sources[key] for key in source_keys])
        return investigation

    def load_accounts(self):
        """Create the demo researcher and editor if missing; an existing account is left exactly as it is."""
        accounts = []
        for username, password, group_name in (
            (RESEARCHER_USERNAME, RESEARCHER_PASSWORD, RESEARCHERS),
            (EDITOR_USERNAME, EDITOR_PASSWORD, EDITORS),
        ):
            try:
                group = Group.objects.get(name=group_name)
            except Group.DoesNotExist:
                raise CommandError(f"The group {group_name!r} is missing; run `manage.py migrate` first.") from None
            user_model = get_user_model()
            user = user_model.objects.filter(username=username).first()
            created = user is None
            if created:
                user = user_model.objects.create_user(username=username, password=password, is_staff=True)
                user.groups.add(group)
            self.tally["accounts", created] += 1
            accounts.append((user, password, created))
        self.accounts = accounts
        self.demo_device_added = self.give_demo_device(accounts[1][0])
        return accounts[0][0], accounts[1][0]

    def give_demo_device(self, editor):
        """The demo editor's authenticator, with the published demo secret, if they have no device at all.

        A device someone set up (or an existing one) is left alone, as the password is.
        """
        if TOTPDevice.objects.filter(user=editor).exists():
            return False
        TOTPDevice.objects.create(
            user=editor,
            name="Demo authenticator (published secret, DEBUG only)",
            key=b32decode(DEMO_EDITOR_TOTP_SECRET).hex(),
            confirmed=True,
        )
        return True

    def report(self):
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        for label in ("parties", "sources", "cases", "alleged-party links", "claims", "investigations"):
            created, present = self.tally[label, True], self.tally[label, False]
            self.stdout.write(f"  {label}: {created} created, {present} already present")
        self.stdout.write(f"  reviews applied to new cases: {self.tally['reviews', True]}")
        if not settings.DEBUG:
            self.stdout.write("Skipped the demo accounts: DEBUG is off.")
            return
        self.stdout.write("Demo accounts (DEBUG only):")
        for user, password, created in self.accounts:
            note = "created" if created else "already present: the demo password unless someone changed it"
            self.stdout.write(f"  {user.username} / {password} ({note})")
        device_note = "device created" if self.demo_device_added else "if its device is still the demo one"
        self.stdout.write(
            f"  {EDITOR_USERNAME} also gives a code from the demo two-factor secret {DEMO_EDITOR_TOTP_SECRET} "
            f"({device_note}): add it to an authenticator app, or see README, Staff accounts and two-factor"
        )
        self.stdout.write(f"Sign in at {ADMIN_URL}")
