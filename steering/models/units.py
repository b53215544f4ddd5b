import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DivisionType(models.TextChoices):
    PROVINCE = "tinh", _("Province")
    CENTRAL_CITY = "thanh_pho_tw", _("Centrally-governed city")
    CITY = "thanh_pho", _("Provincial city")
    URBAN_DISTRICT = "quan", _("Urban district")
    DISTRICT = "huyen", _("District")
    TOWN = "thi_xa", _("Town")
    COMMUNE = "xa", _("Commune")
    WARD = "phuong", _("Ward")
    TOWNLET = "thi_tran", _("Township")
    SPECIAL_ZONE = "dac_khu", _("Special zone")


class UnitKind(models.TextChoices):
    """What a unit is in the hierarchy, whatever its depth in the tree: the vocabulary of `filled_by` rules."""

    PROVINCE = "province", _("Province level")
    DISTRICT = "district", _("District level")
    COMMUNE = "commune", _("Commune level")


KIND_OF_DIVISION_TYPE = {
    DivisionType.PROVINCE: UnitKind.PROVINCE,
    DivisionType.CENTRAL_CITY: UnitKind.PROVINCE,
    DivisionType.CITY: UnitKind.DISTRICT,
    DivisionType.URBAN_DISTRICT: UnitKind.DISTRICT,
    DivisionType.DISTRICT: UnitKind.DISTRICT,
    DivisionType.TOWN: UnitKind.DISTRICT,
    DivisionType.COMMUNE: UnitKind.COMMUNE,
    DivisionType.WARD: UnitKind.COMMUNE,
    DivisionType.TOWNLET: UnitKind.COMMUNE,
    DivisionType.SPECIAL_ZONE: UnitKind.COMMUNE,
}

# The kind one step down, for deadlines: a member agency reports before its own unit consolidates.
KIND_BELOW = {UnitKind.PROVINCE: UnitKind.DISTRICT, UnitKind.DISTRICT: UnitKind.COMMUNE}


def division_types_of_kind(kind: str) -> list[str]:
    return [str(dtype) for dtype, k in KIND_OF_DIVISION_TYPE.items() if k == kind]


def unit_kind_of(division_type: str) -> str:
    """province / district / commune for a division type (tỉnh, huyện, xã …); unknown types count as communes."""
    return str(KIND_OF_DIVISION_TYPE.get(division_type, UnitKind.COMMUNE))


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> "UnitQuerySet":
        """Units that existed on `day` (a unit's valid_to is its last day)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def current(self) -> "UnitQuerySet":
        return self.valid_on(timezone.localdate())

    def with_code(self, code: str, *, on: datetime.date | None = None) -> "AdministrativeUnit | None":
        """The unit that held `code` on `on` (today when None): the same code may name an old and a new unit."""
        return self.valid_on(on or timezone.localdate()).filter(code=code).first()


class AdministrativeUnit(models.Model):
    """A province, district or commune for one period of its existence.

    A unit row never changes name or parent once it has reports: a reorganisation ends it (`valid_to`, its last
    day) and starts a successor row, linked through `UnitSuccession`. The official `code` may therefore belong to
    an old and a new row (10606 was Thị trấn Nam Sách, is now Xã Nam Sách): look a unit up by code only as of a
    date (`AdministrativeUnit.objects.with_code`). `key` is the row's own identity, used in URLs and paths: the
    code for the first row that held it, "code.YYYYMMDD" (its valid_from) for a later one.

    `level` is the depth in its own tree (1 = top); what a unit *is* (province, district, commune) is its `kind`,
    from the division type, and rules (deadlines, indicator scope) follow the kind. `path` is the chain of keys
    from the top ("30/291/10507/"), so a whole subtree is one indexed prefix query.
    """

    code = models.CharField(_("code"), max_length=10, db_index=True)
    key = models.CharField(_("key"), max_length=24, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    division_type = models.CharField(_("division type"), max_length=20, choices=DivisionType.choices)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successor units"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        through="steering.UnitSuccession",
        through_fields=("predecessor", "successor"),
    )
    history = HistoricalRecords()

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_to__isnull=True), name="unit_one_current_per_code"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.dated_name  # in lists and pickers the old and the new Hải Phòng must not look alike

    def save(self, *args, **kwargs):
        # A row made without a key or path (a fixture, a shell) is the first holder of its code.
        if not self.key:
            self.key = self.code
        if not self.path:
            self.path = f"{self.parent.path if self.parent else ''}{self.key}/"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("steering:unit_detail", args=[self.key])

    @property
    def is_current(self) -> bool:
        return self.valid_to is None or self.valid_to >= timezone.localdate()

    def existed_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)

    @property
    def dated_name(self) -> str:
        """'Tỉnh Hải Dương (đến 30/06/2025)' for an ended unit, the plain name for a current one."""
        if self.valid_to is None:
            return self.name
        return _("%(name)s (until %(date)s)") % {"name": self.name, "date": self.valid_to.strftime("%d/%m/%Y")}

    @property
    def kind(self) -> str:
        """province / district / commune, from the division type (not the depth in the tree)."""
        return unit_kind_of(self.division_type)

    def is_ancestor_of(self, other: "AdministrativeUnit") -> bool:
        return other.path.startswith(self.path)


class UnitSuccession(models.Model):
    """One link of a reorganisation: `predecessor` ended and (part of) it became `successor` on `effective_on`.

    A merge is several links to one successor, a division several links from one predecessor; `is_default` marks the
    successor that takes a divided unit's people and open business. `decision` is the deciding document
    ("1669/NQ-UBTVQH15"), where the data names one."""

    predecessor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("predecessor"), on_delete=models.PROTECT, related_name="successions_out"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="successions_in"
    )
    effective_on = models.DateField(_("effective on"))
    decision = models.CharField(_("deciding document"), max_length=120, blank=True)
    is_default = models.BooleanField(_("default successor"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["effective_on", "predecessor__path"]
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_once_per_pair"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="succession_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_on:%d/%m/%Y})"
