"""File formats: MIDI (mido), MusicXML (music21), WAV/FLAC (soundfile). Song in, Song out."""
