"""What overlap finding keeps of its own: the vocabulary that administrators own, each
activity's analysed text and how many activities use each word. Imported by goals.models, so
these are the goals app's models."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
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


class OverlapDocument(models.Model):
    """An activity's title and description as overlap finding reads them: each word's base form,
    compound parts and whether it names a place (goals/overlap/text.py), and the keys the live
    search finds it by. Written when the activity is saved or imported; the scan redoes any whose
    text changed by other means (the fingerprint)."""

    activity = models.OneToOneField(
        "goals.Activity",
        verbose_name=_("activity"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="overlap_document",
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=32)
    title_words = models.JSONField(_("title words"), default=list)
    text_words = models.JSONField(_("text words"), default=list)
    keys = ArrayField(models.CharField(max_length=100), verbose_name=_("keys"), default=list)
    analysed_at = models.DateTimeField(_("analysed at"), default=timezone.now)

    class Meta:
        verbose_name = _("analysed text")
        verbose_name_plural = _("analysed texts")
        triggers = [
            # The postings follow the keys whoever writes them (a save, an import, the scan's
            # bulk upserts), so the two can never disagree.
            pgtrigger.Trigger(
                name="overlap_postings_follow_keys",
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.After,
                func="""
                IF TG_OP = 'UPDATE' AND OLD.keys IS NOT DISTINCT FROM NEW.keys THEN
                    RETURN NULL;
                END IF;
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    DELETE FROM goals_overlapposting WHERE activity_id = OLD.activity_id;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO goals_overlapposting (key, activity_id)
                    SELECT DISTINCT k, NEW.activity_id FROM unnest(NEW.keys) AS k;
                END IF;
                RETURN NULL;
                """,
            )
        ]

    def __str__(self) -> str:
        return str(self.activity_id)


class OverlapPosting(models.Model):
    """One key of one analysed text (OverlapDocument.keys, one row each), written by a trigger
    on the documents. The live search's words channel reads the activities that share a rare
    word here, from the (key, activity) key alone, instead of opening every such document."""

    pk = models.CompositePrimaryKey("key", "activity")
    key = models.CharField(_("key"), max_length=100)
    activity = models.ForeignKey(
        "goals.Activity", verbose_name=_("activity"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("word of an analysed text")
        verbose_name_plural = _("words of analysed texts")

    def __str__(self) -> str:
        return f"{self.key}: {self.activity_id}"


class OverlapWord(models.Model):
    """One word form as Debian's Swedish dictionary analyses it (goals/overlap/text.py): kept
    so that a process that has not met the word needs no dictionary lookup (a few milliseconds a
    word, and a second and 120 MB to load the dictionary at all). `analyser` is the analysis's
    version: a row of another version is analysed again."""

    form = models.CharField(_("word form"), max_length=100, primary_key=True)
    lemma = models.CharField(_("base form"), max_length=100)
    parts = ArrayField(models.CharField(max_length=100), verbose_name=_("parts"), default=list)
    place = models.BooleanField(_("place name"), default=False)
    known = models.BooleanField(_("in the dictionary"), default=True)
    analyser = models.CharField(_("analysed by"), max_length=8)

    class Meta:
        verbose_name = _("analysed word")
        verbose_name_plural = _("analysed words")

    def __str__(self) -> str:
        return self.form


class OverlapTerm(models.Model):
    """How many activities use a word (or a compound part, or a place): rare words weigh more."""

    key = models.CharField(_("key"), max_length=100, primary_key=True)
    documents = models.PositiveIntegerField(_("activities"), default=0)

    class Meta:
        verbose_name = _("word frequency")
        verbose_name_plural = _("word frequencies")

    def __str__(self) -> str:
        return f"{self.key}: {self.documents}"


class LearnedLink(models.Model):
    """Two words a decision taught to mean the same work in this group: a pair decided duplicate
    or related links their distinctive words, a pair decided not alike weakens the links that
    brought it. Used like a vocabulary group of two while its weight is above zero."""

    word_a = models.CharField(_("first word"), max_length=100)
    word_b = models.CharField(_("second word"), max_length=100)
    weight = models.FloatField(_("weight"), default=0)
    decisions = models.PositiveIntegerField(_("decisions"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("learned word pair")
        verbose_name_plural = _("learned word pairs")
        constraints = [
            models.UniqueConstraint(fields=["word_a", "word_b"], name="learned_link_once"),
            models.CheckConstraint(
                condition=models.Q(word_a__lt=models.F("word_b")), name="learned_link_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.word_a} ≈ {self.word_b} ({self.weight:+.1f})"
