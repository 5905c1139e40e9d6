"""Front ends: the command line, the HTTP API and the web dashboard (thin layers)."""
