"""The Scrapy project: settings, spiders, site profiles, extraction, pipelines and the CLI."""
