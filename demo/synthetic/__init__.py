"""A synthetic municipal group of any size, for benchmarks: see demo.synthetic.generator."""
