from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DocumentIssuer(models.Model):
    """Who signs a unit's official documents, and how its header reads (Decree 30/2020 layout).

    The header texts are data because MTTQ's own format rules vary the block between provinces.
    """

    unit = models.OneToOneField(
        "steering.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="issuer"
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

    def __str__(self) -> str:
        return f"{self.issuing_body} – {self.parent_body}"

    @classmethod
    def default_for(cls, unit) -> "DocumentIssuer":
        """The unsaved issuer a unit has until its own is recorded: its MTTQ committee's standing board."""
        from steering.text import place_name

        return cls(unit=unit, parent_body=f"ỦY BAN MTTQ VIỆT NAM {unit.name.upper()}", place_name=place_name(unit.name))


class DocumentSequence(models.Model):
    """The yearly number series of one issuer for one document type (KH, BC, BB …)."""

    issuer = models.ForeignKey(DocumentIssuer, on_delete=models.PROTECT, related_name="sequences")
    doc_type = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "doc_type", "year"], name="document_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.doc_type}-{self.issuer.code} {self.year}: {self.last_number}"
