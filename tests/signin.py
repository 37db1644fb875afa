"""Passing the second factor in tests: a code computed from the device's key, as the person's
authenticator app would, and a session that has passed it for tests that only need an
administrator signed in (client.force_login in tests/conftest.py uses it)."""

from __future__ import annotations

import binascii
import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from vaxjo_riktning.models import User


def totp_device(user: User) -> TOTPDevice:
    """The user's authenticator app, set up as enrolment would leave it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Riktning", confirmed=True)


def totp_code(device: TOTPDevice, *, key: str | None = None) -> str:
    """The code the app shows now, or in the next time step when the current one's code was
    used already: django-otp refuses a code twice, and accepts the next step's (its tolerance)."""
    if key is None:
        device.refresh_from_db()
    totp = TOTP(
        binascii.unhexlify(key or device.key), device.step, device.t0, device.digits, device.drift
    )
    totp.time = time.time()
    if key is None and totp.t() <= device.last_t:
        totp.time += device.step
    return f"{totp.token():06d}"


def pass_second_factor(client: Client, user: User) -> None:
    """Mark the client's session as having passed the second factor with the user's device, as
    the code's page does after a right code."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()


def enter_code_in_browser(page, user: User) -> None:
    """In a browser on the one-time code's page: type the code the user's app shows now."""
    page.fill("#id_otp_token", totp_code(totp_device(user)))
    page.click("main [type=submit]")
