"""Loading the demo's recruitment and competence supply (demo/data/recruitment.py), for
`manage.py seed_demo`. Idempotent like the rest of the seed: rows are found by their natural
keys and written only where they differ; an anonymised application is never brought back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from demo.data import recruitment as data
from demo.data.users import EMAIL_DOMAIN
from processes.models import ProcessArea
from recruitment.models import (
    AdCompetence,
    Application,
    Assessment,
    Competence,
    JobAd,
    PersonCompetence,
    Position,
    Successor,
)
from recruitment.services import email_key, phone_key
from vaxjo_riktning.models import Unit, User

Sync = Callable[..., Any]


def seed_recruitment(
    *,
    units: dict[str, Unit],
    areas: dict[str, ProcessArea],
    users: dict[str, User],
    sync: Sync,
    tally: Any,
) -> None:
    competences = _competences(areas, sync, tally)
    people = _people(competences, sync, tally)
    holders = _holders_by_post(units, sync, tally)
    positions = _positions(units, areas, competences, {**users, **people, **holders}, sync, tally)
    _successors(positions, people, sync, tally)
    ads = _ads(positions, competences, users, sync, tally)
    _applications(ads, sync, tally)


def _competences(areas, sync: Sync, tally) -> dict[str, Competence]:
    existing = {c.name: c for c in Competence.objects.all()}
    for name, area, description in data.COMPETENCES:
        values = {
            "name": name,
            "description": description,
            "process_area_id": areas[area].pk if area else None,
        }
        sync(Competence, existing, name, values, tally, "competences")
    return existing


def _people(competences, sync: Sync, tally) -> dict[str, User]:
    usernames = [row[0] for row in data.SUCCESSOR_USERS]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    held = {(p.person_id, p.competence_id): p for p in PersonCompetence.objects.all()}
    people = {}
    for username, title, levels in data.SUCCESSOR_USERS:
        values = {
            "username": username,
            # Named by the post (see demo/data/recruitment.py): the name is the title.
            "first_name": title,
            "title": title,
            "email": f"{username}@{EMAIL_DOMAIN}",
        }
        if username not in existing:
            # They appear in succession plans only; nobody signs in as them.
            values["password"] = make_password(None)
        person = sync(User, existing, username, values, tally, "users")
        people[username] = person
        for name, level in levels.items():
            competence = competences[name]
            sync(
                PersonCompetence,
                held,
                (person.pk, competence.pk),
                {"person_id": person.pk, "competence_id": competence.pk, "level": level},
                tally,
                "people's competences",
            )
    return people


def _holder_username(slug: str, title: str) -> str:
    return f"{slugify(title)}-{slug}"[:150]


def _holders_by_post(units, sync: Sync, tally) -> dict[str, User]:
    """A user for each key post held BY_POST, named by the post ("Förvaltningschef,
    Utbildningsförvaltningen"); nobody signs in as them."""
    wanted = {
        _holder_username(slug, title): f"{title}, {units[slug].name}"
        for slug, title, _areas, _names, holder in data.POSITIONS
        if holder == data.BY_POST
    }
    existing = {u.username: u for u in User.objects.filter(username__in=wanted)}
    holders = {}
    for username, post in wanted.items():
        values = {
            "username": username,
            "first_name": post,
            "title": post,
            "email": f"{username}@{EMAIL_DOMAIN}",
        }
        if username not in existing:
            values["password"] = make_password(None)
        holders[username] = sync(User, existing, username, values, tally, "users")
    return holders


def _positions(units, areas, competences, users, sync: Sync, tally) -> dict:
    existing = {
        (p.unit_id, p.title): p
        for p in Position.objects.prefetch_related("process_areas", "competences")
    }
    positions = {}
    for order, (slug, title, area_slugs, names, holder) in enumerate(data.POSITIONS, start=1):
        unit = units[slug]
        if holder == data.BY_POST:
            holder = _holder_username(slug, title)
        position = sync(
            Position,
            existing,
            (unit.pk, title),
            {
                "unit_id": unit.pk,
                "title": title,
                "is_key": True,
                "holder_id": users[holder].pk if holder else None,
                "sort_order": order * 10,
            },
            tally,
            "positions",
        )
        wanted_areas = {areas[a].pk for a in area_slugs}
        if {a.pk for a in position.process_areas.all()} != wanted_areas:
            position.process_areas.set(wanted_areas)
        wanted = {competences[n].pk for n in names}
        if {c.pk for c in position.competences.all()} != wanted:
            position.competences.set(wanted)
        positions[(slug, title)] = position
    return positions


def _successors(positions, people, sync: Sync, tally) -> None:
    existing = {(s.position_id, s.person_id): s for s in Successor.objects.all()}
    for key, username, readiness, actions in data.SUCCESSORS:
        position, person = positions[key], people[username]
        sync(
            Successor,
            existing,
            (position.pk, person.pk),
            {
                "position_id": position.pk,
                "person_id": person.pk,
                "readiness": readiness,
                "development_actions": actions,
            },
            tally,
            "successors",
        )


def _ads(positions, competences, users, sync: Sync, tally) -> dict[str, JobAd]:
    existing = {a.title: a for a in JobAd.objects.all()}
    today = timezone.localdate()
    sought = {(c.ad_id, c.competence_id): c for c in AdCompetence.objects.all()}
    ads = {}
    for row in data.ADS:
        position = positions[("kommunledningsforvaltningen", row["position"])]
        ad = existing.get(row["title"])
        values = {
            "title": row["title"],
            "position_id": position.pk,
            "introduction": row["introduction"],
            "description": row["description"],
            "employment": "Tillsvidareanställning, heltid. Tillträde enligt överenskommelse.",
            "location": "Växjö, Stadshuset",
            "contact_name": str(users["rekryterare"]),
            "contact_title": users["rekryterare"].title,
            "contact_email": f"rekryterare@{EMAIL_DOMAIN}",
            "contact_phone": "0470-410 00",
            "recruiter_id": users["rekryterare"].pk,
            "hiring_manager_id": users["kommunchef"].pk,
        }
        # The demo's ads stay open: a new ad, or one whose last day has passed while nobody
        # closed or withdrew it, gets OPEN_DAYS more.
        if ad is None or (
            ad.last_application_date < today and ad.closed_at is None and not ad.is_withdrawn
        ):
            values["last_application_date"] = today + timedelta(days=data.OPEN_DAYS)
            values["published_at"] = timezone.now()
        if ad is not None and (ad.is_withdrawn or ad.closed_at):
            ads[row["title"]] = ad  # a decision someone made: leave the ad as it is
            tally.add("job ads", "unchanged")
            continue
        ad = sync(JobAd, existing, row["title"], values, tally, "job ads")
        ads[row["title"]] = ad
        for kind, names in (
            (AdCompetence.Kind.REQUIRED, row["required"]),
            (
                AdCompetence.Kind.MERIT,
                row["merits"],
            ),
        ):
            for order, name in enumerate(names, start=1):
                competence = competences[name]
                sync(
                    AdCompetence,
                    sought,
                    (ad.pk, competence.pk),
                    {
                        "ad_id": ad.pk,
                        "competence_id": competence.pk,
                        "kind": kind,
                        "sort_order": order * 10,
                    },
                    tally,
                    "competences sought",
                )
    return ads


def _applications(ads: dict[str, JobAd], sync: Sync, tally) -> None:
    tokens = [uuid.UUID(row[1]) for row in data.APPLICATIONS]
    existing = {
        a.submission_token: a for a in Application.objects.filter(submission_token__in=tokens)
    }
    sought = {
        (c.ad_id, c.competence.name): c
        for c in AdCompetence.objects.filter(ad__in=ads.values()).select_related("competence")
    }
    for title, token, name, email, phone, stage, letter, levels in data.APPLICATIONS:
        ad = ads[title]
        token = uuid.UUID(token)
        application = existing.get(token)
        if application is not None:
            tally.add("applications", "unchanged")
            continue  # the recruiter may have moved it on, or it was anonymised: leave it
        application = Application(
            ad=ad,
            name=name,
            email=email,
            phone=phone,
            email_key=email_key(email),
            phone_key=phone_key(phone),
            letter=letter,
            stage=stage,
            submission_token=token,
            cv_name=f"CV {name}.pdf",
            cv_content_type="application/pdf",
        )
        application.cv.save("cv.pdf", ContentFile(data.DEMO_CV), save=False)
        application.save()
        Assessment.objects.bulk_create(
            Assessment(
                application=application,
                ad_competence=sought[(ad.pk, competence)],
                self_assessment=level,
            )
            for competence, level in levels.items()
        )
        tally.add("applications", "created")
