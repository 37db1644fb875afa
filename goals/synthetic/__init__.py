"""A synthetic municipal group of any size, for benchmarks: see goals.synthetic.generator."""
