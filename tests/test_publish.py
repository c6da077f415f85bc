"""The site built for its real address, under a sub-path: what a static host publishes.

Reads one ``mkdocs build --strict`` with ``SITE_URL=https://example.org/losskit/`` (the
``subpath_site_build`` fixture of tests/conftest.py). The browser side of the same build
is in tests/test_browser.py.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import DEFAULT_SITE_URL, SiteBuild
from test_site import page_file, page_names, parse

pytestmark = pytest.mark.site

DEFAULT_ADDRESS = urlsplit(DEFAULT_SITE_URL).netloc  # "127.0.0.1:8000"
LANGUAGES = {"en": "", "zh": "zh/"}


def texts(site: Path) -> dict[str, str]:
    """Every text file of the build (gzip unpacked), by path."""
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if path.suffix in {".png", ".woff", ".woff2", ".ico", ".inv"}:
            continue
        out[str(path.relative_to(site))] = data.decode("utf-8", errors="replace")
    return out


def test_build_for_a_sub_path_names_no_default_address(subpath_site_build: SiteBuild) -> None:
    found = [
        path for path, text in texts(subpath_site_build.site_dir).items() if DEFAULT_ADDRESS in text
    ]
    assert not found, f"{DEFAULT_ADDRESS} in {found[:10]}"


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("name", page_names())
def test_canonical_and_alternates_sit_under_site_url(
    subpath_site_build: SiteBuild, lang: str, name: str
) -> None:
    site_url = subpath_site_build.site_url
    path = page_file(subpath_site_build.site_dir, lang, name)
    html = path.read_text(encoding="utf-8")
    page_url = site_url + LANGUAGES[lang] + ("" if name == "index" else f"{name}/")
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    assert canonical == [page_url]
    alternates = {urljoin(page_url, href) for href in parse(path).alternates}
    tail = "" if name == "index" else f"{name}/"
    expected = {site_url + root + tail for root in LANGUAGES.values()}
    assert alternates == expected


def test_sitemap_lists_every_page_and_alternate_under_site_url(
    subpath_site_build: SiteBuild,
) -> None:
    site_url = subpath_site_build.site_url
    sitemap = (subpath_site_build.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    links = re.findall(r'hreflang="[a-z]+" href="([^"]+)"', sitemap)
    assert len(locs) == len(LANGUAGES) * len(page_names())
    outside = [url for url in locs + links if not url.startswith(site_url)]
    assert not outside, outside


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_404_page_of_each_language_loads_its_assets_and_search(
    subpath_site_build: SiteBuild, lang: str
) -> None:
    site = subpath_site_build.site_dir
    prefix = urlsplit(subpath_site_build.site_url).path  # "/losskit/"
    path = site / LANGUAGES[lang] / "404.html"
    page = parse(path)
    html = path.read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert ("页面不存在" in html) == (lang == "zh"), "the 404 heading is not in the page's language"
    # served at any depth: every reference is absolute, below the sub-path, and exists
    missing = [
        f"{kind} {url}"
        for kind, url in page.refs
        if not url.startswith(prefix) or not (site / url[len(prefix) :]).is_file()
    ]
    assert page.refs and not missing, missing
    # Material reads the search index (and instant navigation's sitemap) below its base
    assert page.config_base == prefix + LANGUAGES[lang]
    assert (site / LANGUAGES[lang] / "search" / "search_index.json").is_file()
    # a 404 has no translation: its language links lead to each language's home
    assert sorted(page.alternates) == sorted(prefix + root for root in LANGUAGES.values())
