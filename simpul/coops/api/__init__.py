"""The coops routers: organisations (cooperatives, outlets, offices, suppliers, me) and networks."""

from ninja import Router

from simpul.coops.api import identity, networks, organisations

router = Router()
router.add_router("", organisations.router)
router.add_router("", networks.router)
router.add_router("", identity.router)
