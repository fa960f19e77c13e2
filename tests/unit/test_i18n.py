from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from dashboard.i18n import LOCALES_DIR, catalog, format_date, format_number, languages, plural_forms, t, term

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
            re.findall(r"""["'](problem\.[a-z0-9_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8"))
        )
        used |= set(
            re.findall(r"""self\.tr\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8"))
        )
    assert used - set(catalog("en")) == set()


def test_fallback_to_the_key_for_unknown_text():
    assert t("no.such.key") == "no.such.key"
    assert t("view.map", "xx") == "Map"
    assert t("view.map", "it") == "Mappa"


def test_catalog_files_are_valid_json():
    for path in LOCALES_DIR.glob("*.json"):
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict)


def _fields(entry: object) -> set[tuple[str, str]]:
    """Placeholders of a text (name, format spec), over every plural form."""
    texts = list(entry.values()) if isinstance(entry, dict) else [entry]
    found = set()
    for text in texts:
        found |= {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None}
    return found


def test_every_catalog_file_has_a_counterpart_with_the_same_keys():
    for path in LOCALES_DIR.glob("en*.json"):
        english = json.loads(path.read_text(encoding="utf-8"))
        for lang in languages():
            other = LOCALES_DIR / path.name.replace("en", lang, 1)
            assert other.exists(), other.name
            assert set(json.loads(other.read_text(encoding="utf-8"))) == set(english), other.name


def test_translations_keep_the_placeholders_of_english():
    english = catalog("en")
    for lang in languages():
        for key, entry in catalog(lang).items():
            assert _fields(entry) == _fields(english[key]), (lang, key)


def test_plural_texts_have_the_forms_their_language_needs():
    for lang in languages():
        plural = {k: v for k, v in catalog(lang).items() if isinstance(v, dict)}
        assert plural, lang
        for key, forms in plural.items():
            assert set(forms) == set(plural_forms(lang)), (lang, key)
            assert all(isinstance(text, str) and text for text in forms.values()), (lang, key)
            assert isinstance(catalog("en")[key], dict), key  # plural in one language, plural in all


def test_plural_forms_follow_cldr_rules():
    assert t("a11y.shown", "en", count=1) == "1 partner shown"
    assert t("a11y.shown", "en", count=1234) == "1,234 partners shown"
    assert t("a11y.shown", "it", count=1) == "1 partner mostrato"
    assert t("a11y.shown", "it", count=0) == "0 partner mostrati"
    assert t("a11y.shown", "it", count=1234) == "1.234 partner mostrati"
    assert t("insights.count.countries", "it", count=1) == "1 paese"
    assert t("insights.count.countries", "it", count=2) == "2 paesi"


def test_numbers_and_dates_in_the_language():
    assert format_number(1234, "it") == "1.234"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_date("2026-12-02", "it") == "2 dicembre 2026"
    assert t("details.since", "it", year=2005) == "dal 2005"  # a year is not a quantity: no grouping
    assert t("insights.matter.score", "it", name="X", eigenvector=0.12345, betweenness=0.5) == (
        "X eigenvector 0,123, betweenness 0,5000"
    )


def test_data_vocabularies_have_names_in_every_language():
    from dashboard.data import schema

    regions = pd.read_csv(ROOT / "data" / "regions.csv")["region"].unique()
    for lang in languages():
        for region in regions:
            assert (
                term("region", region, lang) != region or lang == "en" or region in {"Micronesia", "Oceania"}
            )
        for kind in schema.INSTITUTION_KINDS:
            assert f"kind.{kind}" in catalog(lang)
        for kind in schema.CONSORTIUM_KINDS:
            assert f"consortium_kind.{kind}" in catalog(lang)
        for role in schema.ROLES:
            assert f"role.{role}" in catalog(lang)
        for relation in schema.RELATION_REGISTRY:
            assert relation.label_key in catalog(lang)


def test_plural_words_come_from_plural_objects_not_the_old_syntax():
    old = [k for lang in languages() for k, v in catalog(lang).items() if "!p" in str(v)]
    assert old == []  # {n!p:a|b} is English-only thinking: write {"one": …, "other": …} with count


def test_the_grid_and_the_charts_have_their_texts_in_every_language():
    from dashboard.config import ASSETS_DIR
    from dashboard.web.language import grid_locale

    for lang in languages():
        if lang == "en":
            continue  # AG Grid's and plotly.js's own language
        texts = grid_locale(lang)
        assert texts["noRowsToShow"] and texts["filterOoo"] and texts["loadingOoo"], lang
        plotly = (ASSETS_DIR / "vendor" / "plotly" / f"plotly-locale-{lang}.js").read_text(encoding="utf-8")
        assert f'name:"{lang}"' in plotly and "Plotly.register" in plotly


@pytest.mark.parametrize(
    ("date", "said"),
    [
        ("aprile 2005", "aggiornato ad aprile 2005"),
        ("maggio 2020", "aggiornato a maggio 2020"),
        ("11 luglio 2011", "aggiornato all'11 luglio 2011"),
        ("8 marzo 2020", "aggiornato all'8 marzo 2020"),
        ("25 novembre 2026", "aggiornato al 25 novembre 2026"),
        ("2005", "aggiornato al 2005"),
    ],
)
def test_italian_as_of_joins_its_preposition_to_the_date(date, said):
    """ "aggiornato al aprile 2005" and "al 11 luglio" are wrong in Italian; English is untouched."""
    assert t("details.as_of", "it", date=date) == said
    assert t("details.as_of", "en", date="April 2005") == "as of April 2005"
