"""``archive site add URL`` and ``archive site check KEY``: adding a site to the registry, checking one.

See docs/registry.md.  Exit codes: 0 done (add) / the site works (check); 1 the site could not be
fetched, or does not work; 2 usage error (bad URL, key taken, bad sites file).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from crawler.cli import main
from crawler.cli.common import UserError, db_option


class SitesEpilogCommand(click.Command):
    """A command whose help ends with the sites of the registry (``archive crawl --help``)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from crawler import settings
        from crawler.profiles.registry import registry_for, site_keys
        from crawler.profiles.sites_file import SitesFileError

        try:
            sites = site_keys(registry_for({"ARCHIVE_DB": settings.ARCHIVE_DB, "SITES_FILE": settings.SITES_FILE}))
            note = ""
        except SitesFileError as exc:
            from crawler.profiles import PROFILES

            sites, note = site_keys(PROFILES), f" (sites file not read: {exc})"
        formatter.write_paragraph()
        formatter.write_text(f"Sites: {', '.join(sites)}; spiders made from arguments: generic, sharepoint.{note}")
        super().format_epilog(ctx, formatter)


class SiteError(click.ClickException):
    """The site could not be fetched or does not work: one line, exit 1."""

    exit_code = 1


def _settings(db_path: Path, sites_file: Path | None):
    from crawler.runner.crawl_process import project_settings

    overrides = {"ARCHIVE_DB": str(db_path)}
    if sites_file is not None:
        overrides["SITES_FILE"] = str(sites_file)
    return project_settings(overrides)


def _registry(settings):
    from crawler.profiles.registry import registry_for
    from crawler.profiles.sites_file import SitesFileError

    try:
        return registry_for(settings)
    except SitesFileError as exc:
        raise UserError(str(exc)) from exc


def _fetcher(settings, mirror_url: str | None, quiet: bool):
    from crawler.cli.crawl_cmds import check_mirror
    from crawler.survey.fetch import PoliteFetcher

    if mirror_url is not None:
        check_mirror(mirror_url)
    progress = None if quiet else (lambda url: click.echo(f"… {url}", err=True))
    return PoliteFetcher.from_settings(settings, mirror=mirror_url, on_fetch=progress)


sites_file_option = click.option(
    "--sites-file", type=click.Path(path_type=Path, dir_okay=False),
    help="Sites file (default: setting SITES_FILE, else sites.toml beside the archive).")
mirror_option = click.option("--mirror", "mirror_url", metavar="URL",
                             help="Fetch from a loopback mirror (see `archive mirror`) instead of the site.")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress lines.")


@main.group()
def site() -> None:
    """The sites of the registry: add one from its home page, check one (docs/registry.md).

    Example: archive site add https://baolaocai.vn/ --write && archive site check baolaocai
    """


@site.command("add")
@click.argument("url")
@click.option("--key", help="Site key (default: from the host, e.g. baolaocai.vn → baolaocai).")
@click.option("--write", is_flag=True, help="Append the entry to the sites file (else only print it).")
@click.option("--saved", "saved_page", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Read the home page from this saved file instead of fetching it.")
@mirror_option
@sites_file_option
@quiet_option
@db_option
def site_add(url: str, key: str | None, write: bool, saved_page: Path | None, mirror_url: str | None,
             sites_file: Path | None, quiet: bool, db_path: Path) -> None:
    """Survey the site whose home page is URL and print its sites-file entry (--write appends it).

    Detects the CMS family, the section listings of the menu, the article URL pattern (checked by
    extracting articles), feeds and sitemaps.  Example: archive site add https://baolaocai.vn/ --write
    """
    from crawler.profiles.registry import sites_file_path
    from crawler.profiles.sites_file import KEY, SitesFileError
    from crawler.survey.entry import append_entry, entry_toml, suggest_key
    from crawler.survey.fetch import FetchError
    from crawler.survey.survey import survey_site

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(f"{url!r}: expected the site's home page as an http(s) URL, e.g. https://baolaocai.vn/")
    settings = _settings(db_path, sites_file)
    registry = _registry(settings)
    key = key or _free_key(suggest_key(parts.hostname), registry)
    if not KEY.match(key):
        raise UserError(f"--key {key!r}: lower-case letters, digits and _ only, starting with a letter")
    if key in registry:
        raise UserError(f"site {key!r} exists already; choose another with --key")
    owner = next((p.key for p in registry.values() if parts.hostname.lower() in p.hosts), None)
    if owner:
        raise UserError(f"{parts.hostname} is already the site {owner!r} (archive site check {owner})")
    home = saved_page.read_text(encoding="utf-8", errors="replace") if saved_page else None
    fetcher = _fetcher(settings, mirror_url, quiet)
    try:
        survey = survey_site(url, fetcher, max_sections=settings.getint("SITE_ADD_MAX_SECTIONS"),
                             check_articles=settings.getint("SITE_ADD_CHECK_ARTICLES"), home_html=home)
    except FetchError as exc:
        raise SiteError(f"cannot survey the site: {exc}") from exc
    entry = entry_toml(survey, key)
    click.echo(entry, nl=False)
    if survey.article_pattern is None:
        raise SiteError("no article URL pattern found: add article_url_pattern to the entry by hand")
    if not write:
        return
    path = sites_file_path(settings)
    from crawler.profiles import PROFILES

    try:
        append_entry(path, entry, taken=set(PROFILES))
    except SitesFileError as exc:
        raise UserError(str(exc)) from exc
    click.echo(f"written to {path}; crawl it with: archive crawl {key}", err=True)


def _free_key(key: str, registry: dict) -> str:
    n = 2
    candidate = key
    while candidate in registry:
        candidate = f"{key}_{n}"
        n += 1
    return candidate


@site.command("check")
@click.argument("key")
@mirror_option
@sites_file_option
@quiet_option
@db_option
def site_check(key: str, mirror_url: str | None, sites_file: Path | None, quiet: bool, db_path: Path) -> None:
    """Fetch one listing (and feed, sitemap) and one article of site KEY and say what works.

    Exit 0 when a listing gives article links and the article extracts, else 1.
    Example: archive site check baolaocai
    """
    from crawler.profiles.registry import is_site
    from crawler.survey.check import check_site, site_works

    settings = _settings(db_path, sites_file)
    registry = _registry(settings)
    profile = registry.get(key)
    if profile is None or not is_site(profile):
        known = ", ".join(k for k, p in sorted(registry.items()) if is_site(p))
        raise UserError(f"unknown site {key!r}; known: {known}")
    lines = check_site(profile, _fetcher(settings, mirror_url, quiet))
    for line in lines:
        click.echo(f"{'ok  ' if line.ok else 'FAIL'} {line.what:8} {line.url}  {line.note}")
    if not site_works(lines):
        raise SiteError(f"site {key} does not work: see the FAIL lines above")
    click.echo(f"site {key} works")
