"""Any SharePoint portal (backan.gov.vn, cchc.backan.gov.vn, …): recognised by markup, not by host.

Markers (``SHAREPOINT_RULES.markers``): ``meta[name=GENERATOR]`` "Microsoft SharePoint", ``s4-*``
ids, ``ms-rtestate-field``.  ``by_markup``: ``crawler.extract`` picks this profile for a page of a host no
site profile owns when the markers match.
"""

from crawler.profiles.base import Discovery, Profile
from crawler.profiles.families import SHAREPOINT_RULES

PROFILE = Profile(
    key="sharepoint",
    name="SharePoint portal",
    hosts=(),
    canonical_host="",
    article_url_patterns=(),
    rules=SHAREPOINT_RULES,
    discovery=Discovery(),
    by_markup=True,
)
