"""Realistic, reproducible data for benchmarks: the logic behind `manage.py generate_bench_data`.

`generate()` is pure: from a seed, a size and where the database stands (next ids, last case
numbers, the log's head) it builds unsaved model instances batch by batch, with their primary
keys, derived figures, search documents and hash-chained case log already filled in, all in
Python. `write_batch()` then inserts a batch in one transaction (COPY on PostgreSQL, bulk_create
on SQLite), never through the per-row services (which would cost several queries per row). The same seed and
starting point always give the same rows.

The shape follows what a real archive looks like: most cases in a few countries and tied to a
few parties, a handful of cases with hundreds of claims, Arabic and English text with common
and rare words for search benchmarks, and most cases decided and published.
"""

import bisect
import itertools
import random
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, transaction

from incidents.benchdata_shape import (
    AR_FILLER,
    AR_TARGETS,
    AR_VERBS,
    AR_VICTIMS,
    AUTHORITIES,
    CLAIMANTS,
    COUNTRY_WEIGHTS,
    CREDIBLE_RATIONALE,
    DECISION_EVENTS,
    DEFAULT_END_DATE,
    EN_FILLER,
    EN_TARGETS,
    EN_VERBS,
    EN_VICTIMS,
    EXCLUSION_REASON,
    HEAVY_CLAIMS,
    HEAVY_EVERY,
    NON_CREDIBLE_RATIONALE,
    PARTIES,
    PLACES,
    PUBLISHED_SHARE,
    PUBLISHERS,
    SHARE_CONFIDENTIAL,
    SHARE_EXCLUDED,
    SHARE_INVESTIGATED,
    SHARE_NEW_SOURCE,
    SOURCE_KIND_WEIGHTS,
    STANCE_WEIGHTS,
    STATUS_WEIGHTS,
    VILLAGE_NAMES,
    VILLAGE_PREFIXES,
    YEARS,
)
from incidents.bulk import insert_rows, new_instance
from incidents.choices import (
    ActorRole,
    ClaimantKind,
    DatePrecision,
    EventKind,
    InvestigationKind,
    InvestigationOutcome,
    LocationPrecision,
    NonCredibleReason,
    PartyRole,
    ReviewStatus,
    SourceKind,
    Stance,
    StrikeType,
    source_kinds_mask,
)
from incidents.figures import figures_from_rows
from incidents.history import LOGGED_INCIDENT_FIELDS, snapshot
from incidents.models import (
    GENESIS_HASH,
    CaseCodeSequence,
    CaseEvent,
    CaseLogHead,
    Claim,
    Incident,
    IncidentParty,
    Investigation,
    Party,
    Source,
)
from incidents.search import document_of


def _cumulative(weights):
    return list(itertools.accumulate(weights))


def _zipf(count, exponent=1.1):
    return _cumulative([1 / (rank + 1) ** exponent for rank in range(count)])


@dataclass
class StartState:
    """Where the database stands: the next free ids, the last case numbers, the log's head."""

    party_ids: dict  # party name -> id
    next_ids: dict = field(default_factory=lambda: dict.fromkeys(
        ("incident", "claim", "source", "investigation", "link", "event"), 1))
    numbers: dict = field(default_factory=dict)  # country -> last case number
    seq: int = 0
    hash: str = GENESIS_HASH


@dataclass
class Batch:
    """The rows of a run of cases, ready to insert in this order."""

    incidents: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    investigations: list = field(default_factory=list)
    links: list = field(default_factory=list)
    events: list = field(default_factory=list)
    numbers: dict = field(default_factory=dict)  # the last case number per country after this batch
    seq: int = 0
    hash: str = GENESIS_HASH

    @property
    def rows(self):
        return sum(len(rows) for rows in (self.incidents, self.sources, self.claims, self.investigations,
                                          self.links, self.events))


def claims_per_case_sampler(rng, claims_per_case):
    """A function giving each case its number of claims: mostly a few, one in HEAVY_EVERY a lot,
    and on average close to `claims_per_case`."""
    heavy = claims_per_case * HEAVY_EVERY > HEAVY_CLAIMS * 2
    others_mean = (claims_per_case * HEAVY_EVERY - HEAVY_CLAIMS) / (HEAVY_EVERY - 1) if heavy else claims_per_case
    # Uniform on 1 .. 2·mean − 1 has the mean we want.
    spread = max(0.0, 2 * others_mean - 2)

    def sample():
        if heavy and rng.random() < 1 / HEAVY_EVERY:
            return HEAVY_CLAIMS
        return max(1, 1 + int(rng.random() * (spread + 1)))

    return sample


class _Generator:
    def __init__(self, seed, claims_per_case, end_date, start):
        self.rng = random.Random(seed)
        self.end_date = end_date
        self.start_date = end_date - timedelta(days=365 * YEARS)
        self.end_moment = datetime.combine(end_date, time(23, 59, 59), tzinfo=UTC)
        self.claim_count = claims_per_case_sampler(self.rng, claims_per_case)
        self.ids = dict(start.next_ids)
        self.numbers = dict(start.numbers)
        self.seq, self.hash = start.seq, start.hash
        self.countries = list(COUNTRY_WEIGHTS)
        self.country_cum = _cumulative(COUNTRY_WEIGHTS.values())
        self.party_ids = [start.party_ids[name] for name, *_rest in PARTIES]
        self.party_names = {start.party_ids[name]: name for name, *_rest in PARTIES}
        self.party_cum = _cumulative(weight for *_rest, weight in PARTIES)
        self.statuses = list(STATUS_WEIGHTS)
        self.status_cum = _cumulative(STATUS_WEIGHTS.values())
        self.stances = list(STANCE_WEIGHTS)
        self.stance_cum = _cumulative(STANCE_WEIGHTS.values())
        self.source_kinds = list(SOURCE_KIND_WEIGHTS)
        self.source_kind_cum = _cumulative(SOURCE_KIND_WEIGHTS.values())
        self.target_cum = _zipf(len(EN_TARGETS))
        self.victim_cum = _zipf(len(EN_VICTIMS))
        self.verb_cum = _zipf(len(EN_VERBS), 1.6)
        self.filler_cum = _zipf(len(EN_FILLER))
        # Recent sources (id, is confidential, language, published on) that later claims may cite too.
        self.recent_sources = deque(maxlen=60)
        # Recent originals per country (id, code) that a duplicate may point at.
        self.originals = {country: deque(maxlen=200) for country in self.countries}

    def pick(self, items, cumulative):
        return items[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]

    def next_id(self, kind):
        value = self.ids[kind]
        self.ids[kind] = value + 1
        return value

    def day_between(self, first, last):
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def stamp_on(self, day):
        """When a row about `day` was recorded: not before its case, not after the last day."""
        return min(self.end_moment, max(self.created, datetime.combine(day, time(12), tzinfo=UTC)))

    def moment_after(self, moment, max_days):
        later = moment + timedelta(seconds=self.rng.randint(3600, max_days * 86400))
        return min(later, self.end_moment)

    # --- text -------------------------------------------------------------------------------

    def sentence(self, arabic, place, local):
        rng = self.rng
        verb = bisect.bisect(self.verb_cum, rng.random() * self.verb_cum[-1])
        target = bisect.bisect(self.target_cum, rng.random() * self.target_cum[-1])
        victim = bisect.bisect(self.victim_cum, rng.random() * self.victim_cum[-1])
        filler = bisect.bisect(self.filler_cum, rng.random() * self.filler_cum[-1])
        if arabic:
            return (f"{AR_VERBS[verb]} على {AR_TARGETS[target]} في {local} أسفر عن مقتل {AR_VICTIMS[victim]}، "
                    f"{AR_FILLER[filler]}.")
        return f"A {EN_VERBS[verb]} hit a {EN_TARGETS[target]} in {place}, killing {EN_VICTIMS[victim]}; " \
               f"{EN_FILLER[filler]}."

    def title(self, arabic, place, local):
        rng = self.rng
        verb = bisect.bisect(self.verb_cum, rng.random() * self.verb_cum[-1])
        target = bisect.bisect(self.target_cum, rng.random() * self.target_cum[-1])
        if arabic:
            return f"{AR_VERBS[verb]} على {AR_TARGETS[target]} في {local}"
        return f"{EN_VERBS[verb].capitalize()} on {EN_TARGETS[target]} in {place}"

    # --- rows -------------------------------------------------------------------------------

    def case(self, batch):
        rng = self.rng
        country = self.pick(self.countries, self.country_cum)
        number = self.numbers.get(country, 0) + 1
        self.numbers[country] = number
        code = f"{country}-{number:04d}"
        town, town_local, area, lat, lon = rng.choice(PLACES[country])
        if rng.random() < 0.5:
            prefix, name = rng.choice(VILLAGE_PREFIXES), rng.choice(VILLAGE_NAMES)
            place, local = f"{prefix[0]} {name[0]}", f"{prefix[1]} {name[1]}"
        else:
            place, local = town, town_local
        arabic = rng.random() < 0.35
        occurred_on = self.day_between(self.start_date, self.end_date)
        precision = self.pick([DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR], [90, 98, 100])
        if precision == DatePrecision.MONTH:
            occurred_on = occurred_on.replace(day=1)
        elif precision == DatePrecision.YEAR:
            occurred_on = occurred_on.replace(month=1, day=1)
        occurred_until = self.day_between(occurred_on, min(self.end_date, occurred_on + timedelta(days=3))) \
            if rng.random() < 0.1 else None
        has_point = rng.random() < 0.8
        self.created = min(self.end_moment, datetime.combine(
            min(self.end_date, occurred_on + timedelta(days=rng.randint(0, 30))),
            time(rng.randint(6, 20), rng.randint(0, 59), rng.randint(0, 59)), tzinfo=UTC,
        ))
        incident = new_instance(
            Incident, id=self.next_id("incident"), code=code,
            title=self.title(arabic, place, local),
            summary=" ".join(self.sentence(arabic if rng.random() < 0.8 else not arabic, place, local)
                             for _ in range(rng.randint(1, 3))),
            occurred_on=occurred_on, occurred_until=occurred_until, date_precision=precision,
            time_of_day=rng.choice(["", "", "", "about 22:00 local", "before dawn", "after Friday prayers"]),
            country=country, admin_area=area, place_name=place, place_name_local=local,
            latitude=Decimal(f"{lat + rng.uniform(-0.2, 0.2):.6f}") if has_point else None,
            longitude=Decimal(f"{lon + rng.uniform(-0.2, 0.2):.6f}") if has_point else None,
            location_precision=self.pick(
                [LocationPrecision.EXACT, LocationPrecision.NEIGHBOURHOOD, LocationPrecision.VILLAGE_OR_TOWN,
                 LocationPrecision.DISTRICT], [15, 45, 90, 100]) if has_point else LocationPrecision.UNKNOWN,
            strike_type=self.pick([StrikeType.AIRSTRIKE, StrikeType.DRONE_STRIKE, StrikeType.ARTILLERY,
                                   StrikeType.GROUND_OPERATION, StrikeType.UNKNOWN], [55, 75, 85, 90, 100]),
            internal_notes="Check the second video." if rng.random() < 0.05 else "",
        )
        parties = self.case_parties(batch, incident)
        claims, excerpts, incident.public_source_kinds = self.case_claims(batch, incident, parties, arabic)
        investigations = self.case_investigations(batch, incident, parties)
        incident.__dict__.update(figures_from_rows(claims, investigations))
        incident.search_document = document_of(incident, excerpts)
        self.review(batch, incident, country)
        batch.incidents.append(incident)

    def case_parties(self, batch, incident):
        rng = self.rng
        chosen = {self.pick(self.party_ids, self.party_cum) for _ in range(1 if rng.random() < 0.7 else 2)}
        for party_id in sorted(chosen):
            batch.links.append(new_instance(
                IncidentParty, id=self.next_id("link"), incident_id=incident.id, party_id=party_id,
                role=PartyRole.KNOWN if rng.random() < 0.4 else PartyRole.SUSPECTED,
            ))
        return sorted(chosen)

    def source_for(self, batch, stated_on):
        """A source to cite: a recent one (sources are shared between claims) or a new one."""
        rng = self.rng
        if self.recent_sources and rng.random() >= SHARE_NEW_SOURCE:
            return rng.choice(self.recent_sources)
        arabic = rng.random() < 0.5
        confidential = rng.random() < SHARE_CONFIDENTIAL
        source_id = self.next_id("source")
        kind = SourceKind.WITNESS_TESTIMONY if confidential else self.pick(self.source_kinds, self.source_kind_cum)
        batch.sources.append(new_instance(
            Source, id=source_id,
            title=(f"شهادة رقم {source_id}" if arabic else f"Testimony no. {source_id}") if confidential else
            (f"تقرير عن القصف {source_id}" if arabic else f"Report on the strikes, no. {source_id}"),
            publisher="" if confidential else rng.choice(PUBLISHERS),
            kind=kind,
            url="" if confidential else f"https://news.example.org/{'ar' if arabic else 'en'}/{source_id}",
            archive_url="" if confidential or rng.random() < 0.6 else f"https://archive.example.org/{source_id}",
            published_on=stated_on,
            language="ar" if arabic else "en",
            is_confidential=confidential,
            internal_notes="Given in person; identity withheld." if confidential else "",
            created_at=self.stamp_on(stated_on), updated_at=self.stamp_on(stated_on),
        ))
        entry = (source_id, confidential, "ar" if arabic else "en", kind)
        self.recent_sources.append(entry)
        return entry

    def case_claims(self, batch, incident, parties, arabic):
        rng = self.rng
        # The truth the claims scatter around.
        killed = self.pick([0, 1, 2, 3, 4, 5, 8, 12, 20, 35, 60, 120, 250], _CASE_SIZE_CUM)
        killed = max(0, killed + rng.randint(-killed // 4, killed // 4))
        injured = int(killed * rng.uniform(0.3, 2.0)) + rng.randint(0, 3)
        made = []
        for _ in range(self.claim_count()):
            stated_on = self.day_between(incident.occurred_on, min(self.end_date, incident.occurred_on
                                                                    + timedelta(days=90)))
            source_id, confidential, language, source_kind = self.source_for(batch, stated_on)
            stance = self.pick(self.stances, self.stance_cum)
            kind, claimant, party_id = self.claimant(stance, parties)
            claim = new_instance(
                Claim, id=self.next_id("claim"), incident_id=incident.id, source_id=source_id, claimant=claimant,
                claimant_kind=kind, claimant_party_id=party_id, stated_on=stated_on, stance=stance,
                excerpt=self.sentence(language == "ar", incident.place_name, incident.place_name_local),
                excerpt_language=language, created_at=self.stamp_on(stated_on), updated_at=self.stamp_on(stated_on),
            )
            self.claim_figures(claim, stance, killed, injured)
            if rng.random() < SHARE_EXCLUDED:
                claim.is_excluded, claim.exclusion_reason = True, EXCLUSION_REASON
            made.append((claim, None if confidential else source_kind))
        batch.claims.extend(claim for claim, _kind in made)
        # The search document lists excerpts in the claims' default order (stated on, id).
        ordered = sorted(made, key=lambda pair: (pair[0].stated_on, pair[0].id))
        public = [(claim, kind) for claim, kind in ordered if kind is not None]
        return ([claim for claim, _kind in made], [claim.excerpt for claim, _kind in public],
                source_kinds_mask(kind for _claim, kind in public))

    def claimant(self, stance, parties):
        rng = self.rng
        if stance in (Stance.CONCEDES_HARM, Stance.DENIES) or (stance == Stance.DISPUTES_FIGURES
                                                              and rng.random() < 0.7):
            party_id = rng.choice(parties)
            return ClaimantKind.BELLIGERENT, self.party_names[party_id], party_id
        kind = self.pick([ClaimantKind.MONITOR, ClaimantKind.MEDIA, ClaimantKind.LOCAL, ClaimantKind.OTHER],
                         [40, 75, 95, 100])
        return kind, rng.choice(CLAIMANTS[kind]), None

    def claim_figures(self, claim, stance, killed, injured):
        rng = self.rng
        if stance == Stance.CONTEXT:
            return
        if stance == Stance.DENIES:
            claim.killed_min = 0
            claim.killed_max = 0 if rng.random() < 0.5 else None
            return
        if stance == Stance.CONCEDES_HARM:
            low, high = killed // 2, killed
        elif stance == Stance.DISPUTES_FIGURES:
            low, high = killed // 4, killed // 2
        else:
            low, high = killed - killed // 3, killed + killed // 3
        claim.killed_min = rng.randint(low, max(low, high))
        claim.killed_max = None if rng.random() < 0.3 else claim.killed_min + rng.randint(0, max(1, killed // 3))
        if rng.random() < 0.7:
            claim.injured_min = rng.randint(injured // 2, max(injured // 2, injured))
            claim.injured_max = None if rng.random() < 0.4 else claim.injured_min + rng.randint(0, 5)
        if claim.killed_min >= 3 and rng.random() < 0.5:
            claim.children_killed_min = rng.randint(0, claim.killed_min // 3)
            claim.children_killed_max = claim.children_killed_min + rng.randint(0, 2)
            claim.women_killed_min = rng.randint(0, claim.killed_min // 4)
            claim.women_killed_max = None if rng.random() < 0.5 else claim.women_killed_min + rng.randint(0, 2)
        if rng.random() < 0.1:
            claim.combatants_killed = rng.randint(1, 10)
        if rng.random() < 0.05:
            claim.uncharacterised_killed = rng.randint(1, 5)

    def case_investigations(self, batch, incident, parties):
        rng = self.rng
        made = []
        if rng.random() >= SHARE_INVESTIGATED:
            return made
        for _ in range(1 if rng.random() < 0.85 else 2):
            opened_on = self.day_between(incident.occurred_on, min(self.end_date, incident.occurred_on
                                                                   + timedelta(days=120)))
            outcome = self.pick(list(InvestigationOutcome), [30, 55, 70, 78, 85, 92, 100])
            closed = outcome != InvestigationOutcome.PENDING
            concedes = outcome in (InvestigationOutcome.CREDIBLE, InvestigationOutcome.SUBSTANTIATED)
            investigation = new_instance(
                Investigation, id=self.next_id("investigation"), incident_id=incident.id,
                authority=rng.choice(AUTHORITIES),
                party_id=rng.choice(parties) if rng.random() < 0.8 else None,
                kind=self.pick(list(InvestigationKind), [60, 80, 88, 94, 97, 99, 100]),
                opened_on=opened_on,
                closed_on=self.day_between(opened_on, min(self.end_date, opened_on + timedelta(days=400)))
                if closed else None,
                outcome=outcome,
                conceded_killed=rng.randint(0, 20) if concedes else None,
                conceded_injured=rng.randint(0, 20) if concedes and rng.random() < 0.6 else None,
                findings="The assessment found it more likely than not that civilians were harmed."
                if concedes else "",
                created_at=self.stamp_on(opened_on), updated_at=self.stamp_on(opened_on),
            )
            made.append(investigation)
        batch.investigations.extend(made)
        return made

    def review(self, batch, incident, country):
        """Status, stamps and the case's history, chained to the log."""
        rng = self.rng
        status = self.pick(self.statuses, self.status_cum)
        originals = self.originals[country]
        if status == ReviewStatus.DUPLICATE and not originals:
            status = ReviewStatus.CREDIBLE
        created = self.created
        incident.created_at = incident.status_changed_at = created
        incident.status = status
        self.event(batch, incident, EventKind.CASE_CREATED, created, ActorRole.RESEARCHER,
                   details={"fields": snapshot(incident, LOGGED_INCIDENT_FIELDS)})
        moment = created
        if status != ReviewStatus.NEW:
            moment = self.moment_after(moment, 20)
            self.event(batch, incident, EventKind.REVIEW_STARTED, moment, ActorRole.EDITOR,
                       details={"from": ReviewStatus.NEW.value, "to": ReviewStatus.UNDER_REVIEW.value})
        if status in DECISION_EVENTS:
            moment = self.moment_after(moment, 60)
            details, internal, rationale = {"from": ReviewStatus.UNDER_REVIEW.value, "to": status.value}, {}, ""
            if status == ReviewStatus.CREDIBLE:
                rationale = CREDIBLE_RATIONALE
            elif status == ReviewStatus.NON_CREDIBLE:
                incident.non_credible_reason = self.pick(list(NonCredibleReason), [50, 75, 90, 100])
                details["reason"] = incident.non_credible_reason.value
                rationale = NON_CREDIBLE_RATIONALE
            else:
                incident.duplicate_of_id, original_code = rng.choice(originals)
                internal = {"duplicate_of": original_code}
            self.event(batch, incident, DECISION_EVENTS[status], moment, ActorRole.EDITOR, rationale=rationale,
                       details=details, internal_details=internal)
        incident.status_changed_at = moment
        if rng.random() < PUBLISHED_SHARE.get(status, 0):
            moment = self.moment_after(moment, 5)
            incident.is_published, incident.published_at = True, moment
            self.event(batch, incident, EventKind.PUBLISHED, moment, ActorRole.EDITOR)
        incident.updated_at = moment
        if status != ReviewStatus.DUPLICATE:
            originals.append((incident.id, incident.code))

    def event(self, batch, incident, kind, recorded_at, role, *, rationale="", details=None, internal_details=None):
        self.seq += 1
        event = new_instance(
            CaseEvent, id=self.next_id("event"), seq=self.seq, recorded_at=recorded_at, incident_id=incident.id,
            kind=kind,
            actor_role=role, rationale=rationale, details=details or {}, internal_details=internal_details or {},
            prev_hash=self.hash,
        )
        event.hash = self.hash = event.compute_hash(incident.code)
        batch.events.append(event)


# Weights of the case sizes listed in case_claims: most strikes kill a few people, a few kill many.
_CASE_SIZE_CUM = _cumulative([12, 14, 12, 10, 9, 8, 10, 8, 7, 5, 3, 1.5, 0.5])


def generate(*, seed, cases, claims_per_case, start, end_date=DEFAULT_END_DATE, batch_cases=1000):
    """Yield Batches of unsaved rows for `cases` cases; pure: no query, same input, same rows."""
    generator = _Generator(seed, claims_per_case, end_date, start)
    made = 0
    while made < cases:
        batch = Batch()
        for _ in range(min(batch_cases, cases - made)):
            generator.case(batch)
        made += len(batch.incidents)
        batch.numbers = dict(generator.numbers)
        batch.seq, batch.hash = generator.seq, generator.hash
        yield batch


# --- writing ------------------------------------------------------------------------------------

MODELS = (Party, Incident, Source, Claim, Investigation, IncidentParty, CaseEvent)
ID_KEYS = {"incident": Incident, "claim": Claim, "source": Source, "investigation": Investigation,
           "link": IncidentParty, "event": CaseEvent}


def ensure_parties():
    """The parties the generator links cases to, created if missing; returns {name: id}."""
    existing = dict(Party.objects.filter(name__in=[name for name, *_rest in PARTIES]).values_list("name", "id"))
    missing = [Party(name=name, short_name=short, kind=kind) for name, short, kind, _weight in PARTIES
               if name not in existing]
    if missing:
        Party.objects.bulk_create(missing)
        existing = dict(Party.objects.filter(name__in=[name for name, *_rest in PARTIES]).values_list("name", "id"))
    return existing


def current_state():
    """The StartState for a run that adds to what the database holds."""
    from django.db.models import Max

    next_ids = {key: (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1 for key, model in ID_KEYS.items()}
    head = CaseLogHead.objects.filter(pk=1).first()
    return StartState(
        party_ids=ensure_parties(), next_ids=next_ids,
        numbers=dict(CaseCodeSequence.objects.values_list("country", "last_number")),
        seq=head.seq if head else 0, hash=head.hash if head else GENESIS_HASH,
    )


@contextmanager
def stamps_kept():
    """Let bulk_create keep the created_at/updated_at we generated (auto_now would overwrite them)."""
    fields = [model._meta.get_field(name) for model in (Incident, Source, Claim, Investigation)
              for name in ("created_at", "updated_at")]
    saved = [(field_, field_.auto_now, field_.auto_now_add) for field_ in fields]
    for field_ in fields:
        field_.auto_now = field_.auto_now_add = False
    try:
        yield
    finally:
        for field_, auto_now, auto_now_add in saved:
            field_.auto_now, field_.auto_now_add = auto_now, auto_now_add


def write_batch(batch):
    """Insert one batch, its case numbers and the log's new head, in one transaction."""
    with transaction.atomic(), stamps_kept():
        for rows in (batch.incidents, batch.sources, batch.claims, batch.investigations, batch.links, batch.events):
            insert_rows(rows)
        for country, number in batch.numbers.items():
            CaseCodeSequence.objects.update_or_create(country=country, defaults={"last_number": number})
        CaseLogHead.objects.update_or_create(pk=1, defaults={"seq": batch.seq, "hash": batch.hash})


def reset_sequences():
    """Rows were inserted with their ids; move PostgreSQL's id sequences past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), MODELS)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


# --- an import file -----------------------------------------------------------------------------


def import_file(*, seed, cases, claims_per_case, end_date=DEFAULT_END_DATE):
    """A CSV file in the import format (docs/import-format.md) describing new cases, as bytes.

    The same generator makes the cases, so the file is as realistic as the benchmark data; case
    references are labels ("import-1", …), so every case in it is new. Its rows are valid: an
    import of it writes everything or, if it fails, says why.
    """
    import csv
    import io

    from incidents.exchange import COLUMNS, PARTY_SEPARATOR

    party_ids = {name: number for number, (name, *_rest) in enumerate(PARTIES, start=1)}
    party_names = {number: name for name, number in party_ids.items()}
    start = StartState(party_ids=party_ids)
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    sources = {}
    for batch in generate(seed=seed, cases=cases, claims_per_case=claims_per_case, start=start,
                          end_date=end_date):
        sources.update((source.id, source) for source in batch.sources)
        parties = {}
        for link in batch.links:
            parties.setdefault(link.incident_id, []).append(f"{party_names[link.party_id]} ({link.role})")
        incidents = {incident.id: incident for incident in batch.incidents}
        for claim in batch.claims:
            incident, source = incidents[claim.incident_id], sources[claim.source_id]
            writer.writerow({
                "case_ref": f"import-{incident.id}", "title": incident.title,
                "occurred_on": incident.occurred_on, "occurred_until": incident.occurred_until or "",
                "country": incident.country, "admin_area": incident.admin_area, "place_name": incident.place_name,
                "place_name_local": incident.place_name_local, "latitude": _cell(incident.latitude),
                "longitude": _cell(incident.longitude), "location_precision": incident.location_precision,
                "parties": PARTY_SEPARATOR.join(parties.get(incident.id, [])), "strike_type": incident.strike_type,
                "summary": incident.summary, "source_title": source.title, "source_publisher": source.publisher,
                "source_kind": source.kind, "source_url": source.url and f"{source.url}/imported",
                "source_archive_url": source.archive_url,
                "source_published_on": _cell(source.published_on), "source_language": source.language,
                "claimant": claim.claimant, "claimant_kind": claim.claimant_kind, "stance": claim.stance,
                "stated_on": claim.stated_on,
                **{name: _cell(getattr(claim, name)) for name in COLUMNS if name.endswith(("_min", "_max"))},
                "excerpt": claim.excerpt,
            })
    return output.getvalue().encode()


def _cell(value):
    return "" if value is None else value
