"""import_kolada: read indicator values from Kolada (beat: import-kolada-monthly)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from goals.kolada import import_kolada
from goals.models import Indicator


class Command(BaseCommand):
    help = (
        "Import the yearly values of every indicator that has a Kolada KPI id, for the "
        "municipality in KOLADA_MUNICIPALITY, from KOLADA_BASE_URL. Idempotent: a second run "
        "writes nothing new. A year Kolada marks missing stays missing (never 0). An indicator "
        "whose answer is malformed, cut off or unknown to Kolada is reported and left unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kpi", help="Only indicators with this Kolada KPI id.")
        parser.add_argument("--municipality", help="Municipality code (default: the setting).")
        parser.add_argument("--years", type=int, help="How many years back (default: setting).")

    def handle(self, *args, **options):
        indicators = Indicator.objects.exclude(kolada_kpi="").order_by("pk")
        if options["kpi"]:
            indicators = indicators.filter(kolada_kpi=options["kpi"])
        summary = import_kolada(
            indicators=indicators,
            municipality=options["municipality"],
            years=options["years"],
        )
        municipality = options["municipality"] or settings.KOLADA_MUNICIPALITY
        for result in summary.results:
            label = f"{result.indicator.kolada_kpi} {result.indicator.name}"
            if result.error:
                self.stderr.write(
                    _("%(indicator)s: nothing saved. %(error)s")
                    % {"indicator": label, "error": result.error}
                )
            else:
                self.stdout.write(
                    _(
                        "%(indicator)s: %(written)s written, %(unchanged)s unchanged, "
                        "%(missing)s missing in Kolada"
                    )
                    % {
                        "indicator": label,
                        "written": result.written,
                        "unchanged": result.unchanged,
                        "missing": result.missing,
                    }
                )
        ok = len(summary.results) - len(summary.failed)
        self.stdout.write(
            _(
                "Kolada, municipality %(municipality)s: %(ok)s indicators imported, "
                "%(failed)s failed."
            )
            % {"municipality": municipality, "ok": ok, "failed": len(summary.failed)}
        )
