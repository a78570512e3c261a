"""Dashboards that stay fresh (issue 14 §2): roll-ups per cooperative, kept current on every write, read by the Dinas
dashboard, the public transparency page and the API. Nothing imports this app but urls, api and settings."""
