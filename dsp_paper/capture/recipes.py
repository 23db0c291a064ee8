"""The capture models: how each kind is built and trained (:class:`CaptureRecipe`), and the
recipes the ``capture`` command offers (:data:`RECIPES`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from dsp_paper.errors import ParameterError

if TYPE_CHECKING:
    import keras

__all__ = ["CaptureRecipe", "RECIPES", "DEFAULT_RECIPE", "KNOB_CONDITIONINGS",
           "DEFAULT_KNOB_CONDITIONING"]


@dataclass(frozen=True)
class CaptureRecipe:
    """How one kind of capture model is built and trained.

    Attributes
    ----------
    kind : {"wavenet", "lstm", "gru"}
    size : int or tuple of int
        Channels of every wavenet layer (Neural Amp Modeler's layer arrays, one per entry of
        a tuple; an int builds one; ``(16, 8)``: its "standard" model; see
        :func:`dsp_paper.nn.models.wavenet`), or units of the recurrent layer.
    gated : bool
        Gated wavenet activations.
    segment : int
        Output samples per training segment (a wavenet's segments also carry its receptive
        field of context before them; a recurrent model's carry ``warmup`` samples). NAM
        trains on 8192; on a CPU budget of minutes, 2048 gives four times the gradient steps
        and ends far lower (on the pedal chain, ESR 0.006 against 0.033 after 2 minutes).
    warmup : int
        Samples at the start of a recurrent model's segment left out of the loss.
    batch_size : int
    learning_rate : float
        Adam's initial rate, multiplied by ``decay`` after every epoch.
    decay : float
    pre_emphasis : float
        Coefficient of the loss's first-order pre-emphasis.
    mr_stft_weight : float
        Weight of an added multi-resolution STFT term (0: ESR + DC only).
    patience : int
        Early stopping: epochs without a better validation loss.
    film : bool
        A wavenet knob capture's controls also modulate every layer's pre-activation,
        feature-wise (FiLM; see :func:`dsp_paper.nn.models.wavenet`); no effect without
        controls.
    skip : bool
        A recurrent model's skip from input to output (off: Neural Amp Modeler's LSTM, which
        its ``.nam`` format holds).
    head_scale : float
        A wavenet's fixed output gain (Neural Amp Modeler's ``head_scale``, 0.02): the
        summed activations of ten layers start some 50 times too loud, so without it the
        first epochs only learn to be quieter (on the pedal chain's guitar harmonics, test
        ESR 0.0066 after 25 epochs without it, 0.0003 after 10 with it).
    """

    kind: str
    size: int | tuple[int, ...]
    gated: bool = False
    segment: int = 2048
    warmup: int = 0
    batch_size: int = 16
    learning_rate: float = 4e-3
    decay: float = 0.993
    pre_emphasis: float = 0.85
    mr_stft_weight: float = 0.0
    patience: int = 40
    film: bool = False
    skip: bool = True
    head_scale: float = 0.02
    # a wavenet's taps and dilations (every layer array has them all): NAM's
    kernel_size: ClassVar[int] = 3
    dilations: ClassVar[tuple[int, ...]] = tuple(2 ** i for i in range(10))

    def __post_init__(self) -> None:
        if self.film and self.kind != "wavenet":
            raise ParameterError(f"FiLM conditions a wavenet; a {self.kind} takes its controls "
                                 "as inputs only")

    @property
    def receptive_field(self) -> int | None:
        """Input samples one output depends on, without building the model:
        ``1 + (kernel_size - 1) * sum(dilations)`` per layer array of a wavenet (2,047 for
        ``wavenet``, 4,093 for ``wavenet-standard``); None for a recurrent model
        (unbounded)."""
        if self.kind != "wavenet":
            return None
        arrays = len(self.size) if isinstance(self.size, tuple) else 1
        return 1 + (self.kernel_size - 1) * sum(self.dilations) * arrays

    def build(self, *, controls: int = 0, seed: int = 0,
              input_rms: float | None = None) -> keras.Model:
        """The untrained Keras model of this recipe.

        Parameters
        ----------
        controls : int
            Control inputs (knobs) beside the audio.
        seed : int
        input_rms : float, optional
            The training audio's RMS: the model's fixed input gain is its inverse.

        Returns
        -------
        keras.Model
            :func:`dsp_paper.nn.models.wavenet` or :func:`dsp_paper.nn.models.streaming_rnn`.
        """
        from dsp_paper.nn import models  # heavy: Keras; the command line reads RECIPES without it

        gain = 1.0 / input_rms if input_rms else 1.0
        if self.kind == "wavenet":
            return models.wavenet(channels=self.size, kernel_size=self.kernel_size,
                                  dilations=self.dilations, gated=self.gated,
                                  controls=controls, film=self.film and controls > 0,
                                  input_gain=gain,
                                  head_scale=self.head_scale, seed=seed)
        return models.streaming_rnn(hidden=self.size, cell=self.kind, controls=controls,
                                    input_gain=gain, skip=self.skip, seed=seed)


RECIPES = {
    "wavenet": CaptureRecipe("wavenet", 8),
    # 5 channels: a gated layer computes twice its channels, so 5 gated cost about what 8
    # plain channels do
    "wavenet-gated": CaptureRecipe("wavenet", 5, gated=True),
    # NAM's "standard" WaveNet (13,802 weights, receptive field 4093): five times the
    # arithmetic of "wavenet", and a receptive field twice as long, so slower to train and to
    # run. Every wavenet recipe is one of NAM's WaveNets (exported as model.nam).
    "wavenet-standard": CaptureRecipe("wavenet", (16, 8)),
    "lstm": CaptureRecipe("lstm", 32, segment=2048, warmup=512, learning_rate=5e-3),
    "gru": CaptureRecipe("gru", 32, segment=2048, warmup=512, learning_rate=5e-3),
    # NAM's LSTM: no skip from input to output, so that a .nam file holds it
    "lstm-noskip": CaptureRecipe("lstm", 32, segment=2048, warmup=512, learning_rate=5e-3,
                                 skip=False),
}
# How a knob capture's controls condition a wavenet unless told otherwise: "input" (input
# channels read by every layer's input mixin) or "film" (also scaling and shifting every
# layer's pre-activation); notebook 08 compares the two at drives neither saw.
KNOB_CONDITIONINGS = ("input", "film")
DEFAULT_KNOB_CONDITIONING = "input"
# The recipe ``capture`` trains unless told otherwise: the one that won on most effects of
# the capture check in equal minutes (notebook 08, figures/capture_check.json).
DEFAULT_RECIPE = "wavenet"
