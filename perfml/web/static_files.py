"""Collect the static files for production only when they changed since the last start.

`collectstatic` with WhiteNoise's compressed, hashed storage takes tens of seconds (every
file of the design system is hashed and compressed again); a restart with the same files
need not pay it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command

MARK = ".perfml-empreinte"


def sources_fingerprint() -> str:
    """A digest of every static source file's path, size and modification time."""
    digest = hashlib.sha256()
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = Path(storage.path(path)).stat()
            entries.append(f"{path}|{stat.st_size}|{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    digest.update(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    return digest.hexdigest()


def collect_static() -> bool:
    """Run `collectstatic` unless the collected files are those of the sources; say if it ran."""
    root = Path(settings.STATIC_ROOT)
    mark = root / MARK
    fingerprint = sources_fingerprint()
    manifest = root / "staticfiles.json"
    if manifest.exists() and mark.exists() and mark.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    mark.write_text(fingerprint)
    return True
