"""A duplicate the chief executive has decided, with its coordination saving (goals/savings/).

Two units were building an intranet each; the group's new intranet serves Växjö Energi too. The
saving waits for the reporting unit's year-end report (helår 2026), which asks what it realised.
Found by the two activities' titles and units; the demo decides the pair only while it is open,
so a decision someone made in the demo is kept.
"""

from __future__ import annotations

from typing import NamedTuple


class DemoSaving(NamedTuple):
    unit_a: str
    title_a: str
    unit_b: str
    title_b: str
    note: str
    expected_sek: int
    reporting_unit: str  # the administration or company whose year-end report gives the result


SAVINGS: list[DemoSaving] = [
    DemoSaving(
        unit_a="utvecklingsenheten",
        title_a="Nytt intranät för koncernen",
        unit_b="vaxjo-energi",
        title_b="Nytt intranät för Växjö Energi",
        note=(
            "Växjö Energi går in i koncernens nya intranät i stället för att upphandla ett eget. "
            "Bolaget blir samverkande enhet och betalar sin del av driften."
        ),
        expected_sek=450_000,
        reporting_unit="kommunledningsforvaltningen",
    ),
]
