"""The Koperasi Mart's demo: products, stock, suppliers, settings, a month of sales and an open shift (seed.py)."""

from typing import Any

DEMO_ORDER = 30  # after members (10) and the year of books (20): the mart moves the books' 1301 stock into 1302


def register_demo() -> None:
    """Seed the mart with `manage.py seed_demo`: call from MartConfig.ready()."""
    from simpul.coops.hooks import demo_seeded_hook_add

    demo_seeded_hook_add(demo_mart_seed, order=DEMO_ORDER)


def demo_mart_seed(**kwargs: Any) -> None:
    from simpul.mart.demo.seed import demo_mart_seed as seed

    seed(**kwargs)
