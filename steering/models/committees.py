from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AgencyKind(models.TextChoices):
    """Kinds of member agencies (steering/data/agency-kinds.csv): who fills and whose figures count (`filled_by`,
    `counts_from` of an indicator) are said in these words."""

    MTTQ = "mttq", _("Standing body (the Front's committee, movement board)")
    TUYEN_GIAO = "tuyen_giao", _("Party propaganda board")
    CONG_THUONG = "cong_thuong", _("Industry and Trade")
    QLTT = "qltt", _("Market surveillance")
    CONG_AN = "cong_an", _("Police")
    NONG_NGHIEP = "nong_nghiep", _("Agriculture (OCOP)")
    KHCN = "khcn", _("Science and Technology")
    THONG_TIN = "thong_tin", _("Information and Communications")
    BAO_CHI = "bao_chi", _("Press, radio and television")
    TAI_CHINH = "tai_chinh", _("Finance, Planning and Investment")
    Y_TE = "y_te", _("Health (food safety)")
    DOAN_THE = "doan_the", _("Mass organisations")
    HOP_TAC_XA = "hop_tac_xa", _("Cooperative Alliance, business associations")
    BAO_VE_NTD = "bao_ve_ntd", _("Consumer protection association")


class Agency(models.Model):
    """A member body of a committee at one level: Sở Công Thương, Công an tỉnh, Hội Nông dân …

    `kind` says which indicators it reports; `order` is the committee's own order of its members (documents and
    tables list agencies in it)."""

    unit = models.ForeignKey(
        "steering.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="agencies"
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=AgencyKind.choices,
        blank=True,
        help_text=_("Decides which indicators the agency reports and which of its figures are counted."),
    )
    order = models.PositiveSmallIntegerField(_("order in the committee"), default=100)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    must_report = models.BooleanField(
        _("files periodic reports"), default=False, help_text=_("Member agencies that report every six months.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="agency_unique_name_per_unit")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=120)
    # How official documents address the person ("Ông Trần Văn A", "Bà Lê Thị B"); blank when not known.
    form_of_address = models.CharField(
        _("form of address"),
        max_length=3,
        choices=[("Ông", _("Mr (Ông)")), ("Bà", _("Ms (Bà)"))],
        blank=True,
        default="",
        help_text=_("Printed before the name in official documents; left blank, they print “Ông/Bà”."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        "steering.User",
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name


class Committee(models.Model):
    """The steering committee (Ban Chỉ đạo) of one unit for one campaign cycle."""

    unit = models.ForeignKey(
        "steering.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="committees"
    )
    cycle = models.CharField(_("campaign cycle"), max_length=20, help_text=_("For example 2019-2024."))
    name = models.CharField(_("name"), max_length=255)
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("The last day of a committee whose unit was reorganised.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__path", "-cycle"]
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        constraints = [models.UniqueConstraint(fields=["unit", "cycle"], name="committee_one_per_unit_cycle")]

    def __str__(self) -> str:
        return self.name


class CommitteeDecision(models.Model):
    """A deciding document: forming or re-forming ("kiện toàn") a committee, or changing its members."""

    class Kind(models.TextChoices):
        FORMATION = "formation", _("Formation")
        REFORMATION = "reformation", _("Re-formation (kiện toàn)")
        MEMBER_CHANGE = "member_change", _("Member change")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=60, help_text=_("For example 125/QĐ-MT."))
    date = models.DateField(_("date"))
    signer = models.CharField(_("signed by"), max_length=120)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey("steering.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"


class MemberRole(models.TextChoices):
    HEAD = "head", _("Head (Trưởng ban)")
    STANDING_DEPUTY = "standing_deputy", _("Standing deputy head (Phó Trưởng ban thường trực)")
    DEPUTY = "deputy", _("Deputy head (Phó Trưởng ban)")
    MEMBER = "member", _("Member (Ủy viên)")
    SECRETARY = "secretary", _("Secretary (Thư ký)")


class Membership(models.Model):
    """One person's term on a committee. Terms are ended, never deleted: history is the list of terms."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    position = models.CharField(_("position"), max_length=200, blank=True, help_text=_("Job title in the agency."))
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    start_date = models.DateField(_("start of term"))
    end_date = models.DateField(_("end of term"), null=True, blank=True)
    decision = models.ForeignKey(
        CommitteeDecision,
        verbose_name=_("deciding document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="started_memberships",
    )
    end_decision = models.ForeignKey(
        CommitteeDecision,
        verbose_name=_("document ending the term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ended_memberships",
    )
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "role", "start_date"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_not_before_start",
            ),
            # The service checks this first with a clear message; the index is the last line of defence.
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role="head", end_date__isnull=True),
                name="membership_one_active_head",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"

    @property
    def is_active(self) -> bool:
        return self.end_date is None
