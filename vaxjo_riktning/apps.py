import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaxjoRiktningConfig(AppConfig):
    name = "vaxjo_riktning"
    verbose_name = _("The municipal group")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        # Registers the production checks (a weak SECRET_KEY stops every management command)
        # and riktning.W101 (backups kept longer than applicants' data may be).
        from vaxjo_riktning import backupcheck, checks  # noqa: F401
        from vaxjo_riktning.middleware import session_seen_at_login
        from vaxjo_riktning.signin import audit
        from vaxjo_riktning.unavailable import DatabaseAwayFilter

        # A request that met a lost database is one warning line, not an error with a stack.
        logging.getLogger("django.request").addFilter(DatabaseAwayFilter())

        # Signing in counts as activity for the session's idle timeout.
        user_logged_in.connect(session_seen_at_login, dispatch_uid="riktning_session_seen")
        # Every sign-in, and every failed one, in the log without the username (signin/audit.py).
        user_logged_in.connect(audit.signin_succeeded, dispatch_uid="riktning_signin_succeeded")
        user_login_failed.connect(audit.signin_failed, dispatch_uid="riktning_signin_failed")
