"""The application services both faces call: the engine (and its process), generating a
song into files, exports, opening songs. Above compose, audio and formats; below ui and cli."""
