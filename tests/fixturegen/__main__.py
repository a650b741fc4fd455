"""``python -m tests.fixturegen``: write every fixture page and its golden file from the stories."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import unicodedata
from pathlib import Path

from tests.fixturegen.common import Story, parse_story

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
STORIES = HERE / "stories"
# ../shared beside the repository (a work tree sits one level deeper: look upwards)
GOLD = next((p / "shared" / "seeds" / "gold.json" for p in TESTS.parents if (p / "shared" / "seeds").is_dir()),
            TESTS.parent.parent / "shared" / "seeds" / "gold.json")



def renderers() -> dict[str, str]:
    """Template name prefix -> the module rendering it (each module names its ``TEMPLATE_PREFIX``)."""
    found = {}
    for info in pkgutil.iter_modules([str(HERE)]):
        if info.name not in ("common", "__main__"):
            module = importlib.import_module(f"tests.fixturegen.{info.name}")
            if hasattr(module, "TEMPLATE_PREFIX"):
                found[module.TEMPLATE_PREFIX] = info.name
    return found


def render(story: Story) -> str:
    module = importlib.import_module(f"tests.fixturegen.{renderers()[story.template.split('_')[0]]}")
    page = module.render(story)
    if "nfd" in story.options:  # some CMSs store decomposed Vietnamese; golden text stays NFC
        page = unicodedata.normalize("NFD", page)
    return page


def check_seed(story: Story, gold: dict) -> None:
    """A seed story must reproduce gold.json's expected values exactly."""
    expected = gold[story.meta["seed"]]
    got = story.golden()
    for key in ("title", "published", "author", "text"):
        if got[key] != expected[key]:
            raise SystemExit(f"{story.name}: {key} differs from gold.json")


def main() -> None:
    gold = {}
    if GOLD.is_file():
        gold = {g["file"].rsplit(".", 1)[0]: g for g in json.loads(GOLD.read_text(encoding="utf-8"))}
    only = sys.argv[1:]
    for path in sorted(STORIES.rglob("*.txt")):
        story = parse_story(path, STORIES)
        if only and not any(story.name.startswith(o) for o in only):
            continue
        if "seed" in story.meta:
            if not gold:
                print(f"skip {story.name}: {GOLD} is absent", file=sys.stderr)
                continue
            check_seed(story, gold)
        page = TESTS / "pages" / f"{story.name}.html"
        golden = TESTS / "golden" / f"{story.name}.json"
        page.parent.mkdir(parents=True, exist_ok=True)
        golden.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(render(story), encoding="utf-8")
        golden.write_text(json.dumps(story.golden(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {story.name}")


if __name__ == "__main__":
    main()
