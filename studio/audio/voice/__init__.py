"""The guide vocal in one room: the voices that speak (types.Speaker: Piper, Festival, eSpeak
NG), the singer that re-times and re-pitches their words onto the notes, and the F0 measure
of how well it sang them."""
