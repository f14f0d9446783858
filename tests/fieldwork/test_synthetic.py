"""The synthetic field-work generator (reperes/fieldwork/synthetic.py), its command and the
demo: same seed same data, plausible distributions, time only within contracts, identities
only with consent and obviously invented, a second demo load writes nothing."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reperes.fieldwork import synthetic, synthetic_tables
from reperes.fieldwork.collective.models import CollectiveAction, ParticipantCount
from reperes.fieldwork.enums import (
    DEFAULT_PROBLEMS,
    AgeBand,
    CollectiveCategory,
    EntryMode,
    Gender,
    Situation,
    TimeCategory,
)
from reperes.fieldwork.models import AccessLogEntry, ChoiceItem
from reperes.fieldwork.partners.models import Observation, Partner, PartnershipAction
from reperes.fieldwork.street.models import ContactCount, StreetSession
from reperes.fieldwork.time.models import TimeEntry
from reperes.fieldwork.youths.models import (
    Accompaniment,
    Family,
    Intervention,
    Youth,
    new_pseudonym,
)
from reperes.partners.enums import QuartierKind
from reperes.partners.models import Quartier
from reperes.rules.delays import NATIONAL_CALENDAR
from tests.demo.clock import STORY_END, on
from tests.factories import CommuneFactory
from tests.people.factories import StaffMemberFactory

YEAR = 2025
END = date(YEAR, 12, 31)
FIELD_MODELS = (
    (Accompaniment, Family, Intervention, Youth)
    + (CollectiveAction, ParticipantCount, StreetSession, ContactCount)
    + (Observation, Partner, PartnershipAction, TimeEntry)
)


@pytest.fixture
def team(world):
    """Service A: two communes (one with a QPV and another quartier, one without any), five
    staff: a full-time educator with an account, one leaving and one arriving during the year,
    one part-time, and a director (who is not an educator)."""
    service = world["services"]["a"]
    with_quartiers, without = CommuneFactory(name="Ville-Test"), CommuneFactory(name="Bourg-Test")
    qpv = Quartier.objects.create(commune=with_quartiers, name="Les Tests", kind=QuartierKind.QPV)
    other = Quartier.objects.create(commune=with_quartiers, name="Le Centre", kind="autre")
    service.communes.set([with_quartiers, without])
    staff = {
        "full": StaffMemberFactory(service=service, account=world["users"]["educator_a"]),
        "leaving": StaffMemberFactory(service=service, departure=date(YEAR, 4, 30)),
        "arriving": StaffMemberFactory(service=service, arrival=date(YEAR, 9, 1)),
        "part_time": StaffMemberFactory(service=service, part_time=True, fte=Decimal("0.8")),
        "director": StaffMemberFactory(service=service, director=True),
    }
    return {
        "service": service,
        "staff": staff,
        "places": {(with_quartiers.pk, qpv.pk), (with_quartiers.pk, other.pk), (without.pk, None)},
        "world": world,
    }


def _generate(team, **kwargs):
    options = {"year": YEAR, "youths": 300, "seed": 42, "until": END} | kwargs
    return synthetic.generate(team["service"], **options)


def _sorted(rows):
    return sorted(rows, key=repr)


def snapshot(service):
    """Everything generated for ``service``, by content, without database identifiers."""
    youths = Youth.objects.filter(service=service).select_related("family")
    accompaniments = (
        Accompaniment.objects.filter(service=service)
        .select_related("youth", "orienting_partner")
        .prefetch_related("problems", "responses", "referents", "interventions__partner")
        .prefetch_related("interventions__staff")
    )
    sessions = StreetSession.objects.filter(service=service).prefetch_related(
        "educators", "contacts"
    )
    actions = CollectiveAction.objects.filter(service=service).prefetch_related(
        "participants", "anonymous_participants"
    )
    return {
        "youths": _sorted(
            (y.pseudonym, y.gender, y.birth_year, y.age_band, y.commune_id, y.quartier_id)
            + (y.situation, y.qualification, y.family.code if y.family else "", y.first_met_on)
            + (y.identity_consent_on, y.last_name, y.first_name, y.address, y.phone)
            for y in youths
        ),
        "accompaniments": _sorted(
            (a.youth.pseudonym, a.started_on, a.ended_on, a.entry_mode, a.exit_reason)
            + (a.intensity, a.orienting_partner.name if a.orienting_partner else "")
            + (tuple(sorted(p.label for p in a.problems.all())),)
            + (tuple(sorted(r.label for r in a.responses.all())),)
            + (tuple(sorted(s.display_name for s in a.referents.all())),)
            + (
                tuple(
                    _sorted(
                        (i.occurred_on, i.kind, i.duration_minutes, str(i.partner), str(i.staff))
                        for i in a.interventions.all()
                    )
                ),
            )
            for a in accompaniments
        ),
        "sessions": _sorted(
            (s.date, s.kind, s.duration_minutes, s.quartier_id, s.commune_id, s.place_id)
            + (tuple(sorted(e.display_name for e in s.educators.all())),)
            + (tuple(sorted((c.gender, c.age_band, c.count) for c in s.contacts.all())),)
            for s in sessions
        ),
        "actions": _sorted(
            (a.title, a.category, a.started_on, a.ended_on, a.families_count, a.amount)
            + (tuple(sorted(y.pseudonym for y in a.participants.all())),)
            + (
                tuple(
                    sorted((c.gender, c.age_band, c.count) for c in a.anonymous_participants.all())
                ),
            )
            for a in actions
        ),
        "families": _sorted(
            Family.objects.filter(service=service).values_list(
                "code", "known_since", "engaged_since", "engaged_until"
            )
        ),
        "time": _sorted(
            TimeEntry.objects.filter(staff__service=service).values_list(
                "staff__display_name", "day", "category", "hours"
            )
        ),
        "observations": _sorted(
            Observation.objects.filter(service=service).values_list("observed_on", "topic", "text")
        ),
        "partnership": _sorted(
            PartnershipAction.objects.filter(service=service).values_list("date", "title", "hours")
        ),
    }


def test_same_seed_gives_the_same_records_and_another_seed_others(team):
    service = team["service"]
    _generate(team, youths=80)
    first = snapshot(service)
    synthetic.clear(service)
    assert not synthetic.has_field_records(service)

    _generate(team, youths=80)
    assert snapshot(service) == first

    synthetic.clear(service)
    _generate(team, youths=80, seed=43)
    other = snapshot(service)
    assert other["youths"] != first["youths"]
    assert other["time"] != first["time"]


def test_youths_ages_genders_places_and_situations_are_plausible(team):
    quartiers_before = Quartier.objects.count()
    summary = _generate(team)
    youths = list(Youth.objects.filter(service=team["service"]))
    assert len(youths) == summary.counts["jeunes"] == 300
    assert Quartier.objects.count() == quartiers_before

    ages = [YEAR - y.birth_year for y in youths if y.birth_year]
    assert len(ages) > 0.9 * len(youths)
    assert min(ages) >= 11
    assert max(ages) <= 25
    assert sum(13 <= age <= 19 for age in ages) > 0.6 * len(ages)
    for youth in youths:
        if youth.birth_year is None:
            assert youth.age_band in {
                AgeBand.FROM_11,
                AgeBand.FROM_15,
                AgeBand.FROM_18,
                AgeBand.FROM_22,
            }

    genders = Counter(y.gender for y in youths)
    assert 0.5 < genders[Gender.BOY] / 300 < 0.7
    assert 0.28 < genders[Gender.GIRL] / 300 < 0.48
    assert genders[Gender.UNSTATED] / 300 < 0.06

    assert {(y.commune_id, y.quartier_id) for y in youths} == team["places"]
    for youth in youths:
        age = youth.age_on(date(YEAR, 7, 1))
        if age is not None and age < 16:
            assert youth.situation not in {Situation.EMPLOYMENT, Situation.INSERTION}
        assert youth.first_met_on <= END


def test_accompaniments_problems_interventions_and_entry_modes(team):
    _generate(team)
    accompaniments = list(
        Accompaniment.objects.filter(service=team["service"]).prefetch_related(
            "problems", "responses", "referents", "interventions"
        )
    )
    assert 0.4 * 300 < len(accompaniments) < 0.7 * 300
    defaults = set(ChoiceItem.objects.filter(convention=None).values_list("pk", flat=True))
    problems: Counter[str] = Counter()
    lengths = []
    for a in accompaniments:
        chosen = list(a.problems.all())
        assert 1 <= len(chosen) <= 3
        assert {c.pk for c in chosen} <= defaults
        problems.update(c.label for c in chosen)
        assert a.responses.exists()
        assert a.referents.exists()
        interventions = list(a.interventions.all())
        assert 2 <= len(interventions) <= 40
        assert all(a.started_on <= i.occurred_on <= (a.ended_on or END) for i in interventions)
        assert a.started_on >= a.youth.first_met_on
        if a.ended_on:
            assert a.exit_reason
            lengths.append((a.ended_on - a.started_on).days)
        else:
            assert (END - a.started_on).days <= 730
    assert min(lengths) < 30
    assert max(lengths) > 180
    assert max(lengths) <= 730
    assert {label for label, _ in problems.most_common(2)} == set(DEFAULT_PROBLEMS[:2])
    modes = Counter(a.entry_mode for a in accompaniments)
    assert modes.most_common(1)[0][0] == EntryMode.STREET_WORK


def test_the_number_of_interventions_can_be_fixed(team):
    _generate(team, youths=60, interventions=1500)
    assert Intervention.objects.visible_to(team["world"]["users"]["educator_a"]).count() == 1500
    per_accompaniment = Counter(
        Intervention.objects.values_list("accompaniment_id", flat=True)
    ).values()
    assert min(per_accompaniment) >= 2
    assert max(per_accompaniment) <= 40

    synthetic.clear(team["service"])
    with pytest.raises(synthetic_tables.GenerationError, match="il faut plus de jeunes"):
        _generate(team, youths=10, interventions=5000)
    assert not synthetic.has_field_records(team["service"])


def test_allocate_splits_exactly_within_bounds():
    for total, weights in ((100, [1, 1, 1, 50]), (80, [0.1] * 40), (160, [5, 0.01, 0.01, 3])):
        counts = synthetic_tables.allocate(total, weights, 2, 40)
        assert sum(counts) == total
        assert all(2 <= c <= 40 for c in counts)
    with pytest.raises(synthetic_tables.GenerationError):
        synthetic_tables.allocate(200, [1, 1, 1, 1], 2, 40)


def test_time_is_entered_on_working_days_within_contracts_only(team):
    _generate(team, youths=60)
    staff = team["staff"]
    days = defaultdict(Decimal)
    totals: dict[int, Counter] = defaultdict(Counter)
    for entry in TimeEntry.objects.filter(staff__service=team["service"]).select_related("staff"):
        member = entry.staff
        assert member.arrival <= entry.day <= (member.departure or END)
        assert NATIONAL_CALENDAR.is_working_day(entry.day)
        days[member.pk, entry.day] += entry.hours
        totals[member.pk][entry.category] += entry.hours
    assert set(days.values()) == {Decimal(7)}
    assert staff["director"].pk not in totals
    for key in ("full", "leaving", "arriving", "part_time"):
        categories = totals[staff[key].pk]
        assert categories.most_common(1)[0][0] == TimeCategory.SOCIAL_PRESENCE
    assert max(day for pk, day in days if pk == staff["leaving"].pk) <= date(YEAR, 4, 30)
    assert min(day for pk, day in days if pk == staff["arriving"].pk) >= date(YEAR, 9, 1)
    assert all(day.weekday() != 2 for pk, day in days if pk == staff["part_time"].pk)
    # Five weeks of leave: about 47 weeks of five days for the full-time educator.
    assert 215 <= sum(1 for pk, _ in days if pk == staff["full"].pk) <= 240

    sessions = StreetSession.objects.filter(service=team["service"]).prefetch_related("educators")
    for session in sessions:
        educators = list(session.educators.all())
        assert educators
        assert all((e.pk, session.date) in days for e in educators)
    assert ContactCount.objects.filter(session__service=team["service"]).exists()
    assert set(
        CollectiveAction.objects.filter(service=team["service"]).values_list("category", flat=True)
    ) == set(CollectiveCategory)


def test_identities_only_with_consent_and_obviously_invented(team):
    _generate(team)
    youths = list(Youth.objects.filter(service=team["service"]))
    with_identity = [y for y in youths if y.has_identity]
    assert 0.05 * 300 < len(with_identity) < 0.15 * 300
    for youth in youths:
        assert synthetic.PSEUDONYM_FORMAT.match(youth.pseudonym)
        if not youth.has_identity:
            assert youth.identity_consent_on is None
            assert youth.name_index == youth.phone_index == ""
            continue
        assert youth.identity_consent_on is not None
        assert youth.identity_consent_by == team["world"]["users"]["educator_a"]
        assert youth.first_name in synthetic_tables.FIRST_NAMES
        assert youth.last_name in synthetic_tables.LAST_NAMES
        assert youth.phone.startswith("01 99 00 ")
        assert "rue de l'Exemple" in youth.address
        # bulk_create skips Youth.save: the generator computes the blind indexes itself.
        key = Youth.name_key(youth.service_id, youth.last_name, youth.first_name)
        assert youth.name_index == key
        assert youth.phone_index == Youth.phone_key(youth.service_id, youth.phone)
    # Generating is nobody's access to a youth's file.
    assert not AccessLogEntry.objects.exists()
    # The generator draws its own codes in new_pseudonym's format.
    assert all(synthetic.PSEUDONYM_FORMAT.match(new_pseudonym()) for _ in range(50))


def _counts():
    return [m._default_manager.count() for m in FIELD_MODELS]


def _years(service):
    return sorted(
        {
            d.year
            for d in StreetSession.objects.filter(service=service).values_list("date", flat=True)
        }
    )


def test_command_adds_a_year_idempotently_and_replace_starts_again(team, settings):
    """Issue 12: a year is added beside the others, the same year twice writes nothing."""
    service = team["service"]
    args = ["--service", service.name, "--youths", "40", "--seed", "3"]
    with on(date(2026, 6, 1)):
        call_command("generate_fieldwork", *args, "--year", str(YEAR), stdout=StringIO())
        first = _counts()
        assert _years(service) == [YEAR]

        # The same year again, even with another seed or size: nothing changes.
        out = StringIO()
        call_command(
            "generate_fieldwork", "--service", service.name, "--year", str(YEAR),
            "--youths", "60", "--seed", "4", stdout=out,
        )  # fmt: skip
        assert f"déjà des données de terrain en {YEAR}" in out.getvalue()
        assert "rien n'a été écrit" in out.getvalue()
        assert _counts() == first

        # Another year: added, the first one kept as it was.
        before = set(Youth.objects.filter(service=service).values_list("pk", flat=True))
        sessions_2025 = StreetSession.objects.filter(service=service, date__year=YEAR).count()
        call_command("generate_fieldwork", *args, "--year", str(YEAR - 1), stdout=StringIO())
        assert _years(service) == [YEAR - 1, YEAR]
        assert before < set(Youth.objects.filter(service=service).values_list("pk", flat=True))
        assert StreetSession.objects.filter(service=service, date__year=YEAR).count() == (
            sessions_2025
        )
        second = _counts()
        assert all(b >= a for a, b in zip(first, second, strict=True))
        assert second != first

        # Re-running either year changes nothing.
        for year in (YEAR - 1, YEAR):
            call_command("generate_fieldwork", *args, "--year", str(year), stdout=StringIO())
        assert _counts() == second

        # --replace deletes every year and writes the one asked for.
        out = StringIO()
        call_command(
            "generate_fieldwork", "--service", str(service.pk), *args[2:], "--year", str(YEAR),
            "--replace", stdout=out,
        )  # fmt: skip
        assert "Effacé" in out.getvalue()
        assert "jeunes : 40" in out.getvalue()
        assert Youth.objects.filter(service=service).count() == 40
        assert _years(service) == [YEAR]

        settings.DEMO_ALLOWED = False
        with pytest.raises(CommandError, match="désactivées"):
            call_command("generate_fieldwork", *args, "--year", str(YEAR - 1), stdout=StringIO())
        assert _years(service) == [YEAR]


def test_a_year_counts_as_written_once_it_has_dated_activity(team):
    service = team["service"]
    assert not synthetic.has_year_records(service, YEAR)
    _generate(team, youths=20, until=date(YEAR, 3, 31))
    assert synthetic.has_year_records(service, YEAR)
    assert not synthetic.has_year_records(service, YEAR - 1)
    assert not synthetic.has_year_records(service, YEAR + 1)


@pytest.mark.usefixtures("db")
def test_demo_fills_the_educators_services_and_a_second_load_changes_nothing():
    from reperes.accounts.models import User
    from reperes.demo.build import fieldwork as demo
    from reperes.demo.build import people as people_demo
    from reperes.demo.loader import load_demo

    with on(STORY_END):  # the seeds' story, 2025 complete
        load_demo()
        people_demo.load()
        demo.load()
        counts = {m.__name__: m._default_manager.count() for m in FIELD_MODELS}
        youths = sorted(Youth.objects.values_list("pk", "updated_at"))

        demo.load()

    assert {m.__name__: m._default_manager.count() for m in FIELD_MODELS} == counts
    assert sorted(Youth.objects.values_list("pk", "updated_at")) == youths
    for email in (
        "educateur.longwy@demo.reperes.example",
        "educateur.montelimar@demo.reperes.example",
        "educateur.arras@demo.reperes.example",
    ):
        educator = User.objects.get(email=email)
        assert Youth.objects.visible_to(educator).count() >= 80
        assert educator.staff_record.time_entries.filter(day__year=STORY_END.year).count() > 500


def test_the_grouped_values_agree_with_the_engine_on_a_generated_year(team):
    """A generated year exercises every code of the catalogue; the consolidation's grouped
    values (reporting/indicators_by_service.py) must be the engine's, service by service."""
    from reperes.reporting.indicators import Period, Scope, compute
    from reperes.reporting.indicators_by_service import values_by_service

    _generate(team, youths=60)
    service = team["service"]
    other = team["world"]["services"]["b"]
    period = Period.year(YEAR)
    grouped = values_by_service([service.pk, other.pk], period)
    assert grouped[service.pk] == compute(Scope.for_service(service), period).values
    assert grouped[other.pk] == compute(Scope.for_service(other), period).values
    assert grouped[service.pk]["youths.accompanied"] > 0
