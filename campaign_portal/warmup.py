"""Compile every template and load the catalogues once, when a gunicorn worker starts (campaign_portal/gunicorn.py).

Otherwise each worker pays for the first request of each page (template compilation, catalogue loading: a few
hundred milliseconds) on a user's click after every deploy or worker recycle.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

log = logging.getLogger(__name__)


def template_names() -> list[str]:
    from django.template import engines
    from django.template.utils import get_app_template_dirs

    engine = engines["django"]
    dirs = [Path(d) for d in engine.dirs] + [Path(d) for d in get_app_template_dirs("templates")]
    names: set[str] = set()
    for folder in dirs:
        names.update(str(path.relative_to(folder)) for path in folder.rglob("*.html"))
    return sorted(names)


def warm_up() -> int:
    """Compile (and cache) every project template; returns how many compiled."""
    from django.conf import settings
    from django.template import TemplateSyntaxError, engines
    from django.utils.translation import trans_real

    started = time.perf_counter()
    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)  # loads and merges the catalogues of every app for this language
    engine = engines["django"]
    compiled = 0
    for name in template_names():
        try:
            engine.get_template(name)
        except TemplateSyntaxError:
            log.exception("warm-up: %s does not compile", name)
        else:
            compiled += 1
    compiled += _warm_form_widgets()
    log.info("warm-up: %s templates compiled in %.2f s", compiled, time.perf_counter() - started)
    return compiled


def _warm_form_widgets() -> int:
    """Form widgets render through the form renderer's own template engine: compile its widget templates too."""
    import django
    from django.forms.renderers import get_default_renderer

    renderer = get_default_renderer()
    folder = Path(django.__file__).parent / "forms" / "templates"
    names = [str(path.relative_to(folder)) for path in folder.rglob("*.html")]
    for name in names:
        renderer.get_template(name)
    return len(names)
