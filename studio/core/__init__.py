"""The document model and pure-Python domain logic. No Qt, no torch, no audio devices."""
