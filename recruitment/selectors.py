"""Reads for the ads pages, the recruitment board and competence supply.

Each function answers with a fixed number of SQL queries, whatever the number of ads,
applications, positions or people (guarded by tests/recruitment/test_query_counts.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from django.apps import apps
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from recruitment.models import (
    HELD_LEVEL,
    MERIT_WEIGHT,
    REQUIRED_FIRST,
    REQUIRED_WEIGHT,
    AdCompetence,
    Application,
    Competence,
    JobAd,
    PersonCompetence,
    Position,
    Successor,
)
from recruitment.permissions import may_see_competence_supply as may_see_competence_supply
from vaxjo_riktning.models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise, WithAnnotations

MAX_LEVEL = 5


def _ad_queryset(queryset: QuerySet[JobAd]) -> QuerySet[JobAd]:
    """An ad with what its page shows: the position and unit, the process areas, the
    competences sought."""
    return queryset.select_related("position__unit").prefetch_related(
        "position__process_areas",
        Prefetch(
            "ad_competences",
            queryset=AdCompetence.objects.select_related("competence").order_by(
                REQUIRED_FIRST, "sort_order", "pk"
            ),
        ),
    )


def public_ads() -> list[JobAd]:
    """The open ads, the soonest last day first. Queries: the ads, their process areas, their
    competences (3)."""
    return list(_ad_queryset(JobAd.objects.open()).order_by("last_application_date", "pk"))


def public_ad(pk: int) -> JobAd:
    """A published ad (open, closed or withdrawn); 404 for a draft. Queries: 3."""
    return get_object_or_404(_ad_queryset(JobAd.objects.public()), pk=pk)


def managed_ads(user: User | AnonymousUser) -> list[JobAd]:
    """The ads whose applications the user handles, with the number of applications per stage.
    Queries: the ads with their counts (1)."""
    stages = {
        f"n_{stage}": Count("applications", filter=Q(applications__stage=stage))
        for stage in Application.Stage.values
    }
    ads = list(
        JobAd.objects.managed_by(user)
        .select_related("position__unit", "recruiter", "hiring_manager")
        .annotate(n_total=Count("applications"), **stages)
        .order_by("-created_at", "-pk")
    )
    for ad in ads:
        ad.stage_counts = [
            (label, getattr(ad, f"n_{value}")) for value, label in Application.Stage.choices
        ]
    return ads


def stewarded_ads() -> list[JobAd]:
    """Every ad, for HR's process owner to name who handles it: no applications, no counts.
    Queries: the ads with their unit and people (1)."""
    return list(
        JobAd.objects.select_related("position__unit", "recruiter", "hiring_manager").order_by(
            "-created_at", "-pk"
        )
    )


class Match(TypedDict):
    """What with_match adds to an application."""

    points: int
    possible: int
    scored: int
    is_duplicate: bool


if TYPE_CHECKING:
    MatchedApplication = WithAnnotations[Application, Match]


def with_match(queryset: QuerySet[Application]) -> QuerySet[MatchedApplication]:
    """Annotate each application with its competence match and whether it looks like a
    duplicate.

    The match weighs each competence sought (required twice a merit) by the recruiter's score,
    or the applicant's own assessment where no score is set yet: points / (weight × 5).
    A duplicate is another application to the same ad with the same e-mail or phone."""
    weight = Case(
        When(assessments__ad_competence__kind=AdCompetence.Kind.REQUIRED, then=REQUIRED_WEIGHT),
        default=Value(MERIT_WEIGHT),
        output_field=IntegerField(),
    )
    level = Coalesce("assessments__score", "assessments__self_assessment")
    same_person = Application.objects.filter(ad=OuterRef("ad")).exclude(pk=OuterRef("pk"))
    same_person = same_person.filter(
        Q(email_key=OuterRef("email_key"), email_key__gt="")
        | Q(phone_key=OuterRef("phone_key"), phone_key__gt="")
    )
    return queryset.annotate(
        points=Coalesce(Sum(weight * level), 0),
        possible=Coalesce(Sum(weight * MAX_LEVEL), 0),
        scored=Count("assessments__score"),
        is_duplicate=Exists(same_person),
    )


def match_percent(application: MatchedApplication) -> int | None:
    if not application.possible:
        return None
    return round(100 * application.points / application.possible)


@dataclass
class Column:
    stage: str
    label: StrOrPromise
    applications: list[MatchedApplication] = field(default_factory=list)


@dataclass
class Board:
    ad: JobAd
    columns: list[Column]
    ranking: list[MatchedApplication]

    @property
    def total(self) -> int:
        return len(self.ranking)


def board(ad: JobAd) -> Board:
    """The ad's applications by stage, and ranked by competence match. Queries: 1."""
    queryset = with_match(Application.objects.filter(ad=ad)).order_by("submitted_at", "pk")
    applications = list(queryset)
    columns = {value: Column(value, label) for value, label in Application.Stage.choices}
    for application in applications:
        application.match = match_percent(application)
        columns[application.stage].applications.append(application)
    ranking = sorted(
        (a for a in applications if a.stage != Application.Stage.WITHDRAWN),
        key=lambda a: (-(a.match or 0), a.submitted_at, a.pk),
    )
    return Board(ad=ad, columns=list(columns.values()), ranking=ranking)


def application_for_user(user: User | AnonymousUser, pk: int) -> MatchedApplication:
    """One application with its ad and match; 404 for anyone but the ad's recruiter, hiring
    manager and administrators. Queries: 1."""
    queryset = with_match(Application.objects.visible_to(user)).select_related(
        "ad__position__unit", "ad__recruiter", "ad__hiring_manager", "anonymised_by"
    )
    application = get_object_or_404(queryset, pk=pk)
    application.match = match_percent(application)
    return application


def duplicates_of(application: Application) -> list[Application]:
    if application.is_anonymised:
        return []
    return list(
        Application.objects.filter(ad_id=application.ad_id)
        .exclude(pk=application.pk)
        .filter(
            Q(email_key=application.email_key, email_key__gt="")
            | Q(phone_key=application.phone_key, phone_key__gt="")
        )
        .order_by("submitted_at")
    )


# --- Competence supply ------------------------------------------------------------------------

# Who sees and who changes the plans is decided in recruitment.permissions;
# may_see_competence_supply is imported above for the menu (recruitment.context_processors).


def _without_ready_successor() -> QuerySet[Position]:
    ready = Successor.objects.filter(
        position=OuterRef("pk"), readiness=Successor.Readiness.READY_NOW
    )
    return Position.objects.filter(is_key=True).exclude(Exists(ready))


def key_positions_without_ready_successor_count() -> int:
    """Queries: 1."""
    return _without_ready_successor().count()


def overview_tile_count() -> int:
    """For the chief executive's overview tile. Handed to the template uncalled: the template
    calls it only for those who see the tile, so other readers pay no query."""
    return key_positions_without_ready_successor_count()


@dataclass
class KeyPositionRow:
    position: Position
    successors: list[Successor]

    @property
    def has_ready_successor(self) -> bool:
        return any(s.readiness == Successor.Readiness.READY_NOW for s in self.successors)


def key_positions() -> list[KeyPositionRow]:
    """Every key position with its holder, process areas, competences and successors.
    Queries: positions, process areas, competences, successors with their people (4)."""
    positions = (
        Position.objects.filter(is_key=True)
        .select_related("unit", "holder")
        .prefetch_related(
            "process_areas",
            "competences",
            Prefetch(
                "successors",
                queryset=Successor.objects.select_related("person").order_by("readiness", "pk"),
            ),
        )
        .order_by("unit__sort_order", "sort_order", "title")
    )
    return [KeyPositionRow(p, list(p.successors.all())) for p in positions]


@dataclass
class Gap:
    competence: Competence
    positions: list[Position]
    holders: int
    # Key positions needing the competence where no successor ready within two years has it.
    uncovered: list[Position]

    @property
    def is_gap(self) -> bool:
        return bool(self.uncovered)


def competence_gaps() -> list[Gap]:
    """Per competence the key positions need: how many people hold it (level 3 or more), and
    the key positions where no successor ready within two years holds it; gaps first.
    Queries: competences with their key positions, people's held competences, successors (3)."""
    competences = list(
        Competence.objects.filter(positions__is_key=True)
        .distinct()
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=Position.objects.filter(is_key=True).select_related("unit"),
                to_attr="key_positions",
            )
        )
        .order_by("name")
    )
    held = defaultdict(set)
    for person_id, competence_id in PersonCompetence.objects.filter(
        level__gte=HELD_LEVEL
    ).values_list("person_id", "competence_id"):
        held[competence_id].add(person_id)
    near = defaultdict(set)
    for position_id, person_id in Successor.objects.filter(
        readiness__in=[Successor.Readiness.READY_NOW, Successor.Readiness.ONE_TO_TWO_YEARS]
    ).values_list("position_id", "person_id"):
        near[position_id].add(person_id)
    gaps = []
    for competence in competences:
        holders = held[competence.pk]
        uncovered = [p for p in competence.key_positions if not near[p.pk] & holders]
        gaps.append(Gap(competence, competence.key_positions, len(holders), uncovered))
    gaps.sort(key=lambda g: (-len(g.uncovered), g.holders, g.competence.name))
    return gaps


@dataclass
class SuccessionChange:
    when: datetime
    label: str  # insert, update or delete
    person: User | None
    readiness: str
    development_actions: str
    by: User | None


def succession_history(position: Position, *, limit: int = 20) -> list[SuccessionChange]:
    """The newest changes to the position's successors (named, changed, removed) with who made
    them. Queries: the events with their context (1), the people they name (1)."""
    event_model = apps.get_model("recruitment", "SuccessorEvent")
    events = list(
        event_model.objects.filter(position_id=position.pk)
        .select_related("pgh_context")
        .order_by("-pgh_created_at", "-pgh_id")[:limit]
    )
    by = {
        e.pgh_id: (e.pgh_context.metadata or {}).get("user") if e.pgh_context else None
        for e in events
    }
    wanted = {e.person_id for e in events} | {pk for pk in by.values() if pk}
    people = User.objects.in_bulk(wanted) if wanted else {}
    return [
        SuccessionChange(
            when=e.pgh_created_at,
            label=e.pgh_label,
            person=people.get(e.person_id),
            readiness=str(Successor.Readiness(e.readiness).label),
            development_actions=e.development_actions,
            by=people.get(by[e.pgh_id]),
        )
        for e in events
    ]
