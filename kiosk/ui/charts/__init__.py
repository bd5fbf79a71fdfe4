"""Charts: small compositions of pyqtgraph items (import a chart module only where it is shown)."""
