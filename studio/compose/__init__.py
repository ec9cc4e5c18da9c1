"""Lyrics + style + seed -> Song: song form, melody, harmony, arrangement (issue 4)."""
