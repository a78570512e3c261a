"""Demo members and their savings histories, seeded by `manage.py seed_demo` through the coops demo hook."""
