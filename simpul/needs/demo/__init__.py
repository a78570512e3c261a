"""The needs' demo: what Bandung's and Central Java's cooperatives ask for, and the answers (seed.py)."""

from typing import Any

DEMO_ORDER = 50  # after Belanja Bareng (40): its agreement lets the demo supplier see the network's needs


def register_demo() -> None:
    """Seed the needs with `manage.py seed_demo`: call from NeedsConfig.ready()."""
    from simpul.coops.hooks import demo_seeded_hook_add

    demo_seeded_hook_add(demo_needs_seed, order=DEMO_ORDER)


def demo_needs_seed(**kwargs: Any) -> None:
    from simpul.needs.demo.seed import demo_needs_seed as seed

    seed(**kwargs)
