"""What a command does, start to end: combines the engine with the outputs."""
