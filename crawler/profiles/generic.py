"""Any other site: known CMS markup if recognised (ePi, BDK's vendor CMS), else the generic path."""

from crawler.profiles.base import Discovery, Profile
from crawler.profiles.families import GENERIC_RULES

PROFILE = Profile(
    key="generic",
    name="Any other site",
    hosts=(),
    canonical_host="",
    article_url_patterns=(),
    rules=GENERIC_RULES,
    discovery=Discovery(),
)
