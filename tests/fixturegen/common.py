"""Stories (what a reader reads) and the helpers every family template shares.

A story file is ``key: value`` header lines, a ``---`` line, then the article one paragraph a
line: ``LEAD …`` is the lead (sapo), ``[img] …`` an image with that caption (``[img alt=…] …``
when the alt differs from the caption), anything else a body paragraph.  Listing stories use
``title | url | summary`` lines for their items.
"""

from __future__ import annotations

import html
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from archive.text import normalize_line

_IMG = re.compile(r"^\[img(?: alt=(?P<alt>[^\]]*))?\]\s*(?P<caption>.*)$")


@dataclass(frozen=True)
class Block:
    kind: str  # "p" | "img"
    text: str  # paragraph text or caption
    alt: str | None = None  # image alt when it is not derived by the template


@dataclass
class Story:
    name: str  # "<site>/<kind>_<id>"
    meta: dict[str, str]
    lead: str | None = None
    blocks: list[Block] = field(default_factory=list)
    items: list[tuple[str, str, str]] = field(default_factory=list)  # listings: (title, url, summary)

    # -- header values --------------------------------------------------------------------------
    @property
    def site(self) -> str:
        return self.name.split("/")[0]

    @property
    def url(self) -> str:
        return self.meta["url"]

    @property
    def template(self) -> str:
        return self.meta["template"]

    @property
    def title(self) -> str:
        return self.meta.get("title", "")

    @property
    def author(self) -> str | None:
        return self.meta.get("author") or None

    @property
    def byline(self) -> str | None:
        """The credit line as printed (``Tin, ảnh: Thanh Đồng``); defaults to the author."""
        return self.meta.get("byline") or self.author

    @property
    def published(self) -> str:
        return self.meta.get("published", "")

    @property
    def category(self) -> str | None:
        return self.meta.get("category") or None

    @property
    def tags(self) -> list[str]:
        return [t.strip() for t in self.meta.get("tags", "").split("|") if t.strip()]

    @property
    def options(self) -> set[str]:
        return {o.strip() for o in self.meta.get("options", "").split(",") if o.strip()}

    @property
    def is_listing(self) -> bool:
        return "listing" in self.options or self.template.endswith("_list") or self.template.endswith("_404")

    @property
    def captions(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "img"]

    def rng(self, salt: str = "") -> random.Random:
        return random.Random(f"{self.name}:{salt}")

    def pub_dt(self) -> datetime | None:
        """The published moment (a date at midnight when only a date is known)."""
        value = self.meta.get("published") or self.meta.get("display_date")
        if not value:
            return None
        return datetime.fromisoformat(value)

    # -- what the golden file expects -----------------------------------------------------------
    def text_lines(self) -> list[str]:
        lines = [self.lead] if self.lead else []
        lines += [b.text for b in self.blocks]
        return [normalize_line(line) for line in lines]

    def golden(self) -> dict:
        if self.is_listing:
            return {"url": self.url, "not_article": True}
        data: dict = {"url": self.url, "site": self.site, "title": normalize_line(self.title),
                      "published": self.published, "author": self.author}
        if self.lead:
            data["lead"] = normalize_line(self.lead)
        data["text"] = "\n".join(self.text_lines())
        data["captions"] = [normalize_line(c) for c in self.captions]
        if self.category:
            data["category"] = self.category
        if self.tags:
            data["tags"] = self.tags
        data["extraction"] = "generic" if ("renamed" in self.options or self.site == "generic") else "site"
        return data


def parse_story(path: Path, root: Path) -> Story:
    raw = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    head, _, body = raw.partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    name = str(path.relative_to(root).with_suffix(""))
    story = Story(name=name, meta=meta)
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        if story.is_listing:
            title, url, summary = (part.strip() for part in (line.split("|") + ["", ""])[:3])
            story.items.append((title, url, summary))
        elif line.startswith("LEAD "):
            story.lead = line[5:].strip()
        elif m := _IMG.match(line):
            story.blocks.append(Block("img", m["caption"], m["alt"]))
        else:
            story.blocks.append(Block("p", line))
    return story


# -- HTML helpers ---------------------------------------------------------------------------------

def esc(text: str | None) -> str:
    return html.escape(text or "", quote=False)


def attr(text: str | None) -> str:
    return html.escape(text or "", quote=True)


_STYLES = ('style="font-size:14px;"', 'style="font-family:Arial;"', 'lang="VI"',
           'style="color:#000000;"', 'style="line-height:1.5;"')


def messy(text: str, rng: random.Random, *, level: int = 2) -> str:
    """``text`` as inline HTML whose visible text is exactly ``text`` (after NBSP → space).

    Adds what real CMS editors leave behind: ``&nbsp;`` for some spaces, a source line break,
    words wrapped in ``<span style>``/``<strong>``, a word split across two adjacent spans.
    """
    words = text.split(" ")
    out = [esc(w) for w in words]
    if level >= 2 and len(words) > 6 and rng.random() < 0.5:  # a word split across two spans
        k = rng.randrange(len(words))
        w = words[k]
        if len(w) > 3 and "&" not in w:
            p = rng.randrange(1, len(w) - 1)
            out[k] = f'<span {rng.choice(_STYLES)}>{esc(w[:p])}</span><span>{esc(w[p:])}</span>'
    if level >= 1 and len(words) > 4 and rng.random() < 0.6:  # a run of words wrapped
        i = rng.randrange(len(words) - 2)
        j = min(len(words) - 1, i + rng.randrange(1, 6))
        tag = rng.choice(["span", "span", "strong", "em"])
        opening = f"<span {rng.choice(_STYLES)}>" if tag == "span" else f"<{tag}>"
        out[i] = opening + out[i]
        out[j] = out[j] + f"</{tag}>"
    seps = [" "] * (len(words) - 1)
    if level >= 1:
        for _ in range(rng.randrange(0, 3)):
            if seps:
                seps[rng.randrange(len(seps))] = "&nbsp;"
        if seps and rng.random() < 0.3:
            seps[rng.randrange(len(seps))] = "\n\t\t\t"
    html_text = out[0] + "".join(s + w for s, w in zip(seps, out[1:], strict=True))
    if level >= 1 and rng.random() < 0.3:
        html_text += "&nbsp;"
    return html_text


def slug_title(title: str) -> str:
    """ASCII slug of a Vietnamese title (for image file names)."""
    text = title.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def hexid(story: Story, n: int, salt: str = "") -> str:
    rng = story.rng("hex" + salt)
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def dmy(dt: datetime) -> str:
    return dt.strftime("%d/%m/%Y")


def hm(dt: datetime) -> str:
    return dt.strftime("%H:%M")


def epi_iso(value: str) -> str:
    """``2023-03-15T16:20:31+07:00`` → ``2023-03-15T16:20:31+0700`` as ePi prints it."""
    return value[:-3] + value[-2:] if re.search(r"[+-]\d\d:\d\d$", value) else value
