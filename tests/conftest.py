"""Shared test set-up: Qt offscreen, a private settings folder, small songs to work on."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def private_settings(tmp_path, monkeypatch):
    """Never read or write the developer's own Studio settings or styles."""
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def four_track_song():
    from tests.songs import four_track_song

    return four_track_song()
