from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaxjoRiktningConfig(AppConfig):
    name = "vaxjo_riktning"
    verbose_name = _("The municipal group")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # Registers the production checks (a weak SECRET_KEY stops every management command)
        # and riktning.W101 (backups kept longer than applicants' data may be).
        from vaxjo_riktning import backupcheck, checks  # noqa: F401
        from vaxjo_riktning.middleware import session_seen_at_login

        # Signing in counts as activity for the session's idle timeout.
        user_logged_in.connect(session_seen_at_login, dispatch_uid="riktning_session_seen")
