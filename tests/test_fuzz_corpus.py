"""Replay the fuzzers' committed corpora: every input ends in the parser's own error or a Song."""

from pathlib import Path

import pytest

from studio.core.errors import MidiError, ProjectError
from studio.core.project import loads
from studio.formats.midi_import import read_midi_bytes

CORPUS = Path(__file__).resolve().parent.parent / "fuzz" / "corpus"


@pytest.mark.parametrize("kind", ["midi", "project"])
def test_every_corpus_input_is_a_song_or_a_clear_error(kind):
    inputs = sorted((CORPUS / kind).iterdir())
    assert len(inputs) >= 2
    for path in inputs:
        data = path.read_bytes()
        try:
            if kind == "midi":
                read_midi_bytes(data, path.name)
            else:
                loads(data.decode("utf-8", errors="replace"), path.name)
        except (MidiError, ProjectError):
            pass
