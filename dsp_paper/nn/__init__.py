"""The neural layer: Keras models, layers and losses, training with checkpoints and a probe
for ``estimate``, streaming kernels, evaluation and benchmarks. It imports the toolkit only
(see ``ARCHITECTURE.md``)."""
