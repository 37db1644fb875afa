"""Fit the overlap finder's weights on the tuning part of the evaluation set."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from goals.overlap import fitting
from goals.overlap.meaning import Vocabulary, write_term_keys
from goals.overlap.vocabulary import read_file


class Command(BaseCommand):
    help = (
        "Fit the weights that combine overlap evidence (goals/overlap/evidence.py) on the tuning "
        "part of tests/goals/data/overlap_eval/, with the shipped vocabulary, and write them to "
        "goals/overlap/data/weights.json, with the shipped terms' analysis in term_keys.json. "
        "The test part is never read."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print, do not write.")

    def handle(self, *args, dry_run: bool, **options):
        shipped = read_file()
        if not dry_run:
            count = write_term_keys(term for _field, terms in shipped for term in terms)
            self.stdout.write(f"{count} terms analysed into goals/overlap/data/term_keys.json.")
        groups = [(n, field, terms) for n, (field, terms) in enumerate(shipped)]
        vocabulary = Vocabulary.build(groups)
        model, figures = fitting.fit(vocabulary)
        self.stdout.write(f"weights: {model.weights}")
        self.stdout.write(
            f"bias {model.bias}, threshold {model.threshold}, scan {model.scan_threshold}"
        )
        self.stdout.write(f"tuning part: {figures}")
        old = fitting.measure(model, "old", vocabulary)
        self.stdout.write(f"first engine's set (regression): {old}")
        if not dry_run:
            fitting.save(model, figures)
            self.stdout.write("Written to goals/overlap/data/weights.json.")
