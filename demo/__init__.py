"""The demo and the synthetic group: what a newcomer sees on first run and what the benchmark
measures. It sits on top of every other app and only reads and writes through them, so a
production image could leave it out without any page noticing."""
