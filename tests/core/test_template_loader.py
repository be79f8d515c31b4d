"""Templates are parsed once per process: Django's cached loader wraps the file loaders (the
settings name no `loaders`, so Django chooses it; production.py does not touch TEMPLATES)."""

from django.conf import settings
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader


def test_templates_are_read_through_the_cached_loader():
    assert "loaders" not in settings.TEMPLATES[0]["OPTIONS"]
    loaders = engines["django"].engine.template_loaders
    assert len(loaders) == 1
    assert isinstance(loaders[0], CachedLoader)
