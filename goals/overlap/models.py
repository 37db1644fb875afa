"""What overlap finding keeps of its own: the vocabulary that administrators own. Imported by
goals.models, so these are the goals app's models."""

from __future__ import annotations

import pghistory
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

TERM_EMPTY = _("Write at least two terms, one a line.")
TERM_REPEATED = _("“%(term)s” is written twice.")
TERM_STOP_WORD = _(
    "“%(term)s” is a stop word or a generic word (such as “utveckling” or “projekt”): it would "
    "join almost every text."
)
TERM_TAKEN = _("“%(term)s” is already in the word group “%(group)s”.")
TERM_TOO_COMMON = _(
    "“%(term)s” occurs in %(share)s %% of all activities: it would join almost every text."
)
# A term found in more than this share of active activities says nothing about the work.
TOO_COMMON_SHARE = 0.10


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="VocabularyGroupEvent",
)
class VocabularyGroup(models.Model):
    """Words that mean the same work in this group's plans ("feriearbete", "sommarjobb"): two
    activities that each use one of them are compared as if they used the same word."""

    field = models.CharField(
        _("field"), max_length=100, blank=True, help_text=_("Such as “äldreomsorg” or “IT”.")
    )
    terms = models.TextField(
        _("terms"),
        help_text=_(
            "One term a line, in its base form (“simhall”, not “simhallen”); a term may be "
            "several words (“stöd i hemmet”)."
        ),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("word group")
        verbose_name_plural = _("word groups (vocabulary)")
        ordering = ["field", "pk"]

    def __str__(self) -> str:
        return " | ".join(self.term_list()[:4])

    def term_list(self) -> list[str]:
        return [t.strip().lower() for t in self.terms.splitlines() if t.strip()]

    def clean(self) -> None:
        from goals.overlap import vocabulary

        errors = vocabulary.term_errors(self)
        if errors:
            raise ValidationError({"terms": errors})
