"""Login with an optional second factor (TOTP, via django-otp) for provincial office accounts.

A user who has confirmed an authenticator app must type its 6-digit code at login; others log in with their
password alone. Provincial office users (who export and accept the province's reports) can turn it on from their
menu; the code is checked here, the device kept by django-otp.
"""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from steering.models import Role


def two_factor_allowed(user) -> bool:
    return user.is_superuser or user.has_role(Role.PROVINCIAL_OFFICE)


class OTPLoginForm(AuthenticationForm):
    otp_token = forms.CharField(
        label=gettext_lazy("Authenticator code"),
        required=False,
        max_length=8,
        help_text=gettext_lazy("Only if you turned on two-step login: the 6 digits your app shows."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        self.otp_device = None
        if user is not None and any(devices_for_user(user, confirmed=True)):
            token = (cleaned.get("otp_token") or "").strip()
            device = match_token(user, token) if token else None
            if device is None:
                raise forms.ValidationError(
                    _("Enter the current 6-digit code from your authenticator app."), code="otp_required"
                )
            self.otp_device = device
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = OTPLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response


class ConfirmDeviceForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("Code from the app"), max_length=8)


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Turn two-step login on (scan, confirm with a code) or off."""
    if not two_factor_allowed(request.user):
        raise PermissionDenied
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if request.method == "POST" and request.POST.get("action") == "disable" and confirmed:
        TOTPDevice.objects.filter(user=request.user).delete()
        messages.success(request, _("Two-step login is off."))
        return redirect("two_factor")
    device = None
    form = ConfirmDeviceForm(request.POST or None)
    if confirmed is None:
        with transaction.atomic():
            device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
            if device is None:
                device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
        if request.method == "POST" and form.is_valid():
            if device.verify_token(form.cleaned_data["token"].strip()):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                messages.success(request, _("Two-step login is on. You will need the app's code at every login."))
                return redirect("two_factor")
            form.add_error("token", _("That code is not right. Check the time on your phone and try again."))
    context = {
        "confirmed": confirmed,
        "device": device,
        "form": form,
        "qr_svg": _qr_svg(device.config_url) if device else "",
        "secret": base64.b32encode(device.bin_key).decode() if device else "",
    }
    return render(request, "registration/two_factor.html", context)
