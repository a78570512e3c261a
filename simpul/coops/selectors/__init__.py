"""Reads of the coops app, one module per area: public, workspace, networks, dinas."""
