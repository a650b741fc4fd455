"""Which rules a page gets: the site's template by markup first, URL second; SharePoint by markup."""

from __future__ import annotations

import lxml.html

from crawler.extract import resolve_profile
from crawler.extract.site import choose_rules
from crawler.profiles import get_profile

EPI = "<html><body><div class='article'><h1 class='article__title'>T</h1><div class='article__body'><p>x</p></div>"
NEW = "<html><body><div class='b-maincontent'><h1>T</h1><article class='entry'><p>x</p></article></div>"
PLAIN = "<html><body><div><h1>T</h1><p>x</p></div></body></html>"
SHAREPOINT = ("<html><head><meta name='GENERATOR' content='Microsoft SharePoint'></head><body><div id='s4-workspace'>"
              "<div class='ms-rtestate-field'><p>x</p></div></div></body></html>")


def _doc(html: str):
    return lxml.html.document_fromstring(html)


def test_baonghean_template_by_markup_before_url():
    rules = get_profile("baonghean").rules
    # ePi markup on a 2025-style URL (re-mapped ids) is still read with the ePi rules ...
    assert choose_rules(rules, _doc(EPI), "https://baonghean.vn/x-10232982.html").family == "epi"
    # ... and 2025 markup on an ePi-style URL with the 2025 rules.
    assert choose_rules(rules, _doc(NEW), "https://m.baonghean.vn/x-post270909.html").family == "baonghean_2025"
    # No known markup: the URL decides.
    assert choose_rules(rules, _doc(PLAIN), "https://baonghean.vn/x-301214.html").family == "baonghean_old"
    assert choose_rules(rules, _doc(PLAIN), "https://baonghean.vn/x-post270909.html").family == "epi"


def test_profile_by_site_host_then_markup():
    assert resolve_profile(None, "https://amp.baodongkhoi.vn/x-a1.html", _doc(PLAIN)).key == "bdk"
    assert resolve_profile(None, "https://dongkhoi.baovinhlong.vn/x-a1.html", _doc(PLAIN)).key == "bdk"
    assert resolve_profile(None, "https://ict.backan.gov.vn/Pages/x.aspx", _doc(PLAIN)).key == "so_backan"
    # Any other SharePoint portal, recognised by its markup, not its host.
    assert resolve_profile(None, "https://cchc.backan.gov.vn/Pages/x.aspx", _doc(SHAREPOINT)).key == "sharepoint"
    assert resolve_profile(None, "https://stttt.hagiang.gov.vn/Pages/x.aspx", _doc(SHAREPOINT)).key == "sharepoint"
    assert resolve_profile(None, "https://baolangson.vn/x-1.html", _doc(PLAIN)).key == "generic"
    # An ePi page of an unknown host keeps the generic profile but reads with the ePi rules.
    generic = resolve_profile(None, "https://baolaocai.vn/x-post1.html", _doc(EPI))
    assert choose_rules(generic.rules, _doc(EPI), "https://baolaocai.vn/x-post1.html").family == "epi"
