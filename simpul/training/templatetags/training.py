"""Overdue recommendations for the home pages built by lower apps (the Dinas home in coops, the cooperative home
in members), which must not import training: their templates load these tags instead."""

from typing import Any

from django import template
from django.utils import timezone

from simpul.training import access, selectors
from simpul.training.models import Recommendation

register = template.Library()


@register.simple_tag
def overdue_recommendations_in_region(region_code: str) -> int:
    """Recommendations past their deadline of the visits to the region's cooperatives (today in WIB)."""
    visits = access.visits_of_office_region(region_code)
    recommendations = Recommendation.objects.filter(visit__in=visits)
    return selectors.overdue_recommendations(recommendations, timezone.localdate()).count()


@register.simple_tag
def overdue_recommendations_of(cooperative: Any) -> int:
    return selectors.overdue_recommendation_counts([cooperative.pk], cooperative.today()).get(cooperative.pk, 0)
