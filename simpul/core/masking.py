"""Personal data shown masked to those whose role may not read the member register (docs/conventions.md, 17).

The primitives (NIK, phone, e-mail, name, amount) and the rules for audit rows live here, so every page, export
and API that shows an audit row masks the same fields the same way. Whether to mask is decided by the viewer's
role (`simpul.coops.access.reads_member_register`), never by the row.
"""

from typing import Any

HIDDEN = "•••"


def _keep_ends(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]


def mask_nik(value: Any) -> str:
    """3273********0001: the regency (first four digits) and the serial (last four) stay."""
    return _keep_ends(str(value or ""), 4, 4)


def mask_phone(value: Any) -> str:
    """+628*******7890: the country and operator prefix and the last four digits stay."""
    return _keep_ends(str(value or ""), 4, 4)


def mask_email(value: Any) -> str:
    """b***@example.com: the first letter and the domain stay."""
    text = str(value or "")
    local, at, domain = text.partition("@")
    if not at:
        return _keep_ends(text, 1, 0)
    return f"{local[:1]}***@{domain}"


def mask_name(value: Any) -> str:
    """Budi Santoso → B. S.: initials only."""
    return " ".join(f"{word[0]}." for word in str(value or "").split() if word[:1].isalnum()) or HIDDEN


# --- audit rows ------------------------------------------------------------------------------------------------

# Targets that are a person (a member, a member's savings, an invited person): on these rows only the keys in
# PERSON_PLAIN_KEYS are shown as recorded, the keys in PERSON_PARTIAL partly, and everything else is hidden, so a
# key added later is hidden until someone decides it may be shown.
PERSON_TARGETS = frozenset({"members.member", "members.savingstransaction", "coops.invitation"})
PERSON_PLAIN_KEYS = frozenset(
    {"number", "status", "exit_date", "product", "journal_entry", "invitation", "user", "kind", "new_account"}
)
PERSON_PARTIAL = {
    "nik": mask_nik,
    "phone": mask_phone,
    "email": mask_email,
    "name": mask_name,
    "full_name": mask_name,
}
# Amounts on any row (savings products, opening balances): only the cooperative's own staff see them.
AMOUNT_KEYS = frozenset(
    {"amount", "balance", "savings_paid_out", "assets", "pokok", "wajib", "sukarela"}
    | {"pokok_from", "wajib_from", "sukarela_from"}
)
# Events whose actor is the member the row is about (a member linking their portal login).
MEMBER_ACTED_EVENTS = frozenset({"member.portal_linked"})


def _mask_value(mask: Any, value: Any) -> Any:
    if value is None or value == "":
        return value
    if isinstance(value, list):
        return [_mask_value(mask, item) for item in value]
    return mask(value) if mask is not None else HIDDEN


def mask_audit_changes(target_type: str, changes: dict[str, Any]) -> dict[str, Any]:
    """An audit row's `changes` ({field: value} or {field: [old, new]}) as a viewer without the register sees it."""
    person = target_type in PERSON_TARGETS
    masked: dict[str, Any] = {}
    for key, value in changes.items():
        if key in AMOUNT_KEYS:
            masked[key] = _mask_value(None, value)
        elif not person or key in PERSON_PLAIN_KEYS:
            masked[key] = value
        else:
            masked[key] = _mask_value(PERSON_PARTIAL.get(key), value)
    return masked


def mask_audit_label(target_type: str, label: str) -> str:
    """The recorded name of the target: a member as number and initials, a savings move without its amount."""
    if target_type == "members.member":  # "00012 Budi Santoso"
        number, _space, name = label.partition(" ")
        return f"{number} {mask_name(name)}"
    if target_type == "members.savingstransaction":  # "deposit 50000.00"
        return label.split(" ", 1)[0]
    if target_type == "coops.invitation":  # "Budi Santoso (Manager)"
        name, _space, role = label.partition(" (")
        return f"{mask_name(name)} ({role}" if role else mask_name(name)
    return label


def mask_actor_name(event: str, name: str) -> str:
    return mask_name(name) if event in MEMBER_ACTED_EVENTS and name else name
