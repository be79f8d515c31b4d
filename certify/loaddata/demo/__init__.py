"""Demo data for `manage.py seed_demo`, one module per app it fills (local settings only)."""
