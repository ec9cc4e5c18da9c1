"""Sound: SoundFont synthesis, mixdown, (later) guide vocal and playback. No Qt."""
