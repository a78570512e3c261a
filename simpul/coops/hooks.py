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


# Each hook is called as fn(invitation=…, user=…) inside invitation_accept, after the role is granted and before
# the invitation is marked accepted; raising ApplicationError refuses the acceptance and rolls it all back. The
# members app links a member invitation's login to its member record this way.
on_invitation_accepted: list[Callable[..., Any]] = []


def invitation_accepted_hook_add(fn: Callable[..., Any]) -> None:
    if fn not in on_invitation_accepted:
        on_invitation_accepted.append(fn)


def invitation_accepted_hooks_run(*, invitation: Any, user: Any) -> None:
    for fn in on_invitation_accepted:
        fn(invitation=invitation, user=user)


# The member home (/anggota/) lists a person's cooperatives; the members app says, per cooperative, where the
# person's own member pages are. Each provider is called as fn(user=…, cooperative_ids=[…]) and returns
# {cooperative_id: entry}; an entry has at least `url`.
member_portal_providers: list[Callable[..., dict[int, Any]]] = []


def member_portal_provider_add(fn: Callable[..., dict[int, Any]]) -> None:
    if fn not in member_portal_providers:
        member_portal_providers.append(fn)


def member_portal_entries(*, user: Any, cooperative_ids: list[int]) -> dict[int, Any]:
    entries: dict[int, Any] = {}
    for fn in member_portal_providers:
        entries.update(fn(user=user, cooperative_ids=cooperative_ids))
    return entries


# Demo data of the apps above coops (members, savings, books): each hook is called as
# fn(cooperatives=…, plan=…, today=…, created=…) at the end of demo_seed, inside its transaction, lowest `order`
# first. `cooperatives` maps slug → Cooperative, `plan` is the DemoPlan, `today` the date the demo is seeded up
# to (None: each cooperative's own `today()`, in its zone); a hook adds what it created to the `created` Counter
# and must create nothing on a second run.
on_demo_seeded: list[tuple[int, Callable[..., Any]]] = []


def demo_seeded_hook_add(fn: Callable[..., Any], *, order: int = 0) -> None:
    """Register `fn` once (ready() may run more than once in tests)."""
    if all(registered is not fn for _order, registered in on_demo_seeded):
        on_demo_seeded.append((order, fn))
        on_demo_seeded.sort(key=lambda item: item[0])


def demo_seeded_hooks_run(*, cooperatives: dict[str, Any], plan: Any, today: Any, created: Any) -> None:
    for _order, fn in on_demo_seeded:
        fn(cooperatives=cooperatives, plan=plan, today=today, created=created)


# Figures of the apps above coops (members and savings, the books) for the network coordinator's and the Dinas
# home pages. Each provider is called as fn(cooperative_ids=…), a list of ids or a query of them, and returns
# {cooperative_id: {figure: value}} in a fixed number of queries, whatever the number of cooperatives; the entries
# of the providers are merged per cooperative. Members gives "members" and "savings"; the ledger "has_books",
# "last_posted_at", "last_posted_on" and "assets".
cooperative_figure_providers: list[Callable[..., dict[int, dict[str, Any]]]] = []


def cooperative_figure_provider_add(fn: Callable[..., dict[int, dict[str, Any]]]) -> None:
    if fn not in cooperative_figure_providers:
        cooperative_figure_providers.append(fn)


def cooperative_figures(*, cooperative_ids: Any) -> dict[int, dict[str, Any]]:
    figures: dict[int, dict[str, Any]] = {}
    for fn in cooperative_figure_providers:
        for cooperative_id, found in fn(cooperative_ids=cooperative_ids).items():
            figures.setdefault(cooperative_id, {}).update(found)
    return figures


# The networks a supplier works with, for the pages that show a supplier what those networks' cooperatives need.
# Each provider is called as fn(supplier_id=…) and returns a set of network ids; Belanja Bareng gives the networks
# holding an agreement with the supplier.
supplier_network_providers: list[Callable[..., set[int]]] = []


def supplier_network_provider_add(fn: Callable[..., set[int]]) -> None:
    if fn not in supplier_network_providers:
        supplier_network_providers.append(fn)


def supplier_networks(*, supplier_id: int) -> set[int]:
    found: set[int] = set()
    for fn in supplier_network_providers:
        found |= fn(supplier_id=supplier_id)
    return found


# A write that changes what the Dinas dashboards show (a posting, a member, a sale batch, a need, an annual report,
# a mentoring recommendation) calls cooperative_figures_changed inside its own transaction. Each listener is called
# as fn(cooperative_ids=[…], kinds={…}) right there; the monitoring app registers one that marks the cooperatives'
# roll-ups stale and refreshes them on commit. `kinds` names what changed ("books", "members", "mart", "needs",
# "rat", "training", "profile"), so a listener may refresh only those figures. Without listeners, nothing happens.
figures_changed_listeners: list[Callable[..., Any]] = []


def figures_changed_listener_add(fn: Callable[..., Any]) -> None:
    if fn not in figures_changed_listeners:
        figures_changed_listeners.append(fn)


def cooperative_figures_changed(*, cooperative_ids: Any, kinds: Any) -> None:
    ids = sorted({int(i) for i in cooperative_ids})
    if not ids:
        return
    for fn in figures_changed_listeners:
        fn(cooperative_ids=ids, kinds=set(kinds))
