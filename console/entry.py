"""The `centralino` command's entry point: makes sure the packages it runs are its own.

Installed, Centralino's code lands in site-packages as `console`, `screens` and `backends`
(the repository's top-level folders). PyPI has unrelated packages named `console` and
`backends`; installed into the same environment, one overwrites or hides the other's files.
Each of our packages names itself in `CENTRALINO_PACKAGE`, and all three sit side by side:
anything else means another project's package is in the way, and we stop with a clear
message instead of a traceback from deep inside an import.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

OWN_PACKAGES = ("console", "screens", "backends")


def shadowed_packages() -> list[str]:
    """Descriptions of the packages that are not Centralino's own; [] when all are."""
    problems: list[str] = []
    folders: set[Path] = set()
    for name in OWN_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:  # a broken impostor may not even import
            problems.append(f"'{name}' does not import ({exc.__class__.__name__})")
            continue
        where = Path(getattr(module, "__file__", None) or name).resolve().parent
        if getattr(module, "CENTRALINO_PACKAGE", None) != name:
            problems.append(f"'{name}' at {where} is another project's package")
        else:
            folders.add(where.parent)
    if not problems and len(folders) > 1:
        problems.append("'console', 'screens' and 'backends' come from different folders: "
                        + ", ".join(sorted(str(folder) for folder in folders)))
    return problems


def main(argv: list[str] | None = None) -> Any:
    problems = shadowed_packages()
    if problems:
        # English only: the translation functions live in the package that may be missing
        print("centralino: cannot start: " + "; ".join(problems) + ". Another package of the "
              "same name is installed in this Python environment. Install Centralino in an "
              "environment of its own: pipx install centralino (or: uv tool install "
              "centralino).", file=sys.stderr)
        return 2
    from console.language import activate_early

    activate_early()  # before click reads the commands' help
    from console.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
