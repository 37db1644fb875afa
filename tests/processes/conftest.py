"""A small group for the process tests: two processes in two areas, two top-level units with
owners and editors."""

from __future__ import annotations

import pytest

from processes.models import Implementation, Stage
from tests import factories as f
from vaxjo_riktning.models import Role


@pytest.fixture
def finance(group):
    area = f.ProcessAreaFactory(name="Ekonomi", slug="ekonomi", sort_order=1)
    return f.ProcessFactory(area=area, name="Finans", slug="finans")


@pytest.fixture
def finance_owner(finance):
    user = f.UserFactory(username="processagare-ekonomi")
    f.assign(user, Role.PROCESS_OWNER, area=finance.area)
    return user


@pytest.fixture
def department_editor(group):
    user = f.UserFactory(username="redaktor-avdelning")
    f.assign(user, Role.UNIT_EDITOR, unit=group.department)
    return user


@pytest.fixture
def cell(group) -> Implementation:
    """Recruitment in the administration: introduced, at version 1."""
    return Implementation.objects.create(
        process=group.recruitment_process,
        unit=group.administration,
        stage=Stage.INTRODUCED,
        contact="HR-chef, Utbildning",
        note="Infört i ledningsgruppen.",
    )
