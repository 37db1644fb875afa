"""Conflicts in the admin: read, never added or deleted there, withdrawn with a reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from goals.conflicts.models import Conflict
from tests import factories as f
from vaxjo_riktning.admin import WITHDRAWAL_NEEDS_REASON

pytestmark = pytest.mark.django_db


@pytest.fixture
def conflict(world, editor) -> Conflict:
    return f.ConflictFactory(activity=world.company_activity, goal=world.admin_goal)


def change_url(conflict: Conflict) -> str:
    return reverse("admin:goals_conflict_change", args=[conflict.pk])


def test_an_administrator_reads_it_but_adds_and_deletes_none(client, administrator, conflict):
    client.force_login(administrator)
    page = client.get(change_url(conflict)).content.decode()
    assert "Aktiviteten motverkar vårt mål." in page
    assert 'name="reason"' not in page  # read-only
    assert client.get(reverse("admin:goals_conflict_add")).status_code == 403
    delete = reverse("admin:goals_conflict_delete", args=[conflict.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Conflict.objects.filter(pk=conflict.pk).exists()


def test_a_withdrawal_in_the_admin_needs_a_reason_and_records_who(client, administrator, conflict):
    client.force_login(administrator)
    response = client.post(
        change_url(conflict),
        {"withdrawn_at_0": "2026-12-01", "withdrawn_at_1": "12:00:00", "withdrawn_reason": " "},
    )
    assert str(WITHDRAWAL_NEEDS_REASON) in response.content.decode()
    conflict.refresh_from_db()
    assert not conflict.is_withdrawn
    client.post(
        change_url(conflict),
        {"withdrawn_at_0": "", "withdrawn_at_1": "", "withdrawn_reason": "Dubblett"},
    )
    conflict.refresh_from_db()
    assert conflict.is_withdrawn and conflict.withdrawn_by == administrator
    # The rest stays as raised.
    assert conflict.reason == "Aktiviteten motverkar vårt mål."
