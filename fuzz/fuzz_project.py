"""Coverage-guided fuzzing of `.studio` project loading (atheris).

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/fuzz_project.py fuzz/corpus/project -max_total_time=300 -max_len=8192

Anything but a ProjectError is a crash. The corpus starts from real projects.
"""

import sys

import atheris

with atheris.instrument_imports(include=["studio"]):
    from studio.core.errors import ProjectError
    from studio.core.project import loads


def one_input(data: bytes) -> None:
    try:
        loads(data.decode("utf-8", errors="replace"), "fuzz.studio")
    except ProjectError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
