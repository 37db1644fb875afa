"""The load test of a mixed day (issue 14, "Load, measured"): `make load`, see docs/benchmarks.md.

Not part of the app or of the test run: locust is in its own dependency group (`load`)."""
