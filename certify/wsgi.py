import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certify.settings.production")
# Django's get_wsgi_application(), with a handler that remembers which view a path resolves to.
django.setup(set_prefix=False)

from certify.core.handler import Handler  # noqa: E402 (needs the apps loaded)

application = Handler()
# Everything loaded so far (Django, the apps, their modules: some 250,000 objects) lives as long
# as the process. Frozen, the garbage collector's full passes no longer walk it: those passes
# had cost a served request about a tenth of a millisecond on average (ADR 0063).
gc.freeze()
