"""Recruitment's cast: an HR director ad with its recruiter and hiring manager, two competences
sought. CVs go to a private folder of each test's own (tests/conftest.py)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pytest

from recruitment.models import AdCompetence, JobAd
from tests import factories as f
from vaxjo_riktning.models import Role, User

DOC_BYTES = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504


def docx_bytes(*, with_document: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_document:
            archive.writestr("word/document.xml", "<w:document/>")
        else:
            archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@dataclass
class Recruitment:
    ad: JobAd
    required: AdCompetence
    merit: AdCompetence
    recruiter: User
    hiring_manager: User


@pytest.fixture
def recruitment(group, recruiter) -> Recruitment:
    """The group HR director ad: the recruiter of the shared cast recruits, a manager hires."""
    manager = f.UserFactory(username="anstallande-chef")
    position = f.PositionFactory(
        title="Koncernövergripande HR-chef", unit=group.administration, is_key=True
    )
    position.process_areas.add(group.hr_area)
    ad = f.JobAdFactory(
        position=position,
        title="Koncernövergripande HR-chef",
        recruiter=recruiter,
        hiring_manager=manager,
    )
    required = f.AdCompetenceFactory(
        ad=ad, competence=f.CompetenceFactory(name="Successionsplanering"), sort_order=1
    )
    merit = f.AdCompetenceFactory(
        ad=ad,
        competence=f.CompetenceFactory(name="Arbetsrätt och förhandling"),
        kind=AdCompetence.Kind.MERIT,
        sort_order=2,
    )
    return Recruitment(ad, required, merit, recruiter, manager)


@pytest.fixture
def other_recruiter(group) -> User:
    user = f.UserFactory(username="annan-rekryterare")
    f.assign(user, Role.RECRUITER)
    return user
