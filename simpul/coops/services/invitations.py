"""Invitation services."""
