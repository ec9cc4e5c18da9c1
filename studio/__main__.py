"""Composition root: read the command line, build the services, start the CLI or the window."""

from __future__ import annotations

import sys


def launch_window(settings, options: dict | None = None) -> int:
    from studio.ui.app import run_app  # Qt loads only when the window is wanted

    return run_app(settings, sys.argv[:1], **(options or {}))


def main(argv: list[str] | None = None) -> int:
    import multiprocessing
    import os

    multiprocessing.freeze_support()  # the window's engine process, in a frozen bundle
    from studio.cli.main import run

    window = []
    code = run(sys.argv[1:] if argv is None else argv, lambda *a: window.append(1) or launch_window(*a))
    if not window and argv is None and "torch" in sys.modules:
        # A command that loaded torch and a SoundFont spends 0.6 s tearing them down at exit;
        # its files are written and closed, its scratch folder gone, so it leaves at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
