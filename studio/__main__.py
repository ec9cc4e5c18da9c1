"""Composition root: read the command line, build the services, start the CLI or the window."""

from __future__ import annotations

import sys


def launch_window(settings, options: dict | None = None) -> int:
    from studio.ui.app import run_app  # Qt loads only when the window is wanted

    return run_app(settings, sys.argv[:1], **(options or {}))


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # the window's engine process, in a frozen bundle
    from studio.cli.main import run

    return run(sys.argv[1:] if argv is None else argv, launch_window)


if __name__ == "__main__":
    sys.exit(main())
