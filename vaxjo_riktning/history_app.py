"""pghistory's app config with Swedish names for the admin (installed in place of "pghistory").
In a module of its own: two configs in vaxjo_riktning/apps.py would leave Django unable to pick
the app's own."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from pghistory.apps import PGHistoryConfig


class HistoryConfig(PGHistoryConfig):
    """pghistory under a name the admin can show: its app and its one model in the admin (the
    history of every tracked change, vaxjo_riktning.admin.HistoryAdmin) were "Pghistory" and
    "Middleware events" in the Swedish interface. Installed in place of "pghistory"; the app
    label, tables and admin URLs stay pghistory's."""

    verbose_name = _("History")

    def ready(self) -> None:
        super().ready()
        from pghistory.models import MiddlewareEvents

        # A third-party model's Meta cannot be overridden, and a proxy model would move the
        # admin's URLs and need a migration: name the model here instead.
        MiddlewareEvents._meta.verbose_name = _("change")
        MiddlewareEvents._meta.verbose_name_plural = _("changes")
