"""Training and mentoring in the demo (seed.py), seeded by `manage.py seed_demo` after the needs."""

from typing import Any

DEMO_ORDER = 60  # after the needs (50)


def register_demo() -> None:
    """Seed training with `manage.py seed_demo`: call from TrainingConfig.ready()."""
    from simpul.coops.hooks import demo_seeded_hook_add

    demo_seeded_hook_add(demo_training_seed, order=DEMO_ORDER)


def demo_training_seed(**kwargs: Any) -> None:
    from simpul.training.demo.seed import demo_training_seed as seed

    seed(**kwargs)
