from __future__ import annotations

import json
import re
from pathlib import Path

from dashboard.i18n import LOCALES_DIR, catalog, languages, t

ROOT = Path(__file__).resolve().parents[2]


def test_every_language_has_the_same_keys_as_english():
    english = set(catalog("en"))
    for lang in languages():
        assert set(catalog(lang)) == english, lang


def test_every_key_used_in_code_exists():
    used = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        used |= set(
            re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8"))
        )
        used |= set(
            re.findall(r"""self\.tr\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8"))
        )
    assert used - set(catalog("en")) == set()


def test_fallback_to_the_key_for_unknown_text():
    assert t("no.such.key") == "no.such.key"
    assert t("view.map", "xx") == "Map"


def test_catalog_files_are_valid_json():
    for path in LOCALES_DIR.glob("*.json"):
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict)
