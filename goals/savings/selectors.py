"""What coordination has saved the group: the savings expected by duplicate decisions and those
realised at year-end reports, in one query."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from goals.savings.models import CoordinationSaving


@dataclass(frozen=True)
class Totals:
    decisions: int = 0
    expected_sek: int = 0
    realised: int = 0
    realised_sek: int = 0
    # Expected by the decisions whose saving has been reported: to compare like with like.
    expected_of_realised_sek: int = 0


def totals() -> Totals:
    """Every coordination saving recorded so far (one query)."""
    realised = Q(realised_sek__isnull=False)
    row = CoordinationSaving.objects.aggregate(
        n=Count("pk"),
        expected=Sum("expected_sek", default=0),
        n_realised=Count("pk", filter=realised),
        realised_total=Sum("realised_sek", default=0),
        expected_realised=Sum("expected_sek", filter=realised, default=0),
    )
    return Totals(
        decisions=row["n"],
        expected_sek=row["expected"],
        realised=row["n_realised"],
        realised_sek=row["realised_total"],
        expected_of_realised_sek=row["expected_realised"],
    )
