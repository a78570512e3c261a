"""Every string the code marks for translation has an Indonesian translation in simpul/locale/id.

The test extracts the strings afresh (makemessages over a copy of the source) and compares them with the
committed catalog, so a new gettext string without its translation fails here, not in front of a user."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "simpul" / "locale" / "id" / "LC_MESSAGES" / "django.po"


def _message_ids(po_path: Path) -> dict[str, object]:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    return {(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in catalog if m.id}


def test_every_marked_string_is_translated_to_indonesian(tmp_path):
    source = Path(settings.BASE_DIR)
    shutil.copytree(
        source / "simpul",
        tmp_path / "simpul",
        ignore=shutil.ignore_patterns("locale", "__pycache__", "tests", "migrations"),
    )
    shutil.copy(source / "manage.py", tmp_path / "manage.py")
    (tmp_path / "simpul" / "locale").mkdir()
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "SIMPUL_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-location", "-v0"],
        cwd=tmp_path,
        env=env,
        check=True,
    )
    extracted = _message_ids(tmp_path / "simpul" / "locale" / "id" / "LC_MESSAGES" / "django.po")
    translated = _message_ids(CATALOG)
    missing = sorted(msgid for msgid in extracted if not translated.get(msgid))
    assert len(extracted) > 400
    assert missing == [], f"{len(missing)} strings have no Indonesian translation: {missing[:20]}"
