"""factory_boy factories for Riktning's models; SubFactory keeps related rows consistent."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from goals.models import (
    Activity,
    ActivityReport,
    Conflict,
    Contribution,
    Goal,
    GoalAssessment,
    Indicator,
    ReportingCycle,
    ReportingPeriod,
)
from processes.models import Process, ProcessArea
from vaxjo_riktning.models import Role, RoleAssignment, Unit, User

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    password = factory.django.Password(PASSWORD)


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Förvaltning {n}")
    slug = factory.Sequence(lambda n: f"forvaltning-{n}")
    kind = Unit.Kind.ADMINISTRATION


class DepartmentFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Avdelning {n}")
    slug = factory.Sequence(lambda n: f"avdelning-{n}")
    kind = Unit.Kind.DEPARTMENT
    parent = factory.SubFactory(UnitFactory)


class ProcessAreaFactory(DjangoModelFactory):
    class Meta:
        model = ProcessArea

    name = factory.Sequence(lambda n: f"Processområde {n}")
    slug = factory.Sequence(lambda n: f"processomrade-{n}")


class ProcessFactory(DjangoModelFactory):
    class Meta:
        model = Process

    area = factory.SubFactory(ProcessAreaFactory)
    name = factory.Sequence(lambda n: f"Process {n}")
    slug = factory.Sequence(lambda n: f"process-{n}")


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    title = factory.Sequence(lambda n: f"Kommunfullmäktiges mål {n}")
    code = factory.Sequence(lambda n: str(n))
    level = Goal.Level.COUNCIL
    period_start = 2024
    period_end = 2027


class UnitGoalFactory(GoalFactory):
    title = factory.Sequence(lambda n: f"Nämndmål {n}")
    level = Goal.Level.UNIT
    parent = factory.SubFactory(GoalFactory)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    name = factory.Sequence(lambda n: f"Nyckeltal {n}")
    unit_of_measure = "%"


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"Aktivitet {n}")
    description = "En aktivitet för att nå målen."
    owner_unit = factory.SubFactory(UnitFactory)
    status = Activity.Status.ONGOING


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = Contribution

    activity = factory.SubFactory(ActivityFactory)
    goal = factory.SubFactory(GoalFactory)
    effect = Contribution.Effect.SUPPORTS


class ConflictFactory(DjangoModelFactory):
    """A conflict raised by the goal's owning unit about another unit's activity."""

    class Meta:
        model = Conflict

    activity = factory.SubFactory(ActivityFactory)
    goal = factory.SubFactory(UnitGoalFactory, owner_unit=factory.SubFactory(UnitFactory))
    hurt_unit = factory.LazyAttribute(lambda c: c.goal.owner_unit)
    reason = "Aktiviteten motverkar vårt mål."


class ReportingPeriodFactory(DjangoModelFactory):
    """Delår 1 of 2026 by default: January to March, due 21 April."""

    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("year", "cycle", "number")

    year = 2026
    cycle = ReportingCycle.MUNICIPAL
    number = 1
    starts_on = factory.LazyAttribute(lambda p: date(p.year, 1, 1))
    ends_on = factory.LazyAttribute(lambda p: date(p.year, 3, 31))
    deadline = factory.LazyAttribute(lambda p: date(p.year, 4, 21))


class ActivityReportFactory(DjangoModelFactory):
    class Meta:
        model = ActivityReport

    period = factory.SubFactory(ReportingPeriodFactory)
    activity = factory.SubFactory(ActivityFactory)
    progress = 50
    status = ActivityReport.Colour.ON_TRACK
    comment = "Arbetet går enligt plan."


class GoalAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = GoalAssessment

    period = factory.SubFactory(ReportingPeriodFactory)
    goal = factory.SubFactory(GoalFactory)
    assessment = GoalAssessment.Assessment.PARTLY_MET
    analysis = "Målet nås delvis."


def assign(user: User, role: Role, *, unit: Unit | None = None, area=None) -> RoleAssignment:
    """Give a user a role (and forget the roles cached on the object)."""
    assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit, process_area=area)
    user.__dict__.pop("assignments", None)
    user.__dict__.pop("_editable_unit_ids", None)
    return assignment


# --- Recruitment and competence supply ----------------------------------------------------------

# A minimal PDF: the upload check reads the content, not the name.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class CompetenceFactory(DjangoModelFactory):
    class Meta:
        model = "recruitment.Competence"

    name = factory.Sequence(lambda n: f"Kompetens {n}")


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = "recruitment.Position"

    title = factory.Sequence(lambda n: f"Befattning {n}")
    unit = factory.SubFactory(UnitFactory)
    is_key = True


class JobAdFactory(DjangoModelFactory):
    """A published ad that takes applications for two weeks more."""

    class Meta:
        model = "recruitment.JobAd"

    position = factory.SubFactory(PositionFactory)
    title = factory.Sequence(lambda n: f"Annons {n}")
    introduction = "Vi söker en chef som vill leda koncernens process."
    last_application_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    contact_name = "Rekryterare"
    contact_email = "rekryterare@example.se"
    recruiter = factory.SubFactory(UserFactory)
    hiring_manager = factory.SubFactory(UserFactory)
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class AdCompetenceFactory(DjangoModelFactory):
    class Meta:
        model = "recruitment.AdCompetence"

    ad = factory.SubFactory(JobAdFactory)
    competence = factory.SubFactory(CompetenceFactory)
    kind = "required"


class ApplicationFactory(DjangoModelFactory):
    """An application with a PDF CV in the private storage and a self-assessment against each
    competence the ad seeks."""

    class Meta:
        model = "recruitment.Application"
        skip_postgeneration_save = True

    ad = factory.SubFactory(JobAdFactory)
    name = factory.Sequence(lambda n: f"Sökande {n}")
    email = factory.Sequence(lambda n: f"sokande{n}@example.se")
    phone = factory.Sequence(lambda n: f"070-{n:07d}")
    email_key = factory.LazyAttribute(lambda a: a.email.lower())
    phone_key = factory.LazyAttribute(lambda a: "".join(c for c in a.phone if c.isdigit()))
    letter = "Jag vill gärna arbeta hos er."
    cv = factory.django.FileField(filename="cv.pdf", data=PDF_BYTES)
    cv_name = "cv.pdf"
    cv_content_type = "application/pdf"
    submission_token = factory.LazyFunction(uuid.uuid4)

    @factory.post_generation
    def assessments(self, create, extracted, **kwargs):
        if not create:
            return
        from recruitment.models import Assessment

        levels = extracted or {}
        Assessment.objects.bulk_create(
            Assessment(
                application=self,
                ad_competence=sought,
                self_assessment=levels.get(sought.competence.name, 3),
            )
            for sought in self.ad.ad_competences.all()
        )
