"""On PostgreSQL: two products with the same barcode or SKU saved at the same moment end as one product and one
clear refusal naming it; two adoptions of a standard at once create each product once."""

import threading
from collections.abc import Callable, Sequence

import pytest
from django.db import connection

from simpul.coops.models import MembershipStatus, RoleKind
from simpul.coops.tests.factories import CooperativeFactory, MembershipFactory, NetworkFactory, person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.mart.catalog.services import product_create
from simpul.mart.models import Product
from simpul.mart.network.services import standard_adopt, standard_product_save

KEEP_REGIONS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.admin",
    "axes",
    "django_tasks_db",
    "simpul.core",
    "simpul.coops",
    "simpul.ledger",
    "simpul.members",
    "simpul.mart",
]

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=KEEP_REGIONS),
]


def _run_at_once(works: Sequence[Callable[[], object]]) -> list[object]:
    start = threading.Barrier(len(works))
    results: list[object] = []

    def run(work: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            results.append(work())
        except Exception as error:  # collected and checked by the test
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("clash", ["barcode", "sku"])
def test_the_same_code_at_once_is_one_product_and_one_refusal(clash):
    coop = CooperativeFactory.create()
    manager = person_with_role(RoleKind.MANAGER, coop)

    def create(n: int) -> Callable[[], object]:
        sku = "SAMA" if clash == "sku" else f"SKU-{n}"
        codes = ["8992761111113"] if clash == "barcode" else [f"KODE{n}"]
        return lambda: product_create(
            cooperative=coop, actor=manager, sku=sku, name=f"Produk {n}", price="1000", barcodes=codes
        )

    results = _run_at_once([create(1), create(2)])
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(refused) == 1, results
    assert refused[0].code == f"duplicate_{clash}" and "Produk" in refused[0].message
    assert Product.objects.filter(cooperative=coop).count() == 1


def test_two_adoptions_at_once_create_each_product_once():
    network = NetworkFactory.create()
    coop = CooperativeFactory.create()
    MembershipFactory.create(cooperative=coop, network=network, status=MembershipStatus.ACTIVE)
    manager = person_with_role(RoleKind.MANAGER, coop)
    for n in range(5):
        standard_product_save(network=network, actor=None, name=f"Standar {n}", recommended_price="1000")
    results = _run_at_once(
        [lambda: standard_adopt(cooperative=coop, actor=manager, network_id=network.pk) for _ in range(2)]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(len(r.created) for r in results) == [0, 5]  # type: ignore[attr-defined]
    assert Product.objects.filter(cooperative=coop).count() == 5
