"""The network's Koperasi Mart standard over the API: the coordinator keeps the standard product list, the
checklists and the HET list; a member cooperative's managers see the standards they may adopt and adopt one; its
staff read the checklists their shifts follow; managers ask member marts for staples and accept or refuse what is
asked of them."""

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from simpul.coops.access import READ_ROLES, STAFF_ROLES, WRITE_ROLES, access_cooperative, access_network
from simpul.coops.models import Network
from simpul.core.audit import client_ip
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User
from simpul.mart.models import ChecklistPhase, PriceCeiling, StandardProduct, StapleExchange
from simpul.mart.network.exchange import exchange_accept, exchange_refuse, exchange_request
from simpul.mart.network.exchange_schemas import ExchangeAcceptIn, ExchangeOut, ExchangeRefuseIn, ExchangeRequestIn
from simpul.mart.network.exchange_selectors import exchange_get, exchanges_of
from simpul.mart.network.schemas import (
    StandardAdoptIn,
    StandardAdoptionOut,
    StandardChecklistIn,
    StandardChecklistsOut,
    StandardHetIn,
    StandardHetOut,
    StandardOfferOut,
    StandardProductIn,
    StandardProductOut,
)
from simpul.mart.network.selectors import (
    checklist_items,
    network_het_list,
    standard_products,
    standards_for,
)
from simpul.mart.network.services import checklist_set, het_publish, standard_adopt, standard_product_save
from simpul.mart.shifts.selectors import checklist_for

router = Router(tags=["mart-network"])


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _het_out(row: PriceCeiling) -> StandardHetOut:
    return StandardHetOut(
        id=row.pk,
        region_code=row.region_id,
        region=row.region.name,
        staple=row.staple,
        unit=row.unit,
        price=row.price,
        valid_from=row.valid_from,
    )


@router.get(
    "/networks/{slug}/mart/standard-products", response=list[StandardProductOut], summary="The standard product list"
)
def list_standard_products(request: HttpRequest, slug: str) -> list[StandardProduct]:
    network, _role = access_network(_user(request), slug)
    return list(standard_products(network))


@router.post(
    "/networks/{slug}/mart/standard-products",
    response={200: StandardProductOut, 201: StandardProductOut},
    summary="Add or change a standard product",
    description="For the coordinator. With `id`, changes that product (200); without, adds one (201).",
)
def save_standard_product(request: HttpRequest, slug: str, payload: StandardProductIn) -> Status[StandardProduct]:
    user = _user(request)
    network, _role = access_network(user, slug)
    item = standard_product_save(
        network=network,
        actor=user,
        standard_id=payload.id,
        name=payload.name,
        barcode=payload.barcode,
        category=payload.category,
        base_unit=payload.base_unit,
        fractional=payload.fractional,
        recommended_price=payload.recommended_price,
        staple=payload.staple,
        ip_address=client_ip(request),
    )
    return Status(200 if payload.id else 201, item)


def _checklists(network: Network) -> StandardChecklistsOut:
    return StandardChecklistsOut(
        opening=[i.text for i in checklist_items(network, ChecklistPhase.OPENING)],
        closing=[i.text for i in checklist_items(network, ChecklistPhase.CLOSING)],
    )


@router.get("/networks/{slug}/mart/checklists", response=StandardChecklistsOut, summary="The standard's checklists")
def get_checklists(request: HttpRequest, slug: str) -> StandardChecklistsOut:
    network, _role = access_network(_user(request), slug)
    return _checklists(network)


@router.put(
    "/networks/{slug}/mart/checklists",
    response=StandardChecklistsOut,
    summary="Set a checklist",
    description="For the coordinator: the opening or closing checklist, replaced by these checks in this order.",
)
def put_checklist(request: HttpRequest, slug: str, payload: StandardChecklistIn) -> StandardChecklistsOut:
    user = _user(request)
    network, _role = access_network(user, slug)
    checklist_set(network=network, actor=user, phase=payload.phase, texts=payload.texts, ip_address=client_ip(request))
    return _checklists(network)


@router.get("/networks/{slug}/mart/het", response=list[StandardHetOut], summary="The HET list the network published")
def list_het(request: HttpRequest, slug: str) -> list[StandardHetOut]:
    network, _role = access_network(_user(request), slug)
    return [_het_out(row) for row in network_het_list(network)]


@router.post("/networks/{slug}/mart/het", response={201: StandardHetOut}, summary="Publish a HET")
def publish_het(request: HttpRequest, slug: str, payload: StandardHetIn) -> Status[StandardHetOut]:
    user = _user(request)
    network, _role = access_network(user, slug)
    row = het_publish(
        network=network,
        actor=user,
        region_code=payload.region_code,
        staple=payload.staple,
        unit=payload.unit,
        price=payload.price,
        valid_from=payload.valid_from,
        ip_address=client_ip(request),
    )
    return Status(201, _het_out(PriceCeiling.objects.select_related("region").get(pk=row.pk)))


@router.get(
    "/cooperatives/{slug}/mart/standards",
    response=list[StandardOfferOut],
    summary="Network standards the mart may adopt",
)
def list_standards(request: HttpRequest, slug: str) -> list[StandardOfferOut]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return [
        StandardOfferOut(network=o.network.slug, network_name=o.network.name, products=o.products, adopted=o.adopted)
        for o in standards_for(cooperative)
    ]


@router.post(
    "/cooperatives/{slug}/mart/standards/adopt",
    response=StandardAdoptionOut,
    summary="Adopt a network's standard list",
    description="For managers. Creates the products the mart lacks at the recommended price and links those it "
    "has; never changes its prices or stock. Idempotent.",
)
def adopt_standard(request: HttpRequest, slug: str, payload: StandardAdoptIn) -> StandardAdoptionOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    network = Network.objects.filter(slug=payload.network).first()
    if network is None:
        raise NotFoundError.plain()
    result = standard_adopt(cooperative=cooperative, actor=user, network_id=network.pk, ip_address=client_ip(request))
    return StandardAdoptionOut(
        created=result.created, linked=result.linked, skipped=[f"{n}: {why}" for n, why in result.skipped]
    )


@router.get(
    "/cooperatives/{slug}/mart/checklists",
    response=list[str],
    summary="The checklist a shift follows",
    description="The checks of the networks the cooperative belongs to, for opening or closing.",
)
def cooperative_checklist(request: HttpRequest, slug: str, phase: ChecklistPhase = ChecklistPhase.OPENING) -> list[str]:
    cooperative, _role = access_cooperative(_user(request), slug, STAFF_ROLES)
    return [item.text for item in checklist_for(cooperative, phase)]


# --- staples exchanged between member marts (simpul/mart/network/exchange.py)


def _exchange_out(cooperative_id: int, e: StapleExchange) -> ExchangeOut:
    return ExchangeOut(
        id=e.pk,
        number=e.number,
        direction="incoming" if e.seller_id == cooperative_id else "outgoing",
        buyer=e.cooperative.name,
        seller=e.seller.name,
        staple=e.staple,
        unit=e.unit,
        quantity=e.quantity,
        unit_price=e.unit_price,
        status=e.status,
        accepted_quantity=e.accepted_quantity,
        refusal_reason=e.refusal_reason,
        sale_number=e.sale.number if e.sale else None,
        receipt_number=e.receipt.number if e.receipt else None,
        created_at=e.created_at,
    )


@router.get(
    "/cooperatives/{slug}/mart/exchanges",
    response=list[ExchangeOut],
    summary="Staples asked of the mart and by it",
    description="The latest 100 requests in both directions, newest first.",
)
def list_exchanges(request: HttpRequest, slug: str) -> list[ExchangeOut]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return [_exchange_out(cooperative.pk, e) for e in exchanges_of(cooperative)]


@router.post(
    "/cooperatives/{slug}/mart/exchanges",
    response={201: ExchangeOut},
    summary="Ask a member mart for a staple",
    description="For managers. The seller must be an active member of one of the cooperative's networks with an "
    "open mart, and hold the quantity; the price is per base unit of the buyer's product.",
)
def request_exchange(request: HttpRequest, slug: str, payload: ExchangeRequestIn) -> Status[ExchangeOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    exchange = exchange_request(
        cooperative=cooperative,
        actor=user,
        seller_id=payload.seller_id,
        product_id=payload.product_id,
        quantity=payload.quantity,
        unit_price=payload.unit_price,
        outlet_id=payload.outlet_id,
        note=payload.note,
        ip_address=client_ip(request),
    )
    return Status(201, _exchange_out(cooperative.pk, exchange_get(cooperative, exchange.pk)))


@router.post(
    "/cooperatives/{slug}/mart/exchanges/{exchange_id}/accept",
    response=ExchangeOut,
    summary="Accept a staple request",
    description="For the seller's managers: records the sale (paid by bank transfer) and the buyer's goods receipt "
    "in one transaction. Accepting twice, or a refused request, is a 400.",
)
def accept_exchange(request: HttpRequest, slug: str, exchange_id: int, payload: ExchangeAcceptIn) -> ExchangeOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    exchange = exchange_accept(
        cooperative=cooperative,
        actor=user,
        exchange_id=exchange_id,
        quantity=payload.quantity,
        ip_address=client_ip(request),
    )
    return _exchange_out(cooperative.pk, exchange_get(cooperative, exchange.pk))


@router.post(
    "/cooperatives/{slug}/mart/exchanges/{exchange_id}/refuse",
    response=ExchangeOut,
    summary="Refuse a staple request",
    description="For the seller's managers, with the reason the buyer reads.",
)
def refuse_exchange(request: HttpRequest, slug: str, exchange_id: int, payload: ExchangeRefuseIn) -> ExchangeOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    exchange = exchange_refuse(
        cooperative=cooperative,
        actor=user,
        exchange_id=exchange_id,
        reason=payload.reason,
        ip_address=client_ip(request),
    )
    return _exchange_out(cooperative.pk, exchange_get(cooperative, exchange.pk))
