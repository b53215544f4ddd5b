from django.db import models
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
}


def unit_kind_of(division_type: str) -> str:
    """province / district / commune for a division type (tỉnh, huyện, xã …); unknown types count as communes."""
    return str(KIND_OF_DIVISION_TYPE.get(division_type, UnitKind.COMMUNE))


class AdministrativeUnit(models.Model):
    """A province, district or commune, at one time.

    `level` is data (1 = top): the same rows serve the three-level map of 2021 and the two-level map after
    07/2025. `path` is the chain of codes from the top ("30/291/10507/"), so a whole subtree is one indexed
    prefix query.
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
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
    path = models.CharField(max_length=255, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("successor units"), symmetrical=False, blank=True, related_name="predecessors"
    )
    history = HistoricalRecords(m2m_fields=[successors])

    class Meta:
        ordering = ["path"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        """province / district / commune, from the division type (not the depth in the tree)."""
        return unit_kind_of(self.division_type)

    def is_ancestor_of(self, other: "AdministrativeUnit") -> bool:
        return other.path.startswith(self.path)
