import json
import os
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.errors import ProjectError
from studio.core.project import VERSION, dumps, load_project, loads, save_project
from studio.core.song import Song


def test_round_trip_is_identical(tmp_path, four_track_song):
    path = tmp_path / "song.studio"
    save_project(four_track_song, path)
    assert load_project(path) == four_track_song


def test_file_is_versioned_json(tmp_path, four_track_song):
    path = tmp_path / "song.studio"
    save_project(four_track_song, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "studio-project"
    assert document["version"] == VERSION
    assert "我" in path.read_text(encoding="utf-8")  # UTF-8 as written, not escaped


def test_the_voice_is_saved_and_older_files_without_one_sing_female(four_track_song):
    male = replace(four_track_song, voice="male")
    assert loads(dumps(male)).voice == "male"
    document = json.loads(dumps(male))
    del document["song"]["voice"]
    assert loads(json.dumps(document)).voice == "female"


def test_failed_save_keeps_the_previous_file(tmp_path, four_track_song, monkeypatch):
    path = tmp_path / "song.studio"
    save_project(four_track_song, path)
    before = path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(ProjectError, match="No space left"):
        save_project(four_track_song.__class__(title="other"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["song.studio"]  # no temporary left behind


def test_unwritable_folder_is_a_clear_error(tmp_path, four_track_song):
    with pytest.raises(ProjectError, match="cannot save"):
        save_project(four_track_song, tmp_path / "missing-folder" / "song.studio")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "broken JSON"),
        ("[]", "not a Studio project"),
        ('{"format": "something-else", "version": 1}', "not a Studio project"),
        ('{"format": "studio-project", "version": "one"}', "no valid format version"),
        ('{"format": "studio-project", "version": 99, "song": {}}', "newer Studio"),
        ('{"format": "studio-project", "version": 1, "song": {}}', "'tracks' is missing"),
    ],
)
def test_broken_files_give_one_clear_message(text, message):
    with pytest.raises(ProjectError, match=message):
        loads(text, "song.studio")


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("tracks", 0, "notes", 0, 0), 200, r"tracks\[0\].notes\[0\]: pitch must be 0-127"),
        (("tracks", 0, "notes", 0, 2), 0, "duration"),
        (("tracks", 0, "notes", 0, 0), True, "whole number"),
        (("tracks", 0, "channel"), 16, "channel"),
        (("tempos", 0, 1), -4, "tempo"),
        (("meters", 0, 2), 5, "power of two"),
        (("keys", 0, 1), "Z major", "not a key"),
        (("tracks", 0, "notes", 0), [1, 2], "list of 7"),
        (("voice",), "robot", "voice must be one of female, male"),
    ],
)
def test_impossible_values_are_named(four_track_song, path, value, message):
    document = json.loads(dumps(four_track_song))
    target = document["song"]
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(ProjectError, match=message):
        loads(json.dumps(document), "song.studio")


def test_binary_garbage_is_not_a_project(tmp_path):
    path = tmp_path / "song.studio"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ProjectError, match="not a Studio project"):
        load_project(path)


def test_missing_file(tmp_path):
    with pytest.raises(ProjectError, match="cannot open"):
        load_project(tmp_path / "nope.studio")


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))
    yield path


json_values = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_damaged_value_is_a_song_or_a_project_error(data):
    from tests.songs import four_track_song

    document = json.loads(dumps(four_track_song()))
    paths = [p for p in _leaves(document["song"]) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        value = data.draw(json_values | st.lists(json_values, max_size=3))
        try:  # an earlier damage may have removed this path; then this one does nothing
            target = document["song"]
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = value
        except (IndexError, KeyError, TypeError):
            pass
    try:
        loads(json.dumps(document), "fuzz.studio")
    except ProjectError:
        pass


def test_phrases_are_kept_and_older_files_without_them_still_open():
    song = Song(phrases=(3840, 7680, 0))
    assert loads(dumps(song)).phrases == (0, 3840, 7680)
    older = dumps(song).replace(', "phrases": [0, 3840, 7680]', "")
    assert '"phrases"' not in older and loads(older).phrases == ()
    broken = dumps(song).replace('"phrases": [0, 3840, 7680]', '"phrases": [0, "x"]')
    with pytest.raises(ProjectError, match=r"phrases\[1\]"):
        loads(broken)
