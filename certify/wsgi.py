import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certify.settings.production")
application = get_wsgi_application()
# Everything loaded so far (Django, the apps, their modules: some 250,000 objects) lives as long
# as the process. Frozen, the garbage collector's full passes no longer walk it: those passes
# had cost a served request about a tenth of a millisecond on average (ADR 0063).
gc.freeze()
