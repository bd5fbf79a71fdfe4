"""Test fixtures and helpers shared by the package tests."""
