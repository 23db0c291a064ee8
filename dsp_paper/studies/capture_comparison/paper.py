"""What the field reports, typed once (notebook ``08_capture``, an extension beyond the
documents): the settings and figures of Neural Amp Modeler's trainer and of Wright et al.
(2019), set beside this run's in the table of differences."""
from __future__ import annotations

from dsp_paper.study.references import Reference

__all__ = ["FIELD_REFERENCES", "FIELD"]

# What the field reports (its public sources), typed once: the settings and figures of Neural Amp
# Modeler's trainer and of Wright et al., set beside this run's in the table of differences.
FIELD = {
    "nam_wavenet": "Neural Amp Modeler's standard WaveNet: 16 then 8 channels, about 13.8 k "
                   "weights, receptive field about 4,100 samples",
    "nam_training": "100 epochs, batches of 16 segments of 8,192 outputs, Adam lr 0.004 with "
                    "decay 0.007, ESR plus an MR-STFT term on pre-emphasised audio",
    "wright": "LSTM-32 with a linear skip, ESR with pre-emphasis plus DC; 'three minutes of "
              "audio data is sufficient'",
    "nam_realtime": "whole DAW bounce at 48 kHz: LSTM presets about 20x, WaveNet standard 7x, "
                    "nano 16x real time",
    "nam_split": "a validation part at the end of the reamp file, labelled by its ESR",
}

#: What notebook 08 sets the documents beside: the recurrent capture model's papers (the
#: package's code cites the first for the model and its loss) and the capture tool whose
#: engine and file format the package checks against.
FIELD_REFERENCES = (
    Reference(key="Wright et al. 2019", title="Real-Time Black-Box Modelling with Recurrent "
              "Neural Networks", author="Alec Wright, Eero-Pekka Damskägg and Vesa Välimäki",
              kind="conference paper", date="2019",
              venue="Proceedings of the 22nd International Conference on Digital Audio Effects "
                    "(DAFx-19), Birmingham", link=None),
    Reference(key="Wright et al. 2020", title="Real-Time Guitar Amplifier Emulation with Deep "
              "Learning", author="Alec Wright, Eero-Pekka Damskägg, Lauri Juvela and Vesa "
              "Välimäki", kind="journal article", date="2020",
              venue="Applied Sciences 10(3):766", link="https://doi.org/10.3390/app10030766"),
    Reference(key="NAM", title="Neural Amp Modeler", author="Steven Atkinson",
              kind="open-source capture trainer, plugin and engine (MIT)",
              date="maintained; read in 2026",
              venue="GitHub", link="https://github.com/sdatkinson/neural-amp-modeler"),
)
