"""Issued PDFs carry a digital signature anyone can verify (pyHanko, poppler's pdfsig), and nothing signs badly."""

import datetime
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaign_portal.documents import credentials, demo_ca, signing
from campaign_portal.documents.content import Issuer, OfficialDocument, Para
from campaign_portal.documents.register import document_issue
from steering.models import DocumentSequence, IssuedDocument, SigningCredential, SigningEvent, TrustedRoot
from steering.services import issuer_for_unit

pytestmark = pytest.mark.django_db
PASSWORD = "mật-khẩu-thử"


@pytest.fixture(scope="module")
def authority():
    return demo_ca.make_authority("Test CA")


@pytest.fixture
def issuer(tree, authority):
    issuer = issuer_for_unit(unit=tree.province)
    issuer.signer_name = "Lê Văn Cần"
    issuer.save()
    TrustedRoot.objects.create(name="Test CA", certificate=authority.pem, is_demo=True)
    return issuer


def upload(issuer, authority, role="signer", **kwargs):
    data = demo_ca.make_pkcs12(authority, "Lê Văn Cần" if role == "signer" else "Ủy ban MTTQ tỉnh", PASSWORD, **kwargs)
    return credentials.credential_upload(issuer=issuer, role=role, data=data, password=PASSWORD, by=None)


def issue(issuer, n=1):
    document = OfficialDocument.for_issuer(
        Issuer.of(issuer), doc_type="BC", subject=f"Báo cáo {n}", body=[Para("Nội dung.")], recipients=["Lưu: VT."]
    )
    return document_issue(issuer=issuer, kind="plan", source=f"test:{n}", document=document, filename="x", by=None)


def test_an_issued_pdf_is_signed_by_the_person_and_the_organisation_and_verifies(issuer, authority):
    upload(issuer, authority, "signer")
    upload(issuer, authority, "organisation")
    issued = issue(issuer)
    content = issued.pdf.open("rb").read()
    reports = signing.verify_pdf(content, trust_roots=[authority.pem])
    assert [r.intact and r.trusted for r in reports] == [True, True]
    assert "Lê Văn Cần" in reports[0].signer and "Ủy ban MTTQ tỉnh" in reports[1].signer
    assert reports[-1].covers_whole_file
    assert [s["role"] for s in issued.signatures] == ["signer", "organisation"]
    assert SigningEvent.objects.filter(action="signed", document=issued).count() == 2


def test_changing_one_byte_is_reported_by_pyhanko_and_pdfsig(issuer, authority, tmp_path):
    upload(issuer, authority)
    content = issue(issuer).pdf.open("rb").read()
    position = content.find(b"/Producer")
    assert position > 0
    changed = bytearray(content)
    changed[position + 1] = ord("X")  # inside the signed bytes
    [report] = signing.verify_pdf(bytes(changed), trust_roots=[authority.pem])
    assert not report.intact
    if shutil.which("pdfsig") is None:
        pytest.skip("poppler-utils is not installed")
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(content)
    bad.write_bytes(bytes(changed))
    ok = subprocess.run(["pdfsig", str(good)], capture_output=True, text=True).stdout
    broken = subprocess.run(["pdfsig", str(bad)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in ok and "Lê Văn Cần" in ok
    assert "Signature is Valid" not in broken
    if shutil.which("certutil") is None:
        return
    # With the authority in an NSS database, pdfsig also says the certificate is trusted.
    nss = tmp_path / "nss"
    nss.mkdir()
    (tmp_path / "ca.pem").write_text(authority.pem)
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
    subprocess.run(
        ["certutil", "-A", "-d", f"sql:{nss}", "-n", "test-ca", "-t", "C,C,C", "-a", "-i", str(tmp_path / "ca.pem")],
        check=True,
    )
    trusted = subprocess.run(["pdfsig", "-nssdir", f"sql:{nss}", str(good)], capture_output=True, text=True).stdout
    assert "Certificate is Trusted" in trusted


def test_the_stored_key_and_password_are_encrypted(issuer, authority):
    credential = upload(issuer, authority)
    stored = bytes(SigningCredential.objects.get(pk=credential.pk).pkcs12)
    assert b"BEGIN" not in stored and PASSWORD.encode() not in bytes(credential.password)
    assert signing.decrypt(credential.password).decode() == PASSWORD
    from django.test import override_settings

    with override_settings(SIGNING_KEY_SECRET="another-server"), pytest.raises(signing.SigningError):
        signing.decrypt(stored)


def test_a_wrong_password_or_an_expired_certificate_is_refused_at_upload(issuer, authority):
    data = demo_ca.make_pkcs12(authority, "Lê Văn Cần", PASSWORD)
    with pytest.raises(ValidationError, match="mật khẩu"):
        credentials.credential_upload(issuer=issuer, role="signer", data=data, password="sai", by=None)
    old = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=400)
    with pytest.raises(ValidationError, match="hết hạn"):
        upload(issuer, authority, valid_from=old, days=30)
    assert not SigningCredential.objects.exists()


def test_a_certificate_that_expired_since_refuses_the_issue_and_takes_no_number(issuer, authority):
    credential = upload(issuer, authority)
    SigningCredential.objects.filter(pk=credential.pk).update(
        not_after=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="hiệu lực"):
        issue(issuer)
    assert not IssuedDocument.objects.exists()
    assert not DocumentSequence.objects.filter(issuer=issuer, last_number__gt=0).exists()


def test_a_revoked_certificate_does_not_sign_and_the_document_says_it_is_unsigned(issuer, authority):
    credential = upload(issuer, authority)
    credentials.credential_revoke(credential=credential, by=None)
    issued = issue(issuer)
    assert issued.signatures == []
    assert signing.verify_pdf(issued.pdf.open("rb").read(), trust_roots=[authority.pem]) == []
    text = subprocess.run(["pdftotext", "-", "-"], input=issued.pdf.open("rb").read(), capture_output=True).stdout
    assert "không có chữ ký số" in text.decode()
    assert SigningEvent.objects.filter(credential=credential, action="revoked").exists()


def test_the_verification_page_reports_an_uploaded_signed_pdf(issuer, authority, client):
    upload(issuer, authority)
    content = issue(issuer).pdf.open("rb").read()
    page = client.post(reverse("exports:verify_pdf"), {"file": SimpleUploadedFile("bao-cao.pdf", content)})
    html = page.content.decode()
    assert page.status_code == 200 and "Lê Văn Cần" in html and 'id="signature-ok"' in html
    other = demo_ca.make_authority("Another CA")
    TrustedRoot.objects.all().delete()
    TrustedRoot.objects.create(name="Another CA", certificate=other.pem)
    untrusted = client.post(reverse("exports:verify_pdf"), {"file": SimpleUploadedFile("x.pdf", content)})
    assert 'id="signature-untrusted"' in untrusted.content.decode()
    garbage = client.post(reverse("exports:verify_pdf"), {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 nope")})
    assert garbage.status_code == 200 and 'id="verify-error"' in garbage.content.decode()


def test_a_visitor_can_switch_language_before_logging_in(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


def test_the_office_uploads_and_revokes_its_certificate_on_its_page(issuer, authority, users, client_for):
    url = reverse("documents:certificates", args=[issuer.pk])
    data = demo_ca.make_pkcs12(authority, "Lê Văn Cần", PASSWORD)
    assert client_for(users.viewer).get(url).status_code == 200  # reads the list and the audit …
    assert 'id="certificate-upload"' not in client_for(users.viewer).get(url).content.decode()
    post = {"role": "signer", "password": PASSWORD}
    viewer = client_for(users.viewer).post(url, {**post, "file": SimpleUploadedFile("a.p12", data)})
    assert viewer.status_code == 403  # … and changes nothing
    assert client_for(users.other_office).get(url).status_code == 404
    bad = client_for(users.office).post(url, {**post, "password": "sai", "file": SimpleUploadedFile("a.p12", data)})
    assert bad.status_code == 400 and "mật khẩu" in bad.content.decode()
    ok = client_for(users.office).post(url, {**post, "file": SimpleUploadedFile("a.p12", data)})
    assert ok.status_code == 302
    credential = SigningCredential.objects.get(revoked_at=None)
    assert issue(issuer).signatures  # it signs from now on
    client_for(users.office).post(reverse("documents:certificate_revoke", args=[credential.pk]))
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert [e.action for e in SigningEvent.objects.order_by("at", "pk")] == ["uploaded", "signed", "revoked"]


SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"


@pytest.fixture(scope="module")
def hardware_token(tmp_path_factory, authority):
    """A SoftHSM token holding a signing key and its certificate, as a hardware token would."""
    import os

    if shutil.which("softhsm2-util") is None or not os.path.exists(SOFTHSM):
        pytest.skip("SoftHSM is not installed")
    import pkcs11
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    home = tmp_path_factory.mktemp("softhsm")
    (home / "tokens").mkdir()
    conf = home / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {home / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", "portal", "--pin", "1234", "--so-pin", "0000"],
        check=True,
        capture_output=True,
    )
    key, cert, _chain = pkcs12.load_key_and_certificates(
        demo_ca.make_pkcs12(authority, "Lê Văn Cần (token)", PASSWORD), PASSWORD.encode()
    )
    numbers = key.private_numbers()

    def raw(value: int, size: int) -> bytes:
        return value.to_bytes(size, "big")

    with pkcs11.lib(SOFTHSM).get_token(token_label="portal").open(rw=True, user_pin="1234") as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.PRIVATE_KEY,
                Attribute.KEY_TYPE: KeyType.RSA,
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.SIGN: True,
                Attribute.LABEL: "signer",
                Attribute.ID: b"\x01",
                Attribute.MODULUS: raw(numbers.public_numbers.n, 256),
                Attribute.PUBLIC_EXPONENT: raw(numbers.public_numbers.e, 3),
                Attribute.PRIVATE_EXPONENT: raw(numbers.d, 256),
                Attribute.PRIME_1: raw(numbers.p, 128),
                Attribute.PRIME_2: raw(numbers.q, 128),
                Attribute.EXPONENT_1: raw(numbers.dmp1, 128),
                Attribute.EXPONENT_2: raw(numbers.dmq1, 128),
                Attribute.COEFFICIENT: raw(numbers.iqmp, 128),
            }
        )
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: "signer",
                Attribute.ID: b"\x01",
                Attribute.VALUE: cert.public_bytes(Encoding.DER),
                Attribute.SUBJECT: cert.subject.public_bytes(),
            }
        )
    return SOFTHSM


def test_a_key_on_a_hardware_token_signs_and_only_allowed_modules_load(issuer, authority, hardware_token, settings):
    settings.SIGNING_PKCS11_MODULES = []
    configure = dict(issuer=issuer, role="signer", module=hardware_token, token="portal", key="signer", by=None)
    with pytest.raises(ValidationError, match="PKCS#11"):
        credentials.credential_configure_token(**configure, pin="1234")  # not allowed by the operator
    settings.SIGNING_PKCS11_MODULES = [hardware_token]
    with pytest.raises(ValidationError):
        credentials.credential_configure_token(**configure, pin="9999")  # wrong PIN
    credential = credentials.credential_configure_token(**configure, pin="1234")
    assert "Lê Văn Cần (token)" in credential.subject and bytes(credential.pkcs12) == b""
    assert b"1234" not in bytes(credential.password)
    issued = issue(issuer)
    [report] = signing.verify_pdf(issued.pdf.open("rb").read(), trust_roots=[authority.pem])
    assert report.intact and report.trusted and "Lê Văn Cần (token)" in report.signer


def test_the_office_sets_up_a_token_on_its_page(issuer, hardware_token, settings, users, client_for):
    settings.SIGNING_PKCS11_MODULES = [hardware_token]
    url = reverse("documents:certificates", args=[issuer.pk])
    page = client_for(users.office).get(url).content.decode()
    assert 'id="token-configure"' in page
    form = {"kind": "token", "role": "signer", "module": hardware_token, "token": "portal", "key": "signer"}
    assert client_for(users.office).post(url, {**form, "module": "/tmp/evil.so", "pin": "1234"}).status_code == 400
    assert client_for(users.office).post(url, {**form, "pin": "1234"}).status_code == 302
    assert SigningCredential.objects.get(revoked_at=None).pkcs11_token == "portal"
