"""An issuer's signing certificates: upload, replace, revoke, and the signing of an issued PDF, each use audited.

The crypto is in signing.py; this module writes (services) and reads the rows. Nothing signs without a
credential: an issuer without one issues unsigned, and the document says so.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign_portal.documents import signing
from steering.models import DocumentIssuer, SigningCredential, SigningEvent

Role = SigningCredential.Role
FONT = "LiberationSerif-Regular.ttf"


@transaction.atomic
def credential_upload(
    *, issuer: DocumentIssuer, role: str, data: bytes, password: str, by, is_demo: bool = False
) -> SigningCredential:
    """Store a PKCS#12 file (encrypted, with its password) as the issuer's certificate for `role`; the one it
    replaces is revoked. A file that does not open, or a certificate not valid today, is refused."""
    try:
        info = signing.read_pkcs12(data, password)
        pkcs12, secret = signing.encrypt(data), signing.encrypt((password or "").encode("utf-8"))
    except signing.SigningError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    _check_validity(info, field="file")
    return _store(issuer=issuer, role=role, info=info, pkcs12=pkcs12, secret=secret, by=by, is_demo=is_demo)


@transaction.atomic
def credential_configure_token(
    *, issuer: DocumentIssuer, role: str, module: str, token: str, key: str, pin: str, by
) -> SigningCredential:
    """Use a key on a hardware token (PKCS#11) for `role`: the token is opened with the PIN and the key's
    certificate read and checked now; the PIN is stored encrypted. Only modules the operator allowed load."""
    spec = signing.Token(module=module, token=token.strip(), key=key.strip(), pin=pin or "")
    try:
        info = signing.token_certificate(spec)
        secret = signing.encrypt((pin or "").encode("utf-8"))
    except signing.SigningError as exc:
        raise ValidationError({"token": str(exc)}) from exc
    _check_validity(info, field="token")
    return _store(issuer=issuer, role=role, info=info, pkcs12=b"", secret=secret, by=by, token=spec, is_demo=False)


def _check_validity(info, *, field: str) -> None:
    now = timezone.now()
    if info.not_after < now:
        raise ValidationError(
            {field: _("This certificate expired on %(date)s.") % {"date": f"{info.not_after:%d/%m/%Y}"}}
        )
    if info.not_before > now:
        raise ValidationError(
            {field: _("This certificate is valid only from %(date)s.") % {"date": f"{info.not_before:%d/%m/%Y}"}}
        )


def _store(*, issuer, role, info, pkcs12: bytes, secret: bytes, by, is_demo: bool, token=None) -> SigningCredential:
    for old in SigningCredential.objects.select_for_update().filter(issuer=issuer, role=role, revoked_at=None):
        credential_revoke(credential=old, by=by)
    credential = SigningCredential.objects.create(
        issuer=issuer,
        role=role,
        pkcs11_module=token.module if token else "",
        pkcs11_token=token.token if token else "",
        pkcs11_key=token.key if token else "",
        subject=info.subject,
        certificate_issuer=info.issuer,
        serial=info.serial,
        not_before=info.not_before,
        not_after=info.not_after,
        certificate=info.pem,
        pkcs12=pkcs12,
        password=secret,
        is_demo=is_demo,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    SigningEvent.objects.create(credential=credential, by=credential.uploaded_by, action="uploaded")
    return credential


@transaction.atomic
def credential_revoke(*, credential: SigningCredential, by) -> SigningCredential:
    if credential.revoked_at is None:
        credential.revoked_at = timezone.now()
        credential.save(update_fields=["revoked_at"])
        SigningEvent.objects.create(credential=credential, by=by if getattr(by, "pk", None) else None, action="revoked")
    return credential


def active_credentials(*, issuer: DocumentIssuer) -> list[SigningCredential]:
    """The issuer's credentials that sign: the person's first, then the organisation's."""
    if issuer.pk is None:
        return []
    rows = list(SigningCredential.objects.filter(issuer=issuer, revoked_at=None))
    return sorted(rows, key=lambda c: c.role != Role.SIGNER)


def sign_issued(
    *, credentials: list[SigningCredential], pdf: bytes, layout: dict, signer_name: str, signer_title: str, place: str
) -> tuple[bytes, list[dict]]:
    """Sign an issued PDF with each credential in turn; a certificate expired (or not yet valid) is refused with a
    message, so the issue fails and its number is given back."""
    now = timezone.now()
    signatures = []
    for n, credential in enumerate(credentials, start=1):
        if not credential.not_before <= now <= credential.not_after:
            raise ValidationError(
                _("The certificate “%(subject)s” is valid %(start)s – %(end)s only: upload a new one.")
                % {
                    "subject": signing.common_name(credential.subject),
                    "start": f"{credential.not_before:%d/%m/%Y}",
                    "end": f"{credential.not_after:%d/%m/%Y}",
                }
            )
        box = _box(layout, organisation=credential.role == Role.ORGANISATION)
        who = signer_name or signing.common_name(credential.subject)
        if credential.role == Role.SIGNER:
            text = f"Ký bởi: {who}\n{signer_title}\nThời gian ký: %(ts)s"
        else:
            text = f"Ký số: {signing.common_name(credential.subject)}\n%(ts)s"
        try:
            secret = signing.decrypt(credential.password).decode("utf-8")
            token = (
                signing.Token(credential.pkcs11_module, credential.pkcs11_token, credential.pkcs11_key, secret)
                if credential.pkcs11_module
                else None
            )
            pdf = signing.sign_pdf(
                pdf,
                pkcs12_data=None if token else signing.decrypt(credential.pkcs12),
                password=secret,
                token=token,
                field_name=f"ChuKySo{n}",
                box=box,
                stamp_text=text,
                reason="Phát hành văn bản",
                location=place,
            )
        except signing.SigningError as exc:
            raise ValidationError(str(exc)) from exc
        signatures.append(
            {
                "role": credential.role,
                "subject": credential.subject,
                "issuer": credential.certificate_issuer,
                "serial": credential.serial,
                "credential": credential.pk,
                "at": timezone.now().isoformat(),
            }
        )
    return pdf, signatures


def _box(layout: dict, *, organisation: bool) -> signing.SignatureBox | None:
    """The person's signature over the room left at the signature block; the organisation's beside it, to the
    left, where a seal would overlap it (Decree 30's layout for electronic documents)."""
    spot = layout.get("signature")
    if not spot:
        return None
    page, x, y, width = spot
    centre = x + width / 2
    if organisation:
        return signing.SignatureBox(page - 1, (int(centre - 150), int(y - 66), int(centre - 52), int(y - 26)))
    return signing.SignatureBox(page - 1, (int(centre - 48), int(y - 66), int(centre + 100), int(y - 4)))
