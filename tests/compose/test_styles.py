import pytest

from studio.compose.styles import StyleError, get_style, list_styles, parse_style, roman_to_state
from studio.core.theory import chord_state

REQUIRED = {"pop", "rock", "folk", "celtic", "chorale", "ballad", "electronic", "hip-hop"}


def test_the_eight_styles_ship_and_load():
    styles = {s.id: s for s in list_styles()}
    assert set(styles) >= REQUIRED
    for style in styles.values():
        assert style.name and style.description
        assert {"chords", "bass"} <= set(style.instruments)


def test_styles_are_recognisably_different():
    styles = {s.id: s for s in list_styles()}
    assert len({s.default_tempo for s in styles.values()}) >= 6
    assert len({s.instruments["chords"] for s in styles.values()}) >= 6
    assert len({tuple(sorted(s.drums["verse"].hits.items())) for s in styles.values() if s.drums}) == 7
    rates = {k: s.rhythm.syllables_per_beat for k, s in styles.items()}
    assert rates["hip-hop"] == max(rates.values()) and rates["hip-hop"] > 2 * rates["ballad"]  # dense, and slow
    assert styles["hip-hop"].melody_range == min(s.melody_range for s in styles.values())  # narrow
    assert styles["ballad"].density < 1 and styles["ballad"].melody_range >= 15  # slow and wide
    assert styles["celtic"].meter.is_compound and str(styles["folk"].meter) == "3/4"
    assert not styles["chorale"].drums and styles["chorale"].chord_rhythm == "beat"
    assert all("fill" in s.drums and "chorus" in s.drums for s in styles.values() if s.drums)


def test_roman_numerals():
    assert roman_to_state("V7") == chord_state(7, "7")
    assert roman_to_state("vi") == chord_state(9, "min")
    assert roman_to_state("bVII") == chord_state(10, "maj")
    assert roman_to_state("vii°") == chord_state(11, "dim")
    with pytest.raises(ValueError):
        roman_to_state("X")


def minimal(**changes):
    data = {
        "name": "Mine",
        "description": "test",
        "tempo": [90, 100],
        "instruments": {"chords": 0, "bass": 33},
        "chords": {"voicing": "comp", "pattern": "x.x.x.x."},
        "bass": {"pattern": "1...5..."},
        "drums": {"verse": {"kick": "x...x..."}},
    }
    for path, value in changes.items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node[part]
        node[last] = value
    return data


def test_a_musician_can_write_a_minimal_style():
    style = parse_style(minimal(), "mine")
    assert style.meter.numerator == 4 and style.default_tempo == 95 and style.chord_rhythm == "bar"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("tempo", [200, 100], "tempo"),
        ("instruments.bass", 300, "instruments.bass"),
        ("drums.verse", {"cowbell": "x..y"}, "drums.verse.cowbell may only use"),
        ("drums.verse", {"gong": "x..."}, "is not a drum"),
        ("drums.verse", {"kick": "x...", "snare": "x......."}, "steps"),
        ("chords.voicing", "strum", "chords.voicing should be one of"),
        ("bass.pattern", "1...5..", "do not divide a bar"),
        ("meter", "4/3", "meter"),
        ("swing", 0.9, "swing"),
        ("voice", "robot", "voice should be one of female, male"),
        ("band", {"verse": {"plays": ["kazoo"]}}, "band.verse.plays should list roles"),
        ("band", {"chorus": {"chords": "x.x.x.."}}, "band.chorus.chords has 7 steps"),
        ("band", {"chorus": {"loudness": 90}}, "band.chorus.loudness is not a band setting"),
        ("band", {"bridge": {"spread": "yes"}}, "band.bridge.spread should be true or false"),
        ("vocal", {"vibrato_depth": 4}, "vocal has a bad setting: vibrato_depth should be a number from 0.0 to 1.0"),
        ("vocal", {"wobble": 1}, "vocal has a bad setting: unknown setting 'wobble'"),
        ("vocal", "breathy", "vocal should be dict"),
    ],
)
def test_broken_style_files_name_the_field(path, value, message):
    with pytest.raises(StyleError, match=message):
        parse_style(minimal(**{path: value}), "mine")


def test_unknown_style_lists_the_known_ones(tmp_path):
    with pytest.raises(StyleError, match="unknown style 'polka'.*pop"):
        get_style("polka")
    (tmp_path / "bad.toml").write_text("name = [unclosed", encoding="utf-8")
    with pytest.raises(StyleError, match="not valid TOML"):
        get_style("bad", tmp_path)


def test_each_section_kind_has_its_band():
    style = parse_style(
        minimal(band={"verse": {"chords": "x.......", "plays": ["chords", "bass"]}, "chorus": {"spread": True}}),
        "mine",
    )
    verse, chorus = style.band_for("verse"), style.band_for("chorus")
    assert verse.chords == "x......." and verse.plays == {"chords", "bass"}
    assert chorus.chords == "x.x.x.x." and chorus.spread and "pad" in chorus.plays and chorus.velocity > verse.velocity
    assert style.band_for("bridge") == verse  # a kind the file leaves out plays the verse's band
    plain = parse_style(minimal(), "mine")  # no [band]: the style's patterns, the pad and lead in the chorus
    assert plain.band_for("verse").plays == {"chords", "bass", "drums"} and "lead" in plain.band_for("chorus").plays
