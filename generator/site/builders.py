"""Building with ProperDocs or Zensical: they do not run the Glasshouse plugin (Zensical ignores
plugins it does not know without a word), so they build the project `glasshouse render` writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from generator.errors import BuildError
from generator.model.audience import Audience
from generator.render.pages import Site
from generator.site.export import write_project
from generator.site.neutral import BUILDERS

# Each builder's command line: strict, so that a warning stops the build as it does with MkDocs.
_COMMANDS = {
    "properdocs": ["build", "--strict"],
    "zensical": ["build", "--strict"],
}
TIMEOUT = 600


def refusal(builder: str) -> str | None:
    """Why `builder` cannot build a Glasshouse site, or None when it can."""
    if builder in BUILDERS:
        return None
    return (
        f"'{builder}' is not a builder Glasshouse builds with ({', '.join(BUILDERS)}): a builder that does not run "
        "the glasshouse plugin would build the hand-written pages alone, without a word about the generated ones"
    )


def executable(builder: str) -> str:
    """The builder's command: beside this Python's, or on PATH."""
    beside = Path(sys.executable).parent / builder
    found = str(beside) if beside.is_file() else shutil.which(builder)
    if found is None:
        raise BuildError(
            f"{builder} is not installed; the previous site is untouched.\n"
            f"  hint: pip install {builder} (in this environment, or one on PATH), or build with --builder mkdocs"
        )
    return found


def build_rendered(builder: str, config_file: Path, data_dir: Path, site_dir: Path, audience: Audience, site: Site | None = None) -> None:
    """Write the builder-neutral project for `config_file`'s site (`site`, when given: its pages
    generated already) into a scratch directory and build it with `builder` into `site_dir`, an
    empty directory."""
    command = executable(builder)
    with tempfile.TemporaryDirectory(prefix=".glasshouse-render-", dir=config_file.parent) as scratch:
        out = Path(scratch)
        write_project(data_dir, out, config_file, audience, site)
        config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
        config["site_dir"] = "site"  # Zensical builds only inside the project; moved into place below
        (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        try:
            done = subprocess.run(
                [command, *_COMMANDS[builder], "-f", str(out / "mkdocs.yml")],
                cwd=out, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BuildError(f"{builder} build failed; the previous site is untouched.\n  {exc}") from None
        built = out / "site"
        if done.returncode != 0 or not (built / "index.html").is_file():
            said = (done.stderr + done.stdout).strip().splitlines()[-20:]
            detail = "\n".join(f"  {line}" for line in said) or f"  exit status {done.returncode}"
            raise BuildError(f"{builder} build --strict failed; the previous site is untouched.\n{detail}")
        site_dir.rmdir()
        os.replace(built, site_dir)
