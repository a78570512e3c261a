"""The "rat_compliance" choropleth of the regional potential map: per child region, the share (percent) of the
active cooperatives whose RAT report of their last ended fiscal year has reached the Dinas. Registered into
simpul.potential's CHOROPLETHS from RatConfig.ready (potential does not import rat)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative
from simpul.potential.layers.base import LayerScope
from simpul.potential.layers.choropleth import CHOROPLETHS, Choropleth
from simpul.rat import deadlines
from simpul.rat.selectors import compliance_share

KEY = "rat_compliance"


def _last_year(cooperative: Cooperative, today: object) -> int:
    return deadlines.last_ended_fiscal_year(today, cooperative.fiscal_year_start_month)  # type: ignore[arg-type]


def rat_compliance(scope: LayerScope) -> dict[str, Decimal]:
    counts = compliance_share(scope.code, scope.child_level, _last_year, timezone.localdate())
    return {
        code: (Decimal(100 * received) / Decimal(expected)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        for code, (expected, received) in counts.items()
        if expected
    }


def register_choropleth() -> None:
    CHOROPLETHS.setdefault(
        KEY, Choropleth(key=KEY, label=_("RAT reports received (%)"), unit="%", values=rat_compliance)
    )
