"""Family behaviour is data: fields of ``SiteRules`` / ``Profile``, never a family's or a host's name in the
shared extraction code."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

from crawler.extract import apply_site_rules, parse_page
from crawler.extract.page_dates import date_from_url
from crawler.profiles import PROFILES
from crawler.profiles import families as families_module
from crawler.profiles.base import SiteRules
from crawler.profiles.families import BDK_RULES, SHAREPOINT_RULES

EXTRACT = Path(__file__).resolve().parent.parent / "crawler" / "extract"
P1 = "Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết công tác năm 2022 và triển khai nhiệm vụ năm 2023."
P2 = "Hội nghị đánh giá kết quả chuyển đổi số, phát triển hạ tầng số và dịch vụ công trực tuyến trên địa bàn tỉnh."
PORTAL = f"""<html><head><meta name="GENERATOR" content="Microsoft SharePoint"></head><body>
<form id="aspnetForm"><div id="s4-workspace"><h1 class="title">Tổng kết công tác năm 2022</h1>
<div class="ms-rtestate-field"><p>{P1}</p><p>{P2}</p><p>Tin bài khác</p><p>Một bài khác của cổng thông tin</p></div>
</div></form></body></html>"""


def _string_literals(path: Path) -> list[str]:
    """String constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_shared_extraction_code_names_no_family_profile_or_host():
    # every family and site key of the registry; "generic" is also the name of the fallback *path* (Article.extraction)
    families = {r.family for r in vars(families_module).values() if isinstance(r, SiteRules)} | set(PROFILES)
    families.discard("generic")
    hosts = {host for profile in PROFILES.values() for host in profile.hosts}
    for module in sorted(EXTRACT.glob("*.py")):
        for literal in _string_literals(module):
            assert literal not in families, f"{module.name}: family chosen by name: {literal!r}"
            assert not any(host in literal for host in hosts), f"{module.name}: host in code: {literal!r}"


def _site_text(rules: SiteRules) -> list[str]:
    page = parse_page(PORTAL, "https://cchc.backan.gov.vn/Pages/x.aspx", None)
    read = apply_site_rules(replace(page, profile=replace(page.profile, rules=rules)), ())
    return read.clean(read.blocks, stop=read.rules.related_heading_ends_text).lines


def test_related_heading_ends_the_text_by_the_rules_field_not_the_family_name():
    assert _site_text(SHAREPOINT_RULES) == [P1, P2]
    assert _site_text(replace(SHAREPOINT_RULES, family="another_portal")) == [P1, P2]
    unset = _site_text(replace(SHAREPOINT_RULES, related_heading_ends_text=False))
    assert unset[-2:] == ["Tin bài khác", "Một bài khác của cổng thông tin"]


def test_url_date_by_the_rules_field():
    dated = SiteRules(url_date=r"/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/")
    assert date_from_url("https://example.vn/2024/03/15/tin-moi.html", dated) == "2024-03-15"
    assert date_from_url("https://example.vn/2024/13/15/tin-moi.html", dated) is None  # no 13th month
    # The same CMS on another host (Báo Cần Thơ) reads its URL date with that family's rules ...
    assert date_from_url("https://baocantho.com.vn/x-13012023-a110139.html", BDK_RULES) == "2023-01-13"
    # ... and a URL no profile owns, read with no rules, has no date.
    assert date_from_url("https://baocantho.com.vn/x-13012023-a110139.html") is None
