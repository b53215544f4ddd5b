from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """Roles are auth Groups with these names; a user may hold several."""

    PROVINCIAL_OFFICE = "provincial_office", _("Provincial office")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    INSPECTOR = "inspector", _("Committee member / inspector")
    VIEWER = "viewer", _("Viewer (read only)")


class User(AbstractUser):
    unit = models.ForeignKey(
        "steering.AdministrativeUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Every view is limited to this unit and the units below it."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.is_authenticated or not self.pk:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))
