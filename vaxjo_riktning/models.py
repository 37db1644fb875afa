"""The municipal group: its units, the people who use Riktning, and the roles they hold."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pghistory
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CHIEF_EXECUTIVE = "chief_executive", _("Chief executive")
    PROCESS_OWNER = "process_owner", _("Process owner")
    UNIT_EDITOR = "unit_editor", _("Unit editor")
    READER = "reader", _("Reader")
    RECRUITER = "recruiter", _("Recruiter")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
    """A person who signs in to Riktning; what they may do comes from their role assignments."""

    title = models.CharField(_("title"), max_length=200, blank=True)
    # The directory's stable id for the person (Entra's "oid", another provider's "sub"): names
    # and e-mail addresses change and are reused, this does not. Empty for local accounts.
    external_id = models.CharField(
        _("directory id"), max_length=255, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        """How a person is named on every page: the full name, the username only without one."""
        return self.get_full_name() or self.username

    @property
    def name_with_title(self) -> str:
        """The name and, after a comma, the title, as Swedish writes it: "Anna Berg,
        förvaltningschef". Where space allows; the template filter ``person`` shows this.

        The title's first letter goes to lower case unless the next one is a capital too (an
        abbreviation such as "HR-specialist" stays as written). A title the name already says (a
        demo holder named by post, "Förvaltningschef, Utbildningsförvaltningen") is not repeated.
        """
        name = str(self)
        title = self.title.strip()
        if not title or title.casefold() in name.casefold():
            return name
        if title[:1].isupper() and not title[1:2].isupper():
            title = title[:1].lower() + title[1:]
        return f"{name}, {title}"

    @cached_property
    def assignments(self) -> list[RoleAssignment]:
        """The user's role assignments, read once per request."""
        return list(self.role_assignments.all())

    def has_role(self, role: Role) -> bool:
        return any(a.role == role for a in self.assignments)

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.has_role(Role.ADMINISTRATOR)

    @property
    def is_chief_executive(self) -> bool:
        return self.has_role(Role.CHIEF_EXECUTIVE)

    @property
    def role_labels(self) -> list[str]:
        return sorted({str(a.get_role_display()) for a in self.assignments})


class UnitQuerySet(models.QuerySet):
    def top_level(self) -> UnitQuerySet:
        """The units that are rows on the overview: the administrations and the companies."""
        return self.filter(kind__in=Unit.TOP_LEVEL_KINDS)


# top_unit is derived from the tree by save(); moving a unit shows as its parent's change.
@pghistory.track(
    pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), exclude=["top_unit"]
)
class Unit(models.Model):
    """A part of the municipal group: the group, the municipality, an administration, a company
    or a department under one of them."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Municipal group")
        MUNICIPALITY = "municipality", _("Municipality")
        ADMINISTRATION = "administration", _("Administration")
        PARENT_COMPANY = "parent_company", _("Parent company")
        COMPANY = "company", _("Company")
        DEPARTMENT = "department", _("Department")

    TOP_LEVEL_KINDS = (Kind.ADMINISTRATION, Kind.PARENT_COMPANY, Kind.COMPANY)
    COMPANY_KINDS = (Kind.PARENT_COMPANY, Kind.COMPANY)

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_("Used where space is tight, such as the overview's rows."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Derived by save(): the administration or company this unit belongs to (itself for those).
    # The overview counts every department's activities in its top unit's row with one query.
    top_unit = models.ForeignKey(
        "self",
        verbose_name=_("top unit"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    board = models.CharField(
        _("board"),
        max_length=200,
        blank=True,
        help_text=_("The political board (nämnd) or company board the unit answers to."),
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="unit_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        Unit.rebuild_top_units()
        self.top_unit_id = Unit.objects.values_list("top_unit_id", flat=True).get(pk=self.pk)

    def get_absolute_url(self) -> str:
        return reverse("unit_detail", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_company(self) -> bool:
        return self.kind in self.COMPANY_KINDS

    @classmethod
    def rebuild_top_units(cls) -> int:
        """Recompute every unit's top unit from the tree; returns how many changed.

        The group has a few hundred units at most, so reading the whole tree is cheap and keeps
        the rule in one place whatever was moved.
        """
        units = {u.pk: u for u in cls.objects.only("pk", "kind", "parent_id", "top_unit_id")}
        changed = []
        for unit in units.values():
            top = unit
            seen = set()
            while top.kind not in cls.TOP_LEVEL_KINDS and top.parent_id in units:
                if top.pk in seen:  # a cycle made in the admin; leave the unit on its own
                    top = unit
                    break
                seen.add(top.pk)
                top = units[top.parent_id]
            top_id = top.pk if top.kind in cls.TOP_LEVEL_KINDS else unit.pk
            if unit.top_unit_id != top_id:
                unit.top_unit_id = top_id
                changed.append(unit)
        cls.objects.bulk_update(changed, ["top_unit"])
        return len(changed)

    @staticmethod
    def subtree_ids(
        root_ids: Iterable[int], *, tree: Iterable[tuple[int, int | None]] | None = None
    ) -> set[int]:
        """The given units and every unit below them. ``tree`` is every unit's (pk, parent_id)
        when the caller has read them already; else one query reads them."""
        children: dict[int | None, list[int]] = {}
        if tree is None:
            tree = Unit.objects.values_list("pk", "parent_id")
        for pk, parent_id in tree:
            children.setdefault(parent_id, []).append(pk)
        result: set[int] = set()
        stack = list(root_ids)
        while stack:
            pk = stack.pop()
            if pk not in result:
                result.add(pk)
                stack.extend(children.get(pk, []))
        return result


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RoleAssignment(models.Model):
    """A role a user holds: a unit editor for a unit, a process owner for a process area, or a
    group-wide role (chief executive, reader, recruiter, administrator)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text=_("For unit editors: the unit, and with it every department below it."),
    )
    process_area = models.ForeignKey(
        "processes.ProcessArea",
        verbose_name=_("process area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text=_("For process owners: the process area they own."),
    )
    # Given by a group mapping at sign-in with the municipal account, and taken away by the next
    # sign-in once the group no longer gives it. Roles given by hand (False) are never touched.
    from_directory = models.BooleanField(_("from the directory"), default=False, editable=False)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.UNIT_EDITOR) | models.Q(unit__isnull=False),
                name="unit_editor_has_unit",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.PROCESS_OWNER) | models.Q(process_area__isnull=False),
                name="process_owner_has_area",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit", "process_area"],
                nulls_distinct=False,
                name="role_assignment_unique",
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit or self.process_area
        return f"{self.user}: {self.get_role_display()}" + (f" ({scope})" if scope else "")


# Roles that are scoped, and to what: the rules RoleAssignment's constraints hold, for mappings.
UNIT_REQUIRED = _("A unit editor needs a unit.")
UNIT_FORBIDDEN = _("Only unit editors have a unit.")
AREA_REQUIRED = _("A process owner needs a process area.")
AREA_FORBIDDEN = _("Only process owners have a process area.")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class GroupRoleMapping(models.Model):
    """A directory group that gives its members a role (and its unit or process area) at every
    sign-in with the municipal account."""

    group_id = models.CharField(
        _("directory group id"),
        max_length=255,
        help_text=_(
            "The group's id as the provider sends it in the groups claim (in Entra ID, "
            "the group's object id)."
        ),
    )
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("The group's name, for people.")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="group_role_mappings",
    )
    process_area = models.ForeignKey(
        "processes.ProcessArea",
        verbose_name=_("process area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="group_role_mappings",
    )

    class Meta:
        verbose_name = _("group role mapping")
        verbose_name_plural = _("group role mappings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role=Role.UNIT_EDITOR, unit__isnull=False)
                | (~models.Q(role=Role.UNIT_EDITOR) & models.Q(unit__isnull=True)),
                name="mapping_unit_only_for_unit_editor",
            ),
            models.CheckConstraint(
                condition=models.Q(role=Role.PROCESS_OWNER, process_area__isnull=False)
                | (~models.Q(role=Role.PROCESS_OWNER) & models.Q(process_area__isnull=True)),
                name="mapping_area_only_for_process_owner",
            ),
            models.UniqueConstraint(
                fields=["group_id", "role", "unit", "process_area"],
                nulls_distinct=False,
                name="group_role_mapping_unique",
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit or self.process_area
        group = self.label or self.group_id
        return f"{group}: {self.get_role_display()}" + (f" ({scope})" if scope else "")

    def clean(self) -> None:
        """The scope's rules, each beside its field in the admin."""
        errors: dict[str, object] = {}
        if self.role == Role.UNIT_EDITOR and self.unit_id is None:
            errors["unit"] = UNIT_REQUIRED
        if self.role != Role.UNIT_EDITOR and self.unit_id is not None:
            errors["unit"] = UNIT_FORBIDDEN
        if self.role == Role.PROCESS_OWNER and self.process_area_id is None:
            errors["process_area"] = AREA_REQUIRED
        if self.role != Role.PROCESS_OWNER and self.process_area_id is not None:
            errors["process_area"] = AREA_FORBIDDEN
        if errors:
            raise ValidationError(errors)


class OutboxTask(models.Model):
    """Work that a committed change asked for (a scan, a mail, a report, a refresh), kept in
    PostgreSQL in the same transaction as the change, so that it is never lost while Redis (the
    broker) is away. vaxjo_riktning.outbox hands it to Celery and runs it exactly once.

    Not a public record: rows that are done are removed after a week (outbox.prune)."""

    task = models.CharField(_("task"), max_length=200)
    # Ids only, never what a person typed: the args are shown in the admin and logged on failure.
    args = models.JSONField(_("arguments"), default=list, blank=True)
    # Two pending tasks with the same key are one (the overview's refresh after many saves).
    key = models.CharField(_("key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When it was last handed to the broker, and how often: a message that Redis lost (a
    # restart without persistence, a worker killed mid-task) is handed again after a while.
    handed_at = models.DateTimeField(_("handed to the broker at"), null=True, blank=True)
    handed_count = models.PositiveIntegerField(_("times handed over"), default=0)
    started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("runs started"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(done_at__isnull=True),
                name="outbox_pending",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(done_at__isnull=True, started_at__isnull=True)
                & ~models.Q(key=""),
                name="outbox_one_pending_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"


class SentMail(models.Model):
    """A mail that has left, by the key of what it was about: sending the same key twice sends
    once (vaxjo_riktning.mail.send_once), however often a task is delivered."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mails")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.key


# What the statement says until an administrator has reviewed it: the shortcomings known when it
# was written (issue 15; every page reflows at 320 px, tests/browser/test_reflow.py), in both
# languages. One shortcoming a line.
KNOWN_SHORTCOMINGS_SV = (
    "Uppföljningsrapporten som PDF-fil är inte kontrollerad mot kraven på tillgängliga dokument "
    "(PDF/UA). Ta rapporten i Excel-format, eller kontakta oss om du behöver den i ett annat "
    "format.\n"
    "I äldre webbläsare är filtren ovanför listorna ihopfällda även på en bred skärm: de öppnas "
    "med ett klick på Filter."
)
KNOWN_SHORTCOMINGS_EN = (
    "The follow-up report as a PDF file has not been checked against the requirements for "
    "accessible documents (PDF/UA). Take the report as Excel, or contact us if you need it in "
    "another format.\n"
    "In older browsers the filters above the lists are folded on a wide screen too: they open "
    "with a click on Filters."
)
# When the statement was first written: the date it shows until an administrator reviews it.
STATEMENT_WRITTEN = date(2026, 12, 7)


def statement_written() -> date:
    """The default of last_reviewed: a function, so Django does not take the fixed date for a
    mistaken "today" (fields.W161)."""
    return STATEMENT_WRITTEN


STATEMENT_ROW = 1


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AccessibilityStatement(models.Model):
    """The accessibility statement's variable parts (DIGG's model): one row, edited in the admin.

    The law (DOS-lagen) asks a public body to publish it; the page is public. When the row does
    not exist yet the page shows the defaults below, so it never fails."""

    id = models.PositiveSmallIntegerField(
        _("ID"), primary_key=True, default=STATEMENT_ROW, editable=False
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        default="Växjö kommun",
        help_text=_("The public body responsible for Riktning, as the statement names it."),
    )
    contact_email = models.EmailField(
        _("e-mail for reporting problems"),
        blank=True,
        help_text=_("Where people report an accessibility problem or ask for content."),
    )
    contact_phone = models.CharField(_("phone for reporting problems"), max_length=40, blank=True)
    report_form_url = models.URLField(
        _("form for reporting problems"),
        blank=True,
        help_text=_("A web form for reporting problems, if there is one; else the e-mail above."),
    )
    response_days = models.PositiveSmallIntegerField(
        _("answer within (working days)"),
        default=10,
        help_text=_("How soon someone who reports a problem can expect an answer."),
    )
    shortcomings_sv = models.TextField(
        _("known shortcomings, in Swedish"),
        default=KNOWN_SHORTCOMINGS_SV,
        blank=True,
        help_text=_("One shortcoming a line; each line is shown as a paragraph."),
    )
    shortcomings_en = models.TextField(
        _("known shortcomings, in English"),
        default=KNOWN_SHORTCOMINGS_EN,
        blank=True,
        help_text=_("One shortcoming a line; each line is shown as a paragraph."),
    )
    last_reviewed = models.DateField(_("last reviewed"), default=statement_written)

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statement")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=STATEMENT_ROW), name="accessibility_statement_one_row"
            )
        ]

    def __str__(self) -> str:
        return str(_("Accessibility statement"))

    @classmethod
    def current(cls) -> AccessibilityStatement:
        """The statement as the administrators left it, or the defaults (unsaved) if they never
        edited it."""
        return cls.objects.filter(pk=STATEMENT_ROW).first() or cls()

    def shortcomings(self, language: str) -> list[str]:
        """The known shortcomings in the language, one a line, blank lines left out."""
        text = self.shortcomings_en if language == "en" else self.shortcomings_sv
        return [line.strip() for line in text.splitlines() if line.strip()]
