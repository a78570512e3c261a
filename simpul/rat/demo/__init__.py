"""The RAT demo: a few annual reports of Bandung's demo cooperatives (seed.py)."""

from typing import Any

DEMO_ORDER = 60  # after the books (the pack reads them) and the needs


def register_demo() -> None:
    """Seed the RAT reports with `manage.py seed_demo`: call from RatConfig.ready()."""
    from simpul.coops.hooks import demo_seeded_hook_add

    demo_seeded_hook_add(demo_rat_seed, order=DEMO_ORDER)


def demo_rat_seed(**kwargs: Any) -> None:
    from simpul.rat.demo.seed import demo_rat_seed as seed

    seed(**kwargs)
