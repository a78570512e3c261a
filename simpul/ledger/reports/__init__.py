"""The ledger's reports (issue 3, section 3), one module each, all for a date range with the previous period of the
same length beside it. Selectors only: they read, aggregate in SQL, and never write."""
