"""Data layer: building, reading and updating the content database. Never imports Qt."""
