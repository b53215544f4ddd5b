"""Campaign activities logged by any unit, with typed, summable figures.

These rows are the evidence that pre-fills the six-monthly report (steering/prefill_activities.py), so every
figure is a real number column, never text. Which figures a kind of activity records is data in KIND_FIGURES:
the form shows those, the service clears the others.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steering.models.plans import ContentArea


class ActivityKind(models.TextChoices):
    PROPAGANDA = "propaganda", _("Propaganda session")
    CONFERENCE = "conference", _("Conference")
    MEDIA = "media", _("Media items (press, radio, TV, portals)")
    QUIZ = "quiz", _("Quiz about the campaign")
    PRINTED = "printed", _("Banners and leaflets")
    FAIR = "fair", _("Trade fair or exhibition")
    SALES_DRIVE = "sales_drive", _("“Hàng Việt về nông thôn” sales drive")
    POINT_OF_SALE = "point_of_sale", _("Points of sale for Vietnamese goods opened")
    CONSUMER = "consumer", _("Consumer consultation or training")
    OTHER = "other", _("Other activity")


# Every figure column, in the order forms and exports show them.
FIGURE_FIELDS = [
    "attendees",
    "items_published",
    "broadcasts",
    "entries",
    "banners",
    "leaflets",
    "booths",
    "businesses",
    "products",
    "visitors",
    "revenue_million_vnd",
    "points_of_sale",
    "days",
]

# kind -> (content area it usually belongs to, the figures that matter for it)
KIND_FIGURES: dict[str, tuple[int, list[str]]] = {
    ActivityKind.PROPAGANDA: (ContentArea.PROPAGANDA, ["attendees", "leaflets"]),
    ActivityKind.CONFERENCE: (ContentArea.PROPAGANDA, ["attendees"]),
    ActivityKind.MEDIA: (ContentArea.PROPAGANDA, ["items_published", "broadcasts"]),
    ActivityKind.QUIZ: (ContentArea.PROPAGANDA, ["entries"]),
    ActivityKind.PRINTED: (ContentArea.PROPAGANDA, ["banners", "leaflets"]),
    ActivityKind.FAIR: (
        ContentArea.TRADE,
        ["booths", "businesses", "products", "visitors", "revenue_million_vnd", "days"],
    ),
    ActivityKind.SALES_DRIVE: (
        ContentArea.TRADE,
        ["booths", "businesses", "products", "visitors", "revenue_million_vnd", "days"],
    ),
    ActivityKind.POINT_OF_SALE: (ContentArea.TRADE, ["points_of_sale", "businesses"]),
    ActivityKind.CONSUMER: (ContentArea.CONSUMERS, ["attendees"]),
    ActivityKind.OTHER: (ContentArea.PROPAGANDA, ["attendees", "businesses", "visitors"]),
}


def _count(verbose):
    return models.PositiveIntegerField(verbose, null=True, blank=True)


class Activity(models.Model):
    unit = models.ForeignKey(
        "steering.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    content_area = models.PositiveSmallIntegerField(_("content area"), choices=ContentArea.choices)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"), db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    task = models.ForeignKey(
        "steering.PlanTask",
        verbose_name=_("plan task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )

    attendees = _count(_("attendees"))
    items_published = _count(_("news items and articles"))
    broadcasts = _count(_("loudspeaker broadcasts"))
    entries = _count(_("quiz entries"))
    banners = _count(_("banners and billboards"))
    leaflets = _count(_("leaflets"))
    booths = _count(_("booths"))
    businesses = _count(_("participating businesses"))
    products = _count(_("products shown"))
    visitors = _count(_("visitors and shoppers"))
    revenue_million_vnd = models.DecimalField(
        _("revenue (million VND)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    points_of_sale = _count(_("points of sale"))
    days = _count(_("days"))

    created_by = models.ForeignKey("steering.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("campaign activity")
        verbose_name_plural = _("campaign activities")
        indexes = [models.Index(fields=["unit", "date"], name="activity_unit_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revenue_million_vnd__isnull=True) | models.Q(revenue_million_vnd__gte=0),
                name="activity_revenue_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("date")),
                name="activity_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def figures(self) -> list[tuple[str, object]]:
        """(label, value) of the figures that matter for this kind, for display."""
        names = KIND_FIGURES.get(self.kind, (None, FIGURE_FIELDS))[1]
        return [(self._meta.get_field(n).verbose_name, getattr(self, n)) for n in names]
