"""Benchmarks of the kiosk as residents feel it, each next to the floor of its own stack (`make bench`)."""
