"""The second factor's writes, and the administrator's two remedies: lifting a lock and
resetting a lost second factor.

A TOTP key is 20 random bytes (django-otp's default). While a person enrols, the key lives in
their session only: a device row is written once they have proved, with a code, that their app
holds the key.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import segno
from axes.utils import reset as axes_reset
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

if TYPE_CHECKING:
    from vaxjo_riktning.models import User

logger = logging.getLogger("riktning.signin")

WRONG_CODE = _(
    "That code is not right. Check that the time on your phone is correct, and enter the code "
    "your app shows now."
)
TOO_MANY_CODES = _(
    "Too many wrong codes in a row. Wait %(seconds)s seconds, then enter the code your app shows."
)
NO_DEVICE = _("You have no authenticator app set up yet.")

# The name shown in the person's authenticator app beside the code.
DEVICE_NAME = "Riktning"


def totp_key_new() -> str:
    """A fresh key for a person about to enrol, hex-encoded as django-otp stores it."""
    return default_key()


def totp_key_base32(key: str) -> str:
    """The key as an authenticator app asks for it when typed in: base32, in groups of four."""
    text = base64.b32encode(binascii.unhexlify(key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def totp_config_url(*, user: User, key: str) -> str:
    """The otpauth:// address a QR code carries, as django-otp writes it for a device."""
    return TOTPDevice(user=user, name=DEVICE_NAME, key=key).config_url


def totp_qr_svg(url: str) -> str:
    """The QR code as inline SVG, made here (segno): no image service, no script."""
    return segno.make(url, error="m").svg_inline(
        scale=4, border=2, dark="#000", light="#fff", omitsize=False
    )


def _totp_matches(key: str, token: str) -> bool:
    """A code against a key not yet stored: the time step before and after count too, as
    django-otp's device allows (its tolerance of 1)."""
    totp = TOTP(binascii.unhexlify(key), step=30, t0=0, digits=6)
    return totp.verify(int(token), tolerance=1)


@transaction.atomic
def totp_device_enrol(*, user: User, key: str, token: str) -> TOTPDevice:
    """Store the key as the person's only device once a code from it is right. A device from an
    earlier enrolment is replaced: one app per person, so a reset is one delete. Raises
    ValidationError (and stores nothing) when the code is wrong."""
    if not _totp_matches(key, token):
        raise ValidationError(WRONG_CODE, code="wrong")
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=True)
    # The enrolment code counts as used: it cannot be replayed at the next sign-in.
    device.verify_token(token)
    logger.info("Second factor enrolled for user %s.", user.pk)
    return device


def totp_device_for(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_verify(*, user: User, token: str) -> TOTPDevice:
    """The person's device, when the code is right. django-otp throttles a device after wrong
    codes (each doubles the wait) and refuses a code already used. Raises ValidationError.

    Not one transaction: a wrong code's throttle count must be saved although this raises."""
    device = totp_device_for(user)
    if device is None:
        raise ValidationError(NO_DEVICE, code="no_device")
    allowed, details = device.verify_is_allowed()
    if not allowed:
        seconds = _throttle_seconds(device, details)
        raise ValidationError(TOO_MANY_CODES, code="throttled", params={"seconds": seconds})
    if not device.verify_token(token):
        logger.warning("Wrong one-time code for user %s.", user.pk)
        raise ValidationError(WRONG_CODE, code="wrong")
    return device


def _throttle_seconds(device: TOTPDevice, details: dict[str, Any] | None) -> int:
    locked_until = (details or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1)


@transaction.atomic
def second_factor_reset(*, users: Iterable[User], by: User) -> int:
    """Forget the users' authenticator apps (a lost phone): they enrol a new one at their next
    sign-in. Returns how many were removed."""
    users = list(users)
    count, _ = TOTPDevice.objects.filter(user__in=users).delete()
    for user in users:
        logger.warning("Second factor reset for user %s by user %s.", user.pk, by.pk)
    return count


def signin_unlock(*, users: Iterable[User], by: User) -> int:
    """Lift every lock on the users' usernames, from every address. Returns how many locked or
    counting records were removed."""
    count = 0
    for user in users:
        count += axes_reset(username=user.get_username())
        logger.warning("Sign-in unlocked for user %s by user %s.", user.pk, by.pk)
    return count


@transaction.atomic
def directory_roles_apply(*, user: User, groups: Iterable[str]) -> None:
    """Makes the user's roles from the directory equal what their groups map to now: a mapped
    role they lack is given (marked as from the directory), a role from the directory that no
    group gives any more is taken away. Roles given by hand are left alone, and a role the user
    already holds by hand is not given a second time (the unique constraint forbids it, and
    losing the group must not take away what an administrator gave)."""
    from vaxjo_riktning.models import GroupRoleMapping, RoleAssignment

    wanted = {
        (m.role, m.unit_id, m.process_area_id)
        for m in GroupRoleMapping.objects.filter(group_id__in=set(groups))
    }
    held = {
        (a.role, a.unit_id, a.process_area_id): a
        for a in RoleAssignment.objects.select_for_update().filter(user=user)
    }
    for key, assignment in held.items():
        if assignment.from_directory and key not in wanted:
            assignment.delete()
    for role, unit_id, area_id in wanted - held.keys():
        RoleAssignment.objects.create(
            user=user, role=role, unit_id=unit_id, process_area_id=area_id, from_directory=True
        )
    # user.assignments is read once per request: the next request reads the new roles.
    user.__dict__.pop("assignments", None)
