"""Digital signatures of issued PDFs (PAdES, with pyHanko) and their verification.

An issuer's office uploads a PKCS#12 file (certificate + key) with its password. Both are stored encrypted with a
key derived from the environment (SIGNING_KEY_SECRET): the database alone, or a backup of it, cannot sign. Issuing
signs the issued PDF: the signer's signature, visible at the signature block (name, title, time), then the
organisation's signature where the issuer holds an organisation certificate, each with a trusted timestamp when
SIGNING_TIMESTAMP_URL names a timestamp service. Verification reads the signatures of any uploaded PDF and says
who signed, when, whether the file changed after signing and whether the certificate chains to a trusted root.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _


class SigningError(Exception):
    """A signing problem the office can act on (wrong password, expired certificate …), in the user's words."""


# --- the stored key ------------------------------------------------------------------------------------------


def _fernet():
    from cryptography.fernet import Fernet

    secret = getattr(settings, "SIGNING_KEY_SECRET", "") or ""
    if not secret:
        raise SigningError(_("Signing is not set up on this server (SIGNING_KEY_SECRET is missing)."))
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(secret.encode("utf-8")).digest()))


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    from cryptography.fernet import InvalidToken

    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as exc:
        raise SigningError(_("The stored key cannot be read with this server's SIGNING_KEY_SECRET.")) from exc


# --- certificates --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    serial: str
    not_before: datetime.datetime
    not_after: datetime.datetime
    pem: str


def read_pkcs12(data: bytes, password: str) -> CertificateInfo:
    """Check a PKCS#12 file: it opens with the password and holds a key and its certificate."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, cert, _chain = pkcs12.load_key_and_certificates(data, (password or "").encode("utf-8"))
    except ValueError as exc:
        raise SigningError(_("The file cannot be opened: the password is wrong or it is not a PKCS#12 file.")) from exc
    if key is None or cert is None:
        raise SigningError(_("The file holds no key and certificate pair."))
    return _info(cert)


def _info(cert) -> CertificateInfo:
    """What the portal records of a certificate (a cryptography x509.Certificate)."""
    from cryptography.hazmat.primitives import serialization

    return CertificateInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        serial=format(cert.serial_number, "X"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )


def common_name(rfc4514: str) -> str:
    for part in rfc4514.split(","):
        if part.strip().upper().startswith("CN="):
            return part.strip()[3:]
    return rfc4514


# --- signing -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureBox:
    """Where the signer's visible signature goes: page index (0-based) and a box in points from the bottom left."""

    page: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class Token:
    """A key on a hardware token or HSM, reached through a PKCS#11 module the operator allowed
    (SIGNING_PKCS11_MODULES): the module's path, the token's label, the key's (and certificate's) label, the PIN."""

    module: str
    token: str
    key: str
    pin: str


def _open_signer(*, pkcs12_data: bytes | None, password: str, token: Token | None):
    """A pyHanko signer and a function that releases it (closes the token's session)."""
    from pyhanko.sign import signers

    if token is not None:
        from pyhanko.sign import pkcs11 as sign_pkcs11

        if token.module not in allowed_modules():
            raise SigningError(_("This PKCS#11 module is not allowed on this server."))
        try:
            session = sign_pkcs11.open_pkcs11_session(
                token.module, token_criteria=sign_pkcs11.TokenCriteria(label=token.token), user_pin=token.pin
            )
            signer = sign_pkcs11.PKCS11Signer(session, cert_label=token.key, key_label=token.key)
            signer.signing_cert  # noqa: B018 (reads the certificate now: a missing key fails here)
        except Exception as exc:  # noqa: BLE001 (a token absent, a wrong PIN, no such key …)
            raise SigningError(_("The token cannot be used: %(error)s") % {"error": exc}) from exc
        return signer, session.close
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            pkcs12_data or b"", other_certs=[], passphrase=password.encode("utf-8")
        )
    except Exception as exc:  # noqa: BLE001 (pyHanko raises several kinds for a bad file or password)
        raise SigningError(_("The signing key cannot be opened: %(error)s") % {"error": exc}) from exc
    if signer is None:
        raise SigningError(_("The signing key cannot be opened."))
    return signer, lambda: None


def allowed_modules() -> list[str]:
    return list(getattr(settings, "SIGNING_PKCS11_MODULES", []) or [])


def token_certificate(token: Token) -> CertificateInfo:
    """The certificate of a key on a token, read through its module (to record it when the office sets it up)."""
    from cryptography import x509

    signer, close = _open_signer(pkcs12_data=None, password="", token=token)
    try:
        return _info(x509.load_der_x509_certificate(signer.signing_cert.dump()))
    finally:
        close()


def sign_pdf(
    pdf: bytes,
    *,
    pkcs12_data: bytes | None = None,
    password: str = "",
    token: Token | None = None,
    field_name: str,
    box: SignatureBox | None,
    stamp_text: str,
    reason: str,
    location: str,
) -> bytes:
    """One PAdES signature added to `pdf` (an incremental update: earlier signatures stay valid), with the key of
    a PKCS#12 file or of a PKCS#11 token."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.stamp import TextStampStyle

    signer, close = _open_signer(pkcs12_data=pkcs12_data, password=password, token=token)
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        spec = fields.SigFieldSpec(field_name, on_page=box.page if box else 0, box=box.box if box else None)
        fields.append_signature_field(writer, sig_field_spec=spec)
        url = getattr(settings, "SIGNING_TIMESTAMP_URL", "") or ""
        timestamper = timestamps.HTTPTimeStamper(url) if url else None
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason,
            location=location,
        )
        style = TextStampStyle(stamp_text=stamp_text, border_width=1, text_box_style=_text_style())
        pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper, stamp_style=style)
        out = BytesIO()
        try:
            pdf_signer.sign_pdf(writer, output=out)
        except Exception as exc:  # noqa: BLE001 (a timestamp service down, a key that cannot sign …)
            raise SigningError(_("The document could not be signed: %(error)s") % {"error": exc}) from exc
        return out.getvalue()
    finally:
        close()


def _text_style():
    """The stamp's text in Vietnamese. pyHanko writes an embedded font's glyph widths in the font's own units, so
    a font must have 1000 units per em to print with the right spacing: PortalStampSerif is Liberation Serif
    (SIL OFL 1.1) rescaled to 1000 units, renamed as the licence asks of a modified font."""
    from pathlib import Path

    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle

    font = Path(__file__).resolve().parent.parent / "fonts" / "PortalStampSerif-Regular.ttf"
    return TextBoxStyle(font=GlyphAccumulatorFactory(str(font), font_size=8), font_size=8, leading=10)


# --- verification --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureReport:
    field: str
    signer: str
    certificate_issuer: str
    signed_at: datetime.datetime | None
    intact: bool  # the signed bytes are unchanged
    covers_whole_file: bool  # nothing but other signatures was added after it
    trusted: bool  # the certificate chains to a trusted root and was valid when signed
    summary: str


def verify_pdf(data: bytes, *, trust_roots: list[str]) -> list[SignatureReport]:
    """Every signature of an uploaded PDF, checked against `trust_roots` (PEM certificates). An unreadable file
    raises SigningError."""
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = []
    for text in trust_roots:
        body = text.encode("ascii")
        if asn1_pem.detect(body):
            _type, _headers, body = asn1_pem.unarmor(body)
        roots.append(x509.Certificate.load(body))
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 (not a PDF, a damaged file)
        raise SigningError(_("The file is not a PDF that can be read.")) from exc
    reports = []
    for sig in signatures:
        # Revocation (CRL/OCSP) is fetched from the certificate's own addresses only where the server may reach
        # them (SIGNING_FETCH_REVOCATION); a closed intranet checks the chain and the validity dates only.
        fetch = bool(getattr(settings, "SIGNING_FETCH_REVOCATION", False))
        context = ValidationContext(
            trust_roots=roots, allow_fetching=fetch, revocation_mode="soft-fail" if not fetch else "hard-fail"
        )
        status = validate_pdf_signature(sig, context)
        cert = status.signing_cert
        coverage = getattr(status, "coverage", None)
        reports.append(
            SignatureReport(
                field=sig.field_name,
                signer=cert.subject.human_friendly if cert is not None else "",
                certificate_issuer=cert.issuer.human_friendly if cert is not None else "",
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact and status.valid),
                covers_whole_file=coverage is not None
                and coverage.name in ("ENTIRE_FILE", "ENTIRE_REVISION")
                and status.modification_level is not None
                and status.modification_level.name in ("NONE", "LTA_UPDATES", "FORM_FILLING"),
                trusted=bool(status.trusted),
                summary=status.summary(),
            )
        )
    return reports
