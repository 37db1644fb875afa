"""The release's fingerprint for the parts of pages kept in the cache as HTML.

The overview keeps its matrix, act-on list, follow-up and heat map as rendered HTML under the
fingerprints of the data they show (the {% cache %} blocks of vaxjo_riktning/overview.html), and
the goal list its tree (goals/goal_list.html).
A new release may write that HTML differently, with the same data, so each key also holds this
fingerprint of the templates, the template tags and the translations: after a deploy, the
parts are rendered again instead of served as an older release wrote them.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings

SOURCES = ("templates/**/*.html", "locale/**/*.mo", "*/templatetags/*.py")
# How long a part is kept: its key changes with the data, so this only bounds how long an
# unused one stays.
SECONDS = 24 * 60 * 60


@functools.cache
def release() -> str:
    """A hash of every file that shapes a page's HTML (about a megabyte, read once per
    process)."""
    digest = hashlib.blake2b(digest_size=8)
    base = settings.BASE_DIR
    for path in sorted(p for pattern in SOURCES for p in base.glob(pattern)):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
