"""Print the activities most alike a text, as the activity form suggests them while typing."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from goals.overlap.reasons import sentence
from goals.overlap.search import similar_activities
from vaxjo_riktning.models import Unit


class Command(BaseCommand):
    help = (
        "Print the active activities most alike TEXT, with their similarity score (0 to 1). "
        "With --unit, that unit's own activities are left out, as for an editor of the unit."
    )

    def add_arguments(self, parser):
        parser.add_argument("text", help="A title, optionally followed by a description.")
        parser.add_argument("--description", default="", help="A description to add.")
        parser.add_argument("--unit", help="The slug of the unit searching (left out).")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="Print a JSON list.")

    def handle(self, *args, text, description, unit, limit, json: bool, **options):
        searching_unit = None
        if unit:
            searching_unit = Unit.objects.filter(slug=unit).first()
            if searching_unit is None:
                raise CommandError(f"No unit with the slug {unit!r}.")
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        try:
            matches = similar_activities(
                title=text, description=description, unit=searching_unit, limit=limit
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if json:
            self.stdout.write(_json(matches))
            return
        if not matches:
            self.stdout.write("No similar activities.")
            return
        self.stdout.write(f"{'score':>5}  {'unit':<30}  {'title':<60}  id")
        for match in matches:
            activity = match.activity
            self.stdout.write(
                f"{match.score:5.2f}  {activity.owner_unit.display_name[:30]:<30}  "
                f"{activity.title[:60]:<60}  {activity.pk}"
            )


def _json(matches) -> str:
    return json.dumps(
        [
            {
                "id": m.activity.pk,
                "title": m.activity.title,
                "unit": m.activity.owner_unit.slug,
                "score": m.score,
                "text_score": m.text_score,
                "reason": sentence(m.reasons),
            }
            for m in matches
        ],
        ensure_ascii=False,
        indent=2,
    )
