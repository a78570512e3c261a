"""Extension points for apps built on top of coops, which coops itself must not import (the ledger, …).

An app registers its callables from its AppConfig.ready(); the service calls them inside its own transaction, so a
failing hook rolls the whole registration back.
"""

from collections.abc import Callable
from typing import Any

# Each hook is called as fn(cooperative=…, actor=…) at the end of cooperative_register.
on_cooperative_registered: list[Callable[..., Any]] = []


def cooperative_registered_hook_add(fn: Callable[..., Any]) -> None:
    """Register `fn` once (ready() may run more than once in tests)."""
    if fn not in on_cooperative_registered:
        on_cooperative_registered.append(fn)


def cooperative_registered_hooks_run(*, cooperative: Any, actor: Any) -> None:
    for fn in on_cooperative_registered:
        fn(cooperative=cooperative, actor=actor)
