"""Paying for a round. Directly, each cooperative pays the supplier what its receipts made it owe (the mart's
supplier payments). Centrally, the coordinating cooperative owes the supplier and bills each member cooperative on
at the same amount: both books are written in one transaction, so the amounts agree at both ends."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, Supplier
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.core.money import format_rupiah
from simpul.jointbuy import error_codes
from simpul.jointbuy.models import (
    CentralBill,
    CentralBillPayment,
    Commitment,
    EventKind,
    ItemStatus,
    PaymentRoute,
    Round,
    RoundEvent,
    RoundReceipt,
    RoundStatus,
    RoundSupplier,
)
from simpul.jointbuy.services.numbers import price_in
from simpul.jointbuy.services.rounds import round_transition
from simpul.ledger import chart
from simpul.ledger.services.journal import journal_post
from simpul.mart.models import MartSupplier
from simpul.mart.purchasing.services.payables import supplier_payable_passed_on_record, supplier_payment_record
from simpul.mart.purchasing.services.suppliers import supplier_create

PAYMENT_ACCOUNTS = (chart.CASH, chart.BANK)


def central_coordinator(round_: Round, cooperative: Cooperative) -> Cooperative | None:
    """The cooperative that pays the supplier and bills this one, when the round is paid centrally (None when it
    pays the supplier itself: a direct round, or the coordinating cooperative's own goods)."""
    if round_.payment_route != PaymentRoute.CENTRAL:
        return None
    coordinator = round_.network.coordinator_cooperative
    if coordinator is None or coordinator.pk == cooperative.pk:
        return None
    return coordinator


def mart_supplier_for_cooperative(cooperative: Cooperative, actor: User | None, other: Cooperative) -> MartSupplier:
    """The mart's supplier record that stands for another cooperative (its coordinator billing it on)."""
    found = MartSupplier.objects.filter(cooperative=cooperative, supplier=None, name__iexact=other.name).first()
    if found is not None:
        return found
    return supplier_create(cooperative=cooperative, actor=actor, data={"name": other.name})


def mart_supplier_for(cooperative: Cooperative, actor: User | None, supplier: Supplier) -> MartSupplier:
    """The mart's supplier record linked to this platform supplier: found, a same-named one linked, or created."""
    linked = MartSupplier.objects.filter(cooperative=cooperative, supplier=supplier).order_by("pk").first()
    if linked is not None:
        return linked
    named = MartSupplier.objects.filter(cooperative=cooperative, name__iexact=supplier.name, supplier=None).first()
    if named is not None:
        named.supplier = supplier
        named.save(update_fields=["supplier"])
        return named
    return supplier_create(
        cooperative=cooperative,
        actor=actor,
        data={"name": supplier.name, "phone": supplier.phone, "address": supplier.address, "supplier_id": supplier.pk},
    )


def central_bill_record(
    *, receipt: RoundReceipt, coordinator: Cooperative, actor: User | None, ip_address: str | None = None
) -> CentralBill:
    """In the coordinator's books what a member received: owed to the supplier (2104) and billed on to the member
    (1202), at the receipt's amount. Called by the receipt, in its transaction."""
    order = RoundSupplier.objects.select_related("supplier").get(pk=receipt.round_supplier_id)
    member = receipt.cooperative
    amount = receipt.goods_receipt.total
    supplier = mart_supplier_for(coordinator, actor, order.supplier)
    entry = supplier_payable_passed_on_record(
        cooperative=coordinator,
        actor=actor,
        supplier_id=supplier.pk,
        amount=amount,
        description=_("%(round)s: goods of %(supplier)s billed on to %(cooperative)s")
        % {"round": receipt.round.number, "supplier": order.supplier.name, "cooperative": member.name},
        ip_address=ip_address,
    )
    bill = CentralBill.objects.create(
        cooperative=member,
        coordinator=coordinator,
        round=receipt.round,
        receipt=receipt,
        amount=amount,
        coordinator_entry=entry,
    )
    RoundEvent.objects.create(
        round=receipt.round,
        kind=EventKind.BILLED,
        actor=actor,
        details={"cooperative": member.pk, "coordinator": coordinator.pk, "amount": str(amount)},
    )
    return bill


def central_bill_pay(
    *,
    cooperative: Cooperative,
    actor: User,
    bill_id: Any,
    amount: Any,
    from_account: str = chart.BANK,
    ip_address: str | None = None,
) -> CentralBillPayment:
    """A member cooperative pays its coordinator's bill: Dr 2104 / Cr its cash or bank in its books (the mart's
    supplier payment to the coordinator's record), Dr the same account / Cr 1202 in the coordinator's. Never more
    than the bill still asks."""
    if from_account not in PAYMENT_ACCOUNTS:
        raise ApplicationError(
            _("Pay from cash or the bank."), code=error_codes.INVALID_PRICE, extra={"field": "from_account"}
        )
    value = price_in(amount, label=_("The amount"), field="amount")
    with transaction.atomic():
        try:
            bill = (
                CentralBill.objects.select_for_update()
                .select_related("coordinator", "round")
                .get(cooperative=cooperative, pk=int(bill_id))
            )
        except (CentralBill.DoesNotExist, TypeError, ValueError):
            raise NotFoundError.plain() from None
        left = bill.amount - bill.paid
        if value > left:
            raise ApplicationError(
                _("The bill still asks only %(left)s.") % {"left": format_rupiah(left)},
                code=error_codes.OVER_LIMIT,
                extra={"field": "amount"},
            )
        payee = mart_supplier_for_cooperative(cooperative, actor, bill.coordinator)
        # Both cooperatives' books: the member's first, then the coordinator's (the receipt's order too).
        paid = supplier_payment_record(
            cooperative=cooperative,
            actor=actor,
            supplier_id=payee.pk,
            amount=value,
            from_account=from_account,
            ip_address=ip_address,
        )
        entry = journal_post(
            cooperative=bill.coordinator,
            actor=actor,
            date=bill.coordinator.today(),
            description=_("%(round)s: payment from %(cooperative)s")
            % {"round": bill.round.number, "cooperative": cooperative.name},
            lines=[(from_account, value, Decimal(0)), (chart.NON_MEMBER_RECEIVABLES, Decimal(0), value)],
            source="jointbuy",
        )
        payment = CentralBillPayment.objects.create(
            cooperative=cooperative, bill=bill, amount=value, member_payment=paid, coordinator_entry=entry, actor=actor
        )
        CentralBill.objects.filter(pk=bill.pk).update(paid=F("paid") + value)
        RoundEvent.objects.create(
            round=bill.round,
            kind=EventKind.PAID,
            actor=actor,
            details={"cooperative": cooperative.pk, "amount": str(value)},
        )
        audit_record(
            actor=actor,
            event="jointbuy.bill_paid",
            target=payment,
            cooperative=cooperative,
            changes={"round": bill.round.number, "amount": str(value), "coordinator": bill.coordinator.name},
            ip_address=ip_address,
        )
        round_complete_if_done(bill.round, actor)
    return payment


def round_complete_if_done(round_: Round, actor: User | None) -> bool:
    """A confirmed round is completed once every cooperative has recorded a delivery from each supplier it was
    allocated cases of (what was short stays short: its receipt says so) and, paid centrally, every bill is paid."""
    if round_.status != RoundStatus.CONFIRMED:
        return False
    expected = set(
        Commitment.objects.allocated()
        .filter(round=round_, item__status=ItemStatus.ORDERED, cases__gt=0)
        .values_list("cooperative_id", "item__round_supplier_id")
        .distinct()
    )
    delivered = set(RoundReceipt.objects.filter(round=round_).values_list("cooperative_id", "round_supplier_id"))
    if not expected <= delivered:
        return False
    if CentralBill.objects.filter(round=round_, paid__lt=F("amount")).exists():
        return False
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status != RoundStatus.CONFIRMED:
        return False
    round_transition(round_=locked, to=RoundStatus.COMPLETED, actor=actor)
    RoundEvent.objects.create(round=locked, kind=EventKind.SETTLED, actor=actor, details={})
    round_.status = locked.status
    return True
