"""Network services: see the lead brief."""
