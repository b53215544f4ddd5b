import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DocumentIssuer(models.Model):
    """Who signs a unit's official documents, and how its header reads (Decree 30/2020 layout).

    A unit's standing board (BAN THƯỜNG TRỰC) is its issuer without a committee; a steering committee that
    inspects or plans issues as itself (its own header block and number series), with `committee` set.
    The header texts are data because MTTQ's own format rules vary the block between provinces.
    """

    unit = models.ForeignKey(
        "steering.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="issuers"
    )
    committee = models.OneToOneField(
        "steering.Committee",
        verbose_name=_("steering committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issuer",
        help_text=_("Set for a steering committee that issues documents as itself."),
    )
    parent_body = models.CharField(
        _("parent body (header line 1)"), max_length=200, help_text=_("ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG")
    )
    issuing_body = models.CharField(_("issuing body (header line 2)"), max_length=200, default="BAN THƯỜNG TRỰC")
    code = models.CharField(_("issuer code in document numbers"), max_length=20, default="MT")
    place_name = models.CharField(_("place name on the date line"), max_length=100)
    signer_authority = models.CharField(_("signing authority"), max_length=100, default="TM. BAN THƯỜNG TRỰC")
    signer_title = models.CharField(_("signer title"), max_length=100, default="PHÓ CHỦ TỊCH")
    signer_name = models.CharField(_("signer name"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document issuer")
        verbose_name_plural = _("document issuers")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(committee__isnull=True), name="document_issuer_one_board_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuing_body} – {self.parent_body}"

    @classmethod
    def default_for(cls, unit) -> "DocumentIssuer":
        """The unsaved issuer a unit has until its own is recorded: its MTTQ committee's standing board."""
        from steering.text import place_name

        return cls(unit=unit, parent_body=f"ỦY BAN MTTQ VIỆT NAM {unit.name.upper()}", place_name=place_name(unit.name))

    @classmethod
    def default_for_committee(cls, committee, chair_name: str = "") -> "DocumentIssuer":
        """The unsaved issuer of a steering committee: its own block (BAN CHỈ ĐẠO …) and series (…/BCĐ)."""
        from steering.text import place_name

        unit = committee.unit
        return cls(
            unit=unit,
            committee=committee,
            parent_body=f"ỦY BAN MTTQ VIỆT NAM {unit.name.upper()}",
            # The campaign's name in full, broken where it reads well in the header's narrow column.
            issuing_body="BAN CHỈ ĐẠO CUỘC VẬN ĐỘNG\n“NGƯỜI VIỆT NAM ƯU TIÊN\nDÙNG HÀNG VIỆT NAM”",
            code="BCĐ",
            place_name=place_name(unit.name),
            signer_authority="TM. BAN CHỈ ĐẠO",
            signer_title="TRƯỞNG BAN",
            signer_name=chair_name,
        )


class DocumentSequence(models.Model):
    """The yearly number series of one issuer: Decree 30 numbers every document an issuer issues in a year from 01
    (01/KH-MT, 02/BC-MT …). `last_number` is the last number taken; an office that starts using the portal in the
    middle of a year sets it to the last number it gave on paper."""

    issuer = models.ForeignKey(DocumentIssuer, on_delete=models.PROTECT, related_name="sequences")
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number taken"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="document_sequence_one_per_year")]

    def __str__(self) -> str:
        return f"{self.issuer.code} {self.year}: {self.last_number}"


def _issued_path(instance, filename: str) -> str:
    return f"issued/{instance.year}/{uuid.uuid4().hex}/{filename}"


class IssuedDocument(models.Model):
    """One entry of an issuer's register: a document issued with its number, its date and its frozen files.

    The number is taken when the document is issued (campaign_portal.documents.register.document_issue), never by
    a draft export. A cancelled entry keeps its number, which is never given again.
    """

    class Kind(models.TextChoices):
        UNIT_REPORT = "unit_report", _("Unit report")
        CONSOLIDATED_REPORT = "consolidated_report", _("Consolidated report")
        PLAN = "plan", _("Plan")
        INSPECTION_PLAN = "inspection_plan", _("Inspection plan")
        INSPECTION_RECORD = "inspection_record", _("Inspection record")

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        CANCELLED = "cancelled", _("Cancelled")

    issuer = models.ForeignKey(DocumentIssuer, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("number"))
    number = models.CharField(_("number and symbol"), max_length=60)
    doc_type = models.CharField(_("document type"), max_length=10)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # What was issued, as "<kind>:<id>" (one issued document per thing; a cancelled one frees it to be issued again).
    source = models.CharField(max_length=120)
    subject = models.CharField(_("subject"), max_length=500)
    issued_on = models.DateField(_("date of issue"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        "steering.User", verbose_name=_("issued by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaces = models.ForeignKey(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    content = models.JSONField(_("content"), default=dict)
    content_sha256 = models.CharField(max_length=64)
    verification_code = models.CharField(_("verification code"), max_length=11, unique=True)
    pdf = models.FileField(upload_to=_issued_path, max_length=255)
    pdf_sha256 = models.CharField(max_length=64)
    docx = models.FileField(upload_to=_issued_path, max_length=255)
    docx_sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "steering.User",
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    # The digital signatures in the issued PDF: role, subject, serial, time (empty: issued unsigned).
    signatures = models.JSONField(_("digital signatures"), default=list, blank=True)

    class Meta:
        ordering = ["issuer", "-year", "serial"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "serial"], name="issued_document_one_per_number"),
            models.UniqueConstraint(
                fields=["source"], condition=Q(status="issued"), name="issued_document_one_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class RecipientList(models.Model):
    """The "Nơi nhận" of one issuer's documents of one kind: data, because each office sends to its own list
    (the central committee, the Front's central boards, the Party committee, member agencies …)."""

    issuer = models.ForeignKey(
        DocumentIssuer, verbose_name=_("issuer"), on_delete=models.CASCADE, related_name="recipient_lists"
    )
    kind = models.CharField(_("kind of document"), max_length=30, choices=IssuedDocument.Kind.choices)
    lines = models.TextField(
        _("recipients"),
        help_text=_("One recipient per line, as printed under “Nơi nhận”; the last line is usually “Lưu: VT, …”."),
    )

    class Meta:
        verbose_name = _("recipient list")
        verbose_name_plural = _("recipient lists")
        constraints = [models.UniqueConstraint(fields=["issuer", "kind"], name="recipient_list_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.issuer} – {self.get_kind_display()}"

    @property
    def recipients(self) -> list[str]:
        return [line.strip().lstrip("-").strip() for line in self.lines.splitlines() if line.strip()]


class SigningCredential(models.Model):
    """An issuer's signing certificate and key (a PKCS#12 file), stored encrypted with SIGNING_KEY_SECRET.

    The person who signs (role "signer") signs at the signature block; the organisation's certificate (role
    "organisation") adds the organisation's signature. Replacing one revokes the one before; a revoked or expired
    credential never signs.
    """

    class Role(models.TextChoices):
        SIGNER = "signer", _("Person who signs")
        ORGANISATION = "organisation", _("Organisation")

    issuer = models.ForeignKey(
        DocumentIssuer, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="credentials"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SIGNER)
    # A key on a hardware token (PKCS#11) instead of a PKCS#12 file: the module, the token and the key's label;
    # the PIN is kept encrypted in `password`.
    pkcs11_module = models.CharField(_("PKCS#11 module"), max_length=300, blank=True)
    pkcs11_token = models.CharField(_("token label"), max_length=100, blank=True)
    pkcs11_key = models.CharField(_("key label"), max_length=100, blank=True)
    subject = models.CharField(_("certificate subject"), max_length=500)
    certificate_issuer = models.CharField(_("certificate issuer"), max_length=500)
    serial = models.CharField(_("serial number"), max_length=80)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    certificate = models.TextField(_("certificate (PEM)"))
    pkcs12 = models.BinaryField(editable=False)  # encrypted
    password = models.BinaryField(editable=False)  # encrypted
    is_demo = models.BooleanField(_("demo certificate"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        "steering.User",
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "role"], condition=Q(revoked_at__isnull=True), name="signing_one_active_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.subject}"

    @property
    def common_name(self) -> str:
        """ "Phạm Thị Thanh Hà" out of "CN=Phạm Thị Thanh Hà,O=…,C=VN"."""
        for part in self.subject.split(","):
            if part.strip().upper().startswith("CN="):
                return part.strip()[3:]
        return self.subject


class SigningEvent(models.Model):
    """The audit of every use of a signing credential (uploaded, used to sign, revoked, refused)."""

    credential = models.ForeignKey(SigningCredential, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey("steering.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Action(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        SIGNED = "signed", _("signed")
        REVOKED = "revoked", _("revoked")

    action = models.CharField(max_length=20, choices=Action.choices)
    document = models.ForeignKey(IssuedDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action}"


class TrustedRoot(models.Model):
    """A certification authority whose certificates the verification page trusts (the government CA's root, or
    the demo's own authority, named as such)."""

    name = models.CharField(_("name"), max_length=200)
    certificate = models.TextField(_("certificate (PEM)"))
    is_demo = models.BooleanField(_("demo authority"), default=False)

    class Meta:
        verbose_name = _("trusted root certificate")
        verbose_name_plural = _("trusted root certificates")

    def __str__(self) -> str:
        return self.name
