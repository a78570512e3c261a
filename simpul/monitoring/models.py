"""Roll-ups: one row per cooperative with its current figures, one per cooperative and month for the trends, and one
per early warning that holds. Each row copies the cooperative's region codes, so a region's lists read one indexed
column, never a join up the region tree. Above them, one row per region (village, district, regency, province, the
country) and one per region and month, each the sum of its children's rows, so a dashboard reads a region's row and
its children's rows, never every cooperative of a province. Rows are written only by simpul/monitoring/rollups.py and
simpul/monitoring/regions.py."""

from django.db import models
from django.utils import timezone

from simpul.coops.models import Cooperative


def _money() -> models.DecimalField:
    return models.DecimalField(max_digits=18, decimal_places=2, default=0)


def _count() -> models.PositiveBigIntegerField:
    return models.PositiveBigIntegerField(default=0)


class CooperativeRollup(models.Model):
    """A cooperative's current figures, as the indicator sources (simpul/monitoring/indicators/) computed them."""

    cooperative = models.OneToOneField(Cooperative, on_delete=models.CASCADE, related_name="+")
    province_code = models.CharField(max_length=2)
    regency_code = models.CharField(max_length=5)
    district_code = models.CharField(max_length=8)
    village_code = models.CharField(max_length=13)
    type = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    members = models.PositiveIntegerField(default=0)
    savings = _money()
    assets = _money()
    mart_sales_member = _money()  # this month (WIB), completed sales as rung up
    mart_sales_nonmember = _money()
    jointbuy_savings = _money()  # Belanja Bareng: buying alone less the round's price, every closed round
    needs_open = models.PositiveIntegerField(default=0)
    needs_overdue = models.PositiveIntegerField(default=0)
    wajib_arrears_members = models.PositiveIntegerField(default=0)
    wajib_arrears_total = _money()
    staples_short = models.PositiveIntegerField(default=0)
    staples_above_het = models.PositiveIntegerField(default=0)
    last_activity_on = models.DateField(null=True, blank=True)
    # The annual members' meeting (RAT) of the cooperative's last ended fiscal year: 1 or 0, so a region sums them.
    rat_expected = models.PositiveSmallIntegerField(default=0)  # active, so expected to report
    rat_received = models.PositiveSmallIntegerField(default=0)  # submitted to or accepted by the Dinas
    rat_on_time = models.PositiveSmallIntegerField(default=0)
    rat_overdue = models.PositiveSmallIntegerField(default=0)  # not received, and a deadline has passed
    recommendations_overdue = models.PositiveIntegerField(default=0)  # mentoring recommendations past their deadline
    # Indicators of sources without a column of their own (rat, training, …): {indicator: value}.
    extra = models.JSONField(default=dict, blank=True)
    stale = models.BooleanField(default=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["province_code"], name="rollup_province"),
            models.Index(fields=["regency_code"], name="rollup_regency"),
            models.Index(fields=["district_code"], name="rollup_district"),
            models.Index(fields=["village_code"], name="rollup_village"),
            models.Index(fields=["stale"], name="rollup_stale", condition=models.Q(stale=True)),
        ]

    def __str__(self) -> str:
        return f"rollup {self.cooperative_id}"


class CooperativeMonthRollup(models.Model):
    """A cooperative's figures of one calendar month (`month` is its first day), for the trends."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    province_code = models.CharField(max_length=2)
    regency_code = models.CharField(max_length=5)
    district_code = models.CharField(max_length=8)
    village_code = models.CharField(max_length=13)
    members = models.PositiveIntegerField(default=0)  # active at the month's end
    mart_sales_member = _money()
    mart_sales_nonmember = _money()
    needs_submitted = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cooperative", "month"], name="rollup_month_unique")]
        indexes = [
            models.Index(fields=["province_code", "month"], name="rollup_month_province"),
            models.Index(fields=["regency_code", "month"], name="rollup_month_regency"),
            models.Index(fields=["district_code", "month"], name="rollup_month_district"),
            models.Index(fields=["village_code", "month"], name="rollup_month_village"),
        ]

    def __str__(self) -> str:
        return f"rollup {self.cooperative_id} {self.month:%Y-%m}"


class RollupWarning(models.Model):
    """An early warning that holds for a cooperative now (simpul/monitoring/warnings.py names the kinds); `since` is
    the day it was first seen, kept while it holds. Removed when it no longer holds."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    since = models.DateField()
    province_code = models.CharField(max_length=2)
    regency_code = models.CharField(max_length=5)
    district_code = models.CharField(max_length=8)
    village_code = models.CharField(max_length=13)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cooperative", "kind"], name="rollup_warning_unique")]
        # The warnings list walks a region's warnings oldest first (selectors.warning_rows) without sorting them all.
        indexes = [
            models.Index(fields=["since", "cooperative"], name="rollup_warning_since"),
            models.Index(fields=["province_code", "since", "cooperative"], name="rollup_warning_province"),
            models.Index(fields=["regency_code", "since", "cooperative"], name="rollup_warning_regency"),
            models.Index(fields=["district_code", "since", "cooperative"], name="rollup_warning_district"),
            models.Index(fields=["village_code", "since", "cooperative"], name="rollup_warning_village"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.cooperative_id}"


class RegionRollup(models.Model):
    """A region's figures: the sums of its children's rows (a village's cooperatives, a district's villages, …, the
    country's provinces), with how many cooperatives, how many of them stale, and counts by type, status and warning.
    The country's `code` is empty (level 0)."""

    code = models.CharField(max_length=13, unique=True)
    level = models.PositiveSmallIntegerField()
    parent_code = models.CharField(max_length=13, blank=True)
    cooperatives = _count()
    stale = _count()
    oldest_refresh = models.DateTimeField(null=True, blank=True)
    newest_refresh = models.DateTimeField(null=True, blank=True)
    members = _count()
    savings = _money()
    assets = _money()
    mart_sales_member = _money()
    mart_sales_nonmember = _money()
    jointbuy_savings = _money()
    needs_open = _count()
    needs_overdue = _count()
    rat_expected = _count()
    rat_received = _count()
    rat_on_time = _count()
    rat_overdue = _count()
    recommendations_overdue = _count()
    # {"type:<type>": n, "status:<status>": n, "warning:<kind>": n}: summed like the figures, without a column each.
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["parent_code", "level"], name="rollup_region_parent")]

    def __str__(self) -> str:
        return f"rollup region {self.code or 'id'}"


class RegionMonthRollup(models.Model):
    """A region's figures of one calendar month, the sum of its children's month rows."""

    code = models.CharField(max_length=13)
    level = models.PositiveSmallIntegerField()
    parent_code = models.CharField(max_length=13, blank=True)
    month = models.DateField()
    members = _count()
    mart_sales_member = _money()
    mart_sales_nonmember = _money()
    needs_submitted = _count()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "month"], name="rollup_region_month_unique")]
        indexes = [models.Index(fields=["parent_code", "level"], name="rollup_region_month_parent")]

    def __str__(self) -> str:
        return f"rollup region {self.code or 'id'} {self.month:%Y-%m}"
