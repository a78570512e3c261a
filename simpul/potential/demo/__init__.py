"""The potential map's demo: the Bandung Dinas's commodity surveys of its cooperatives' villages (seed.py)."""

from typing import Any

DEMO_ORDER = 60  # after the needs (50)


def register_demo() -> None:
    """Seed the surveys with `manage.py seed_demo`: call from PotentialConfig.ready()."""
    from simpul.coops.hooks import demo_seeded_hook_add

    demo_seeded_hook_add(demo_potential_seed, order=DEMO_ORDER)


def demo_potential_seed(**kwargs: Any) -> None:
    from simpul.potential.demo.seed import demo_potential_seed as seed

    seed(**kwargs)
