"""Belanja Bareng's demo: the Bandung network's past round, delivered and settled, and its open round (seed.py)."""

from typing import Any

DEMO_ORDER = 40  # after the mart (30): the rounds' goods enter the demo marts' stock and books


def register_demo() -> None:
    """Seed Belanja Bareng with `manage.py seed_demo`: call from JointbuyConfig.ready()."""
    from simpul.coops.hooks import demo_seeded_hook_add

    demo_seeded_hook_add(demo_jointbuy_seed, order=DEMO_ORDER)


def demo_jointbuy_seed(**kwargs: Any) -> None:
    from simpul.jointbuy.demo.seed import demo_jointbuy_seed as seed

    seed(**kwargs)
