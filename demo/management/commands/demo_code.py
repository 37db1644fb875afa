"""`manage.py demo_code`: the demo administrator's one-time code of the moment, for trying the
demo without an authenticator app."""

from __future__ import annotations

import binascii
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.data import users as demo_users


class Command(BaseCommand):
    help = (
        "Print the one-time code the demo administrator (admin) enters after the password, as "
        "an authenticator app with the demo key would show it now. Only for the published demo "
        "key that seed_demo gives admin: a real administrator's key is never printed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        device = TOTPDevice.objects.filter(
            user__username="admin", key=demo_users.ADMIN_TOTP_KEY, confirmed=True
        ).first()
        if device is None:
            raise CommandError("admin has no demo key: run `manage.py seed_demo` first.")
        totp = TOTP(binascii.unhexlify(device.key), device.step, device.t0, device.digits)
        seconds = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(f"{totp.token():06d}  (valid for {seconds} more seconds)")
