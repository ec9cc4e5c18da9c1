"""Studio: lyrics in, an arranged song with a guide vocal out, offline."""

__version__ = "0.1.0"
