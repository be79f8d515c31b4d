"""Demo data (`seed_demo`), load data (`generate_load_data`) and the benchmark's helpers.

They fill every app's tables, so they sit on the top layer beside `rest` and `reports` and may
import any app; no app imports them.
"""
