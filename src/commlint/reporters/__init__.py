"""Reporters: turn reports into what people and tools read."""
