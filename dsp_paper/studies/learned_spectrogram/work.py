"""What notebook 02 trains, for :mod:`dsp_paper.study.estimate`."""
from __future__ import annotations

from dsp_paper.nn.probe import Probe
from dsp_paper.study.settings import seeds
from dsp_paper.studies import scale_config
from dsp_paper.studies.learned_spectrogram.data import slice_data
from dsp_paper.studies.learned_spectrogram.experiment import train_dft_layer, train_stft_layer

__all__ = ["planned_work"]


def planned_work(notebook: str, scale: str, probe: Probe) -> None:
    """What ``02_learned_spectrogram`` trains at ``scale``, for :mod:`dsp_paper.study.estimate`:
    the STFT layer once for each of the many seeds of trainings that take seconds (at most its
    epoch cap: each stops on a plateau of its validation loss) and the DFT layer once."""
    with probe.runs(len(seeds(scale, many=True))):
        train_stft_layer(scale_config("02_learned_spectrogram", scale), slice_data(scale),
                         progress=False, probe=probe)
    train_dft_layer(scale=scale, progress=False, probe=probe)
