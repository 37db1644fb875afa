"""Fill the database with a synthetic municipal group of the size of Sweden's largest, for
`manage.py benchmark`.

    python manage.py generate_group --units 150 --goals 500 --activities 100000 \
        [--years 10] [--seed 1] [--planted-duplicates 500] [--conflicts N] [--reset] [--force]

Refuses to write into a database that holds other data (the Växjö demo, real units) unless
--force, because the overview and every list would then mix the two; refuses to generate a second
synthetic group beside the first unless --reset, which deletes the synthetic rows first (units
whose slug starts with "syntetisk-" and everything that belongs to them, nothing else).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pghistory
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from demo.synthetic import generator as g


class Command(BaseCommand):
    help = (
        "Generate a synthetic municipal group (units, goals, indicators with yearly values, "
        "activities with realistic Swedish text and planted duplicates) for benchmarks."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--units", type=int, default=150)
        parser.add_argument("--goals", type=int, default=500)
        parser.add_argument("--activities", type=int, default=100_000)
        parser.add_argument("--years", type=int, default=10, help="Years of measurements.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--followup-years",
            type=int,
            default=1,
            help="Years of reporting periods with status reports and assessments, reported in "
            "full and closed, plus the next year's delår 1 open and partly reported (0: none). "
            "Each year is about three status reports per running activity.",
        )
        parser.add_argument(
            "--planted-duplicates",
            type=int,
            default=500,
            help="Pairs of activities in different units that say the same thing in other words.",
        )
        parser.add_argument(
            "--conflicts",
            type=int,
            default=None,
            help="Goal conflicts raised between units (default: one per 250 activities); most "
            "open, a few overdue, the rest decided with each outcome or withdrawn.",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete a synthetic group generated before."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Generate even though the database holds other (demo or real) data.",
        )
        parser.add_argument(
            "--planted-file",
            type=Path,
            default=None,
            help="Where to write the planted pairs (.benchmark/<database>/planted_pairs.json).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("generate_group needs PostgreSQL.")
        started = time.monotonic()
        if g.has_synthetic_data():
            if not options["reset"]:
                raise CommandError(
                    "A synthetic group is already in this database: add --reset to replace it."
                )
            reset_started = time.monotonic()
            deleted = g.delete_synthetic()
            summary = ", ".join(f"{n} {label}" for label, n in deleted.items() if n)
            self.stdout.write(
                f"Deleted the previous synthetic group ({summary}) in "
                f"{time.monotonic() - reset_started:.1f} s."
            )
        other = g.other_data_counts()
        if (other["units"] or other["activities"]) and not options["force"]:
            raise CommandError(
                f"This database holds other data ({other['units']} units, {other['activities']} "
                "activities, such as the Växjö demo): generate into an empty database, or add "
                "--force to put the synthetic group beside it."
            )

        self.stdout.write(
            f"Generating {options['units']} units, {options['goals']} goals and "
            f"{options['activities']} activities (seed {options['seed']}):"
        )
        try:
            generator = g.Generator(
                units=options["units"],
                goals=options["goals"],
                activities=options["activities"],
                years=options["years"],
                seed=options["seed"],
                planted=options["planted_duplicates"],
                followup_years=options["followup_years"],
                conflicts=options["conflicts"],
                log=self.stdout.write,
            )
            with transaction.atomic(), pghistory.context(source="generate_group"):
                result = generator.run()
        except g.SyntheticDataError as error:
            raise CommandError(str(error)) from error
        analyze_started = time.monotonic()
        with connection.cursor() as cursor:
            # Fresh statistics, as autovacuum would give them a little later: plans made
            # against empty-table estimates would make the first benchmark misleading.
            cursor.execute("ANALYZE")
        self.stdout.write(f"  {'analyze':<16} {time.monotonic() - analyze_started:>7.1f} s")

        path = options["planted_file"] or g.default_planted_file()
        g.write_planted(path, result, seed=options["seed"])
        for label, n in result.counts.items():
            self.stdout.write(f"  {label:<28} {n:>8}")
        self.stdout.write(f"  planted pairs written to {path}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
