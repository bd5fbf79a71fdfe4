"""Staff tools for content update packages: keys, build, verify, diff, apply, roll back, export."""
