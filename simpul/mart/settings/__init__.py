"""The mart's settings: the manager's discount limits, the default kasbon limit, the static QRIS, the manager's PIN
and the receipt footer (pages wired through simpul/mart/shifts/urls.py)."""
