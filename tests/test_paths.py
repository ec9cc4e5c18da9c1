"""One function finds resources and models in a checkout, an installed wheel and the bundle."""

import sys

from studio.core import paths


def test_a_checkout_finds_its_own_folders():
    assert paths.resource_path("styles", "pop.toml").is_file()
    assert paths.model_path("melody.pt").is_file()


def test_an_installed_wheel_finds_share_studio(tmp_path, monkeypatch):
    share = tmp_path / "prefix" / "share" / "studio" / "resources" / "styles"
    share.mkdir(parents=True)
    (share / "only-in-the-wheel.toml").write_text("x", encoding="utf-8")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    assert paths.resource_path("styles", "only-in-the-wheel.toml") == share / "only-in-the-wheel.toml"


def test_the_bundle_is_looked_at_first(tmp_path, monkeypatch):
    packed = tmp_path / "models"
    packed.mkdir()
    (packed / "melody.pt").write_bytes(b"packed")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.model_path("melody.pt") == packed / "melody.pt"
    assert paths.resource_path("lyrics", "demo.txt").is_file()  # not packed there: the next root
