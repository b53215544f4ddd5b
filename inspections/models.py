"""Businesses, yearly inspection plans, inspection records (biên bản kiểm tra), findings and follow-ups.

An inspection belongs to a plan, a plan to a steering committee; the committee's unit is the inspection's unit
(denormalised on the row so that lists are scoped with one indexed prefix filter, like every other app).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ViolationCategory(models.Model):
    """A category of violation (DOMAIN.md), seeded by a data migration; names are Vietnamese data."""

    class Group(models.TextChoices):
        # The report indicator each category counts toward, besides KT04 (all violations).
        COUNTERFEIT = "KT05", _("Counterfeit and imitation goods (KT05)")
        SUBSTANDARD = "KT06", _("Substandard goods (KT06)")
        ORIGIN = "KT07", _("Unknown origin and smuggled goods (KT07)")
        LABELLING = "KT08", _("Labelling and price posting (KT08)")
        OTHER = "", _("Other (only in KT04)")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    indicator_group = models.CharField(
        _("report indicator"), max_length=10, choices=Group.choices, blank=True, default=""
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("violation category")
        verbose_name_plural = _("violation categories")

    def __str__(self) -> str:
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name


class BusinessKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    HOUSEHOLD = "household", _("Household business")
    MARKET_STALL = "market_stall", _("Market stall")
    SHOP = "shop", _("Supermarket / shop")
    PRODUCER = "producer", _("Producer")


class Business(models.Model):
    """A production or business unit that committees inspect."""

    commune = models.ForeignKey(
        "steering.AdministrativeUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="businesses",
    )
    name = models.CharField(_("name"), max_length=255)
    search_name = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=BusinessKind.choices)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    address = models.CharField(_("address"), max_length=255)
    line_of_business = models.CharField(_("line of business"), max_length=255, blank=True)
    representative = models.CharField(_("representative"), max_length=120, blank=True)
    representative_title = models.CharField(_("representative's position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        constraints = [
            models.UniqueConstraint(fields=["tax_code"], condition=~Q(tax_code=""), name="business_unique_tax_code"),
        ]

    def __str__(self) -> str:
        return self.name


class OcopProduct(models.Model):
    """A product certified under OCOP ("Mỗi xã một sản phẩm") with its star rating."""

    business = models.ForeignKey(
        Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="ocop_products"
    )
    name = models.CharField(_("product"), max_length=200)
    stars = models.PositiveSmallIntegerField(_("stars"), choices=[(3, "3★"), (4, "4★"), (5, "5★")])
    certified_year = models.PositiveSmallIntegerField(_("certification year"))

    class Meta:
        ordering = ["-stars", "name"]
        verbose_name = _("OCOP product")
        verbose_name_plural = _("OCOP products")
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=3, stars__lte=5), name="ocop_stars_3_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.stars}★)"


class InspectionPlan(models.Model):
    """A committee's yearly inspection plan: the deciding document forming the team, the team, the targets."""

    committee = models.ForeignKey(
        "steering.Committee", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="inspection_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    number = models.CharField(_("plan number"), max_length=40, blank=True, editable=False)
    issued_on = models.DateField(_("date of the plan"))
    decision_number = models.CharField(
        _("deciding document"), max_length=60, help_text=_("The decision forming the inspection team, e.g. 52/QĐ-MT.")
    )
    decision_date = models.DateField(_("date of the deciding document"))
    purpose = models.TextField(_("purpose and requirements"), blank=True)
    created_by = models.ForeignKey("steering.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-issued_on", "-pk"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")

    def __str__(self) -> str:
        return self.title


class TeamMember(models.Model):
    """A committee member on a plan's inspection team."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="team")
    membership = models.ForeignKey(
        "steering.Membership", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    is_lead = models.BooleanField(_("team lead"), default=False)

    class Meta:
        ordering = ["-is_lead", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["plan", "membership"], name="team_member_once_per_plan"),
            models.UniqueConstraint(fields=["plan"], condition=Q(is_lead=True), name="team_one_lead_per_plan"),
        ]

    def __str__(self) -> str:
        return str(self.membership.person)


class PlanTarget(models.Model):
    """A business the plan schedules for inspection on a date."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="targets")
    business = models.ForeignKey(Business, verbose_name=_("business"), on_delete=models.PROTECT, related_name="+")
    scheduled_on = models.DateField(_("scheduled date"))

    class Meta:
        ordering = ["scheduled_on", "pk"]
        verbose_name = _("planned inspection")
        verbose_name_plural = _("planned inspections")
        constraints = [models.UniqueConstraint(fields=["plan", "business"], name="plan_target_once_per_business")]

    def __str__(self) -> str:
        return f"{self.business} ({self.scheduled_on:%d/%m/%Y})"


class Inspection(models.Model):
    """One inspection record (biên bản kiểm tra). Editable while a draft; read-only once submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    # Generated by the form: a retried or double-clicked "save" or "submit" finds the same row.
    client_uuid = models.UUIDField(unique=True, editable=False)
    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="inspections"
    )
    unit = models.ForeignKey(
        "steering.AdministrativeUnit", on_delete=models.PROTECT, related_name="inspections", editable=False
    )
    target = models.OneToOneField(
        PlanTarget, null=True, blank=True, on_delete=models.SET_NULL, related_name="inspection"
    )
    business = models.ForeignKey(
        Business, verbose_name=_("business"), on_delete=models.PROTECT, related_name="inspections"
    )
    inspected_at = models.DateTimeField(_("date and time"))
    ended_at = models.DateTimeField(
        _("end time"), null=True, blank=True, help_text=_("When the inspection ended and the record was closed.")
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    team = models.ManyToManyField(
        "steering.Membership", verbose_name=_("team present"), blank=True, related_name="inspections"
    )
    lead = models.ForeignKey(
        "steering.Membership",
        verbose_name=_("team lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_inspections",
    )
    business_present = models.CharField(_("business representative present"), max_length=120, blank=True)
    # The checklist: True = in order (đạt), False = not in order (không đạt), None = not checked (không kiểm tra).
    promotes_campaign = models.BooleanField(_("promotes the campaign"), null=True, blank=True, default=None)
    vn_goods_share = models.DecimalField(
        _("share of Vietnamese goods on the shelves (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    invoices_ok = models.BooleanField(_("invoices and origin papers in order"), null=True, blank=True, default=None)
    labels_ok = models.BooleanField(_("labels in order"), null=True, blank=True, default=None)
    price_posting_ok = models.BooleanField(_("prices posted"), null=True, blank=True, default=None)
    quality_ok = models.BooleanField(
        _("quality, expiry dates and food safety in order"), null=True, blank=True, default=None
    )
    complaints_ok = models.BooleanField(_("consumer complaints handled"), null=True, blank=True, default=None)
    checklist_notes = models.TextField(_("notes on the checklist"), blank=True)
    conclusion = models.TextField(_("conclusion of the team"), blank=True)
    business_comments = models.TextField(_("comments of the business"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("record number"), max_length=40, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        "steering.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        "steering.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-inspected_at", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [models.Index(fields=["status", "inspected_at"], name="inspection_status_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(vn_goods_share__isnull=True) | Q(vn_goods_share__gte=0, vn_goods_share__lte=100),
                name="inspection_share_0_100",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("inspected_at")),
                name="inspection_ends_after_it_starts",
            ),
        ]

    # The checklist fields, in the order of the form and the record.
    CHECKLIST = ("promotes_campaign", "invoices_ok", "labels_ok", "price_posting_ok", "quality_ok", "complaints_ok")

    def __str__(self) -> str:
        return f"{self.business} – {timezone.localtime(self.inspected_at):%d/%m/%Y}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def inspected_on(self) -> datetime.date:
        return timezone.localtime(self.inspected_at).date()


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    category = models.ForeignKey(
        ViolationCategory, verbose_name=_("violation category"), on_delete=models.PROTECT, related_name="findings"
    )
    goods = models.CharField(_("goods concerned"), max_length=255)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2, null=True, blank=True)
    quantity_unit = models.CharField(_("unit of quantity"), max_length=30, blank=True)
    estimated_value = models.DecimalField(
        _("estimated value (VND)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    description = models.TextField(_("what was found"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    fix_deadline = models.DateField(_("deadline for the fix"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__isnull=True) | Q(quantity__gte=0), name="finding_qty_gte_0"),
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0), name="finding_value_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.goods}"


class FollowUp(models.Model):
    """The fix a finding requires, its owner and due date, and the re-check."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("follow-up state", "Open")
        FIXED = "fixed", _("Fixed")
        NOT_FIXED = "not_fixed", _("Not fixed")
        REFERRED = "referred", _("Referred")

    class ReferredTo(models.TextChoices):
        MARKET_SURVEILLANCE = "market_surveillance", _("Market surveillance")
        POLICE = "police", _("Police")

    # A follow-up is still to be done in these states; past its due date it is overdue.
    PENDING = (Status.OPEN, Status.NOT_FIXED)

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="follow_up")
    owner = models.ForeignKey(
        "steering.Membership",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_follow_ups",
    )
    due_date = models.DateField(pgettext_lazy("follow-up", "due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    rechecked_on = models.DateField(_("re-checked on"), null=True, blank=True)
    notes = models.TextField(_("re-check notes"), blank=True)
    referred_to = models.CharField(_("referred to"), max_length=30, choices=ReferredTo.choices, blank=True)
    referral_number = models.CharField(_("referral document number"), max_length=60, blank=True)
    referral_date = models.DateField(_("referral document date"), null=True, blank=True)
    updated_by = models.ForeignKey("steering.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="referred") | (~Q(referred_to="") & ~Q(referral_number="")),
                name="follow_up_referral_has_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.finding} – {self.get_status_display()}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in self.PENDING and self.due_date < today


def _photo_path(instance: InspectionPhoto, filename: str) -> str:
    # Random names: a path says nothing and cannot be guessed; files are served only through a checked view.
    import uuid

    return f"inspections/photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=_photo_path)
    # The hash of the uploaded bytes: a retried upload of the same photo is not stored twice.
    source_sha256 = models.CharField(max_length=64, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    # When the photo was taken, from the camera's EXIF data (the stored copy carries none); None when unknown.
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey("steering.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "source_sha256"], name="photo_once_per_inspection"),
        ]

    def __str__(self) -> str:
        return self.caption or self.image.name


class InspectionDraft(models.Model):
    """The raw state of a half-filled inspection form, posted by the autosave script every few seconds.

    Nothing here is validated: it exists so that a flaky connection or a lost phone tab does not lose work.
    It is deleted when the form is saved for real.
    """

    client_uuid = models.UUIDField(unique=True)
    user = models.ForeignKey("steering.User", on_delete=models.CASCADE, related_name="inspection_drafts")
    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return str(self.client_uuid)
