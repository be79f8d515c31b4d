"""The WSGI entry point freezes what the app loaded, so the garbage collector's full passes skip
it (certify/wsgi.py, ADR 0063)."""

import gc
import importlib
import sys


def test_loading_the_app_freezes_what_it_loaded():
    gc.unfreeze()
    sys.modules.pop("certify.wsgi", None)
    try:
        wsgi = importlib.import_module("certify.wsgi")
        assert callable(wsgi.application)
        # the modules, settings and URL patterns loaded so far: far more than a few objects
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
