"""History is append-only for the app's own connection: UPDATE and DELETE on any pghistory event
table are refused by a trigger (superusers included), while tracked saves keep writing events."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import ProgrammingError, connection, transaction
from pghistory.models import Event

from tests import factories as f
from vaxjo_riktning import append_only

pytestmark = pytest.mark.django_db

UnitEvent = apps.get_model("vaxjo_riktning", "UnitEvent")


def test_every_event_table_refuses_changes():
    # A model tracked later needs append_only.protect in its migration.
    tables = {
        m._meta.db_table
        for m in apps.get_models()
        if issubclass(m, Event) and m._meta.managed and not m._meta.proxy
    }
    assert tables
    assert set(append_only.event_tables(apps)) == tables
    assert tables - append_only.protected_tables(connection) == set()


def test_a_tracked_save_still_writes_its_event():
    unit = f.UnitFactory(name="Tekniska förvaltningen")
    unit.description = "Gator och parker"
    unit.save()
    assert UnitEvent.objects.filter(pgh_obj=unit).count() == 2


def test_an_update_of_an_event_is_refused():
    unit = f.UnitFactory(name="Tekniska förvaltningen")
    event = UnitEvent.objects.get(pgh_obj=unit)
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        UnitEvent.objects.filter(pk=event.pk).update(name="Förfalskad")
    assert UnitEvent.objects.get(pk=event.pk).name == "Tekniska förvaltningen"


def test_a_delete_of_an_event_is_refused():
    unit = f.UnitFactory()
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        UnitEvent.objects.filter(pgh_obj=unit).delete()
    assert UnitEvent.objects.filter(pgh_obj=unit).exists()


def test_raw_sql_through_the_apps_connection_is_refused_too():
    f.UnitFactory()
    for sql in (
        f"UPDATE {UnitEvent._meta.db_table} SET name = 'x'",
        f"DELETE FROM {UnitEvent._meta.db_table}",
    ):
        with pytest.raises(ProgrammingError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
