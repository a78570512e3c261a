"""Every tenant-owned table carries `cooperative_id`, and every unique rule starts with it (DESIGN.md, "Scale").

This keeps the schema ready for row sharding by cooperative (Citus distributes on `cooperative_id`, and a
distributed table may only have unique constraints that include that column). A model of a `simpul.*` app is
tenant-owned unless SHARED below names it with the reason. The test grows with every later app by itself.
"""

from collections.abc import Iterable

import pytest
from django.apps import apps
from django.db import models
from django.db.models.expressions import Col, F
from django.test.utils import isolate_apps

# label_lower -> why the table is not owned by one cooperative.
SHARED: dict[str, str] = {
    "regions.region": "Kemendagri reference data, the same for everyone (a Citus reference table).",
    "coops.cooperative": "The tenant itself; its primary key is the distribution value.",
    "core.user": "A person may hold roles in several cooperatives and in offices, networks and suppliers.",
    "core.apitoken": "Belongs to a person, not to a cooperative; a person's roles decide what it opens.",
    "core.passwordresetrequest": "Counts reset-link requests per account and client address, before any login.",
    "core.auditlog": (
        "Also records events of offices, networks and suppliers: cooperative is nullable and rows are "
        "found by cooperative or by region code."
    ),
    "coops.governmentoffice": "A Dinas Koperasi or the ministry; its scope is a region subtree, not a cooperative.",
    "coops.supplier": "A company that sells to many cooperatives.",
    "coops.network": "Joins many cooperatives; coordinated by a cooperative or by a Dinas office.",
    "mart.priceceiling": "The government's HET per region: reference data set by a Dinas or a network.",
    "mart.standardproduct": "A network's standard product list, adopted by its member cooperatives.",
    "mart.standardchecklistitem": "A network's opening and closing checklist, the same for its member marts.",
    "jointbuy.supplieragreement": "A network's agreement with a supplier, behind the rounds of all its members.",
    "jointbuy.roundtemplate": "A network's recurring round, opened for all its members.",
    "jointbuy.round": "A network's joint purchasing round: every member cooperative sees and joins it.",
    "jointbuy.roundstatuschange": "The history of a network's round.",
    "jointbuy.roundsupplier": "A supplier in a network's round, with its purchase order for the whole round.",
    "jointbuy.rounditem": "An item of a network's round: its total, tier and cap are the network's.",
    "jointbuy.pricetier": "An item's volume prices on the whole round's total.",
    "jointbuy.roundevent": "A step of a network's round, shown to every member of the network.",
    "coops.role": "Names an organisation of any kind (cooperative, network, office, supplier) or none (admin).",
    # Potential map (simpul/potential): the Dinas's and the operator's rows, no cooperative owns them.
    "potential.boundary": "A region's imported outline: reference data like the regions (a Citus reference table).",
    "potential.commoditysurvey": "A Dinas's survey of what a village produces: the office's row, keyed by region.",
    # Training (simpul/training): a course and its sessions and materials are the organiser's (a Dinas office or a
    # network), offered to many cooperatives; enrolments, attendance and visits are the cooperative's.
    "training.course": "A course of a Dinas office or a network, open to the cooperatives of its region or network.",
    "training.coursesession": "A session of a course: the organiser's row.",
    "training.coursematerial": "A material of a course: the organiser's row.",
    # Region roll-ups (simpul/monitoring/regions.py): each row sums every cooperative of a region for the Dinas.
    "monitoring.regionrollup": "A region's totals over all its cooperatives, read by the Dinas and the public page.",
    "monitoring.regionmonthrollup": "A region's month figures over all its cooperatives.",
}


def simpul_models() -> list[type[models.Model]]:
    """Every concrete model of the simpul.* apps, auto-created many-to-many tables included."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("simpul."):
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.abstract or model._meta.proxy or not model._meta.managed:
                continue
            found.append(model)
    return found


def _is_tenant_model(model: type[models.Model]) -> bool:
    return model._meta.label_lower not in SHARED and not _is_shared_m2m(model)


def _is_shared_m2m(model: type[models.Model]) -> bool:
    """An auto-created M2M table is shared when both its sides are (supplier ↔ region, user ↔ Django's groups)."""
    if not model._meta.auto_created:
        return False
    targets = [f.related_model for f in model._meta.fields if isinstance(f, models.ForeignKey)]
    return all(t is not None and _is_shared_label(t._meta) for t in targets)


def _is_shared_label(opts: models.options.Options) -> bool:
    # Django's own tables (auth.Group, auth.Permission) belong to no cooperative.
    return opts.label_lower in SHARED or not opts.app_config.name.startswith("simpul.")


def _unique_field_sets(model: type[models.Model]) -> Iterable[tuple[str, list[str]]]:
    """(description, field names in order) for each unique rule of the table other than the primary key."""
    opts = model._meta
    for f in opts.local_fields:
        if f.primary_key:
            continue
        if f.unique:  # unique=True, and every OneToOneField
            yield f"field {f.name} (unique=True)", [f.name]
    for together in opts.unique_together:
        yield f"unique_together {tuple(together)}", list(together)
    for constraint in opts.constraints:
        if not isinstance(constraint, models.UniqueConstraint):
            continue
        if constraint.fields:
            yield f"UniqueConstraint {constraint.name}", list(constraint.fields)
        else:
            yield f"UniqueConstraint {constraint.name}", [_expression_field(e) for e in constraint.expressions]


def _expression_field(expression: object) -> str:
    if isinstance(expression, F):
        return str(expression.name)  # type: ignore[attr-defined]
    if isinstance(expression, Col):
        return expression.target.name
    return repr(expression)  # an expression such as Lower("name") does not start with the cooperative


def _is_cooperative_field(model: type[models.Model], name: str) -> bool:
    try:
        f = model._meta.get_field(name)
    except Exception:
        return name == "cooperative_id"
    return f.name == "cooperative" and f.is_relation and f.related_model is apps.get_model("coops", "Cooperative")


def tenancy_violations(model: type[models.Model]) -> list[str]:
    """What is wrong with a tenant-owned model, in words a developer can act on."""
    problems = []
    Cooperative = apps.get_model("coops", "Cooperative")
    try:
        f = model._meta.get_field("cooperative")
    except Exception:
        f = None
    if f is None or not f.is_relation or f.related_model is not Cooperative:
        problems.append("has no `cooperative` foreign key to coops.Cooperative")
    else:
        if f.null:  # type: ignore[union-attr]
            problems.append("`cooperative` is nullable; a tenant-owned row always belongs to one cooperative")
        if getattr(f, "column", None) != "cooperative_id":
            problems.append(f"`cooperative` is stored in column {f.column!r}, not cooperative_id")  # type: ignore[union-attr]
    for description, names in _unique_field_sets(model):
        if not names or not _is_cooperative_field(model, names[0]):
            problems.append(f"{description} on {names} does not start with `cooperative`")
    return problems


def test_shared_table_names_real_models():
    labels = {m._meta.label_lower for m in simpul_models()}
    stale = sorted(set(SHARED) - labels)
    assert not stale, f"SHARED names models that no longer exist: {stale}"


def test_there_are_tenant_models():
    tenant = {m._meta.label_lower for m in simpul_models() if _is_tenant_model(m)}
    # A sanity floor: if this drops, the enumeration broke, not the models.
    assert {"coops.outlet", "coops.networkmembership", "coops.partnership"} <= tenant


@pytest.mark.parametrize(
    "model", [m for m in simpul_models() if _is_tenant_model(m)], ids=lambda m: m._meta.label_lower
)
def test_tenant_model_is_keyed_by_cooperative(model):
    problems = tenancy_violations(model)
    assert not problems, (
        f"{model._meta.label} is tenant-owned but {'; '.join(problems)}. Either fix the model (every unique rule "
        "starts with `cooperative`, which is a non-null FK), or, if the table really is shared by every "
        "cooperative, add it to SHARED in tests/test_tenancy.py with the reason."
    )


@isolate_apps("simpul.coops")
def test_the_check_catches_a_model_that_forgets_the_cooperative():
    """The rule bites: a new model without the column, with a nullable one, or with a global unique is caught."""
    Cooperative = apps.get_model("coops", "Cooperative")

    class Forgetful(models.Model):
        code = models.CharField(max_length=10, unique=True)

        class Meta:
            app_label = "coops"

    class NullableOwner(models.Model):
        cooperative = models.ForeignKey(Cooperative, null=True, on_delete=models.CASCADE)

        class Meta:
            app_label = "coops"

    class GlobalUnique(models.Model):
        cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE)
        number = models.CharField(max_length=10)
        token = models.CharField(max_length=10)

        class Meta:
            app_label = "coops"
            unique_together = [("number", "cooperative")]
            constraints = [models.UniqueConstraint(F("token"), name="global_unique_token")]

    class WellKept(models.Model):
        cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE)
        number = models.CharField(max_length=10)

        class Meta:
            app_label = "coops"
            constraints = [models.UniqueConstraint(fields=["cooperative", "number"], name="wellkept_number")]

    assert any("no `cooperative`" in p for p in tenancy_violations(Forgetful))
    assert any("field code" in p for p in tenancy_violations(Forgetful))
    assert any("nullable" in p for p in tenancy_violations(NullableOwner))
    problems = tenancy_violations(GlobalUnique)
    assert any("unique_together" in p for p in problems)
    assert any("global_unique_token" in p for p in problems)
    assert tenancy_violations(WellKept) == []
