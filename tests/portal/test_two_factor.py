import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"


def _login(client, username, password="demo12345", **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def test_the_provincial_office_turns_two_step_login_on_and_needs_the_code(client_for, users, client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code; not what is tested here
    office = client_for(users.office)
    page = office.get(reverse("two_factor"))
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=users.office, confirmed=False)

    wrong = office.post(reverse("two_factor"), {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.context["form"].has_error("token")
    assert office.post(reverse("two_factor"), {"token": _code(device)}).status_code == 302
    assert TOTPDevice.objects.get(user=users.office).confirmed

    # Password alone no longer logs in ...
    response = _login(client, "office")
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "otp_required")
    assert client.get("/").status_code == 302
    # ... the password with the current code does. (django-otp refuses a code twice in one 30-second step, and
    # the one used to confirm the device belongs to this step: pretend the login comes a step later.)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    assert _login(client, "office", otp_token=_code(device)).status_code == 302
    assert client.get("/").status_code == 200


def test_users_without_an_authenticator_log_in_with_their_password(client, users):
    assert _login(client, "district").status_code == 302


def test_only_the_provincial_office_can_turn_it_on(client_for, users, client):
    assert client.get(reverse("two_factor")).status_code == 302
    assert client_for(users.district).get(reverse("two_factor")).status_code == 403
    assert client_for(users.viewer).get(reverse("two_factor")).status_code == 403


def test_turning_it_off(client_for, users):
    TOTPDevice.objects.create(user=users.office, name="app", confirmed=True)
    office = client_for(users.office)
    assert office.post(reverse("two_factor"), {"action": "disable"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=users.office).exists()
