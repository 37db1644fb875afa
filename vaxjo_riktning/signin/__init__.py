"""Signing in: the lockout after repeated wrong passwords (django-axes), and the second factor
(TOTP, django-otp) that administrators and staff pass after their password and enrol on their
first sign-in. Settings: "Sign-in: lockout and second factor" in vaxjo_riktning/settings.py;
for operators: docs/operations.md, "Sign-in"."""
