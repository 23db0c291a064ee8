"""The package's error types: one for bad parameters, one for missing audio material."""


class ParameterError(ValueError):
    """A function was called with a bad parameter: wrong sample rate, NaN or silent audio,
    an empty array, an unknown scale, mismatched dry/wet lengths, ..."""


class MaterialMissingError(FileNotFoundError):
    """Real audio material (or the software that renders it) is not installed.

    The message names the package to install; nothing is replaced by synthetic audio.
    """
