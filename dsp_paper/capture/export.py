"""A capture on disk: the capture folder written atomically (:func:`write_capture`), its
model loaded back as a streaming kernel (:func:`load_capture`) and run over a sound file
(:func:`apply_files`, the ``apply`` command)."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import soundfile

from dsp_paper.audio_io import write_audio
from dsp_paper.capture.checks import CaptureInputError, read_samples
from dsp_paper.capture.report import json_scores, quality_label, report_text, write_figures
from dsp_paper.errors import ParameterError
from dsp_paper.nn.streaming import (
    StreamingGRU,
    StreamingLSTM,
    StreamingWaveNet,
    streamer_from_json,
    weights_to_json,
)

if TYPE_CHECKING:
    from dsp_paper.capture.training import Capture

__all__ = ["check_out_folder", "write_capture", "load_capture", "apply_files"]


def check_out_folder(out: str | os.PathLike, overwrite: bool) -> None:
    """Refuse to write a capture folder over an earlier one unless ``overwrite``, and over
    anything that is not a capture folder at all.

    Raises
    ------
    ParameterError
    """
    out = Path(out)
    if out.exists() and not overwrite:
        raise ParameterError(f"{out} exists: choose another --out or pass --overwrite")
    if out.exists() and not (out / "model.json").is_file():
        raise ParameterError(f"{out} exists and is not a capture folder: not overwriting it")


def _summary(result):
    """``report.json`` without the clips' gain: the recipe, training, scores and notes."""
    test = result.tests[0]
    return dict(recipe=asdict(result.recipe), weights=int(result.model.count_params()),
                sample_rate=result.sample_rate, latency=result.latency,
                receptive_field=result.receptive_field, epochs=len(result.log.epoch),
                kept_epoch=result.log.restored_epoch, training_seconds=result.seconds,
                scores=json_scores(test["scores"]),
                fir_scores=json_scores(test["fir"]) if test.get("fir") else None,
                realtime_factor=test.get("realtime_factor"),
                quality=quality_label(test["scores"]["esr"]), notes=result.notes,
                log=dict(epoch=result.log.epoch, loss=result.log.loss,
                         val_loss=result.log.val_loss, seconds=result.log.seconds))


def _write_clips(test, folder, sample_rate, clip_seconds):
    """The first ``clip_seconds`` of the test part's dry, wet and capture as 24-bit FLAC,
    one common gain so that none exceeds full scale; returns the gain."""
    n = min(test["dry"].size, int(clip_seconds * sample_rate))
    clips = {"test_dry": test["dry"][:n], "test_wet": test["wet"][:n],
             "test_capture": test["output"][:n]}
    peak = max(float(np.max(np.abs(c))) for c in clips.values())
    gain = min(1.0, 0.999 / peak) if peak > 0 else 1.0
    for name, audio in clips.items():
        soundfile.write(folder / f"{name}.flac", np.clip(audio * gain, -1, 1),
                        sample_rate, subtype="PCM_24")
    return gain


def write_capture(result: Capture, out: str | os.PathLike, *, overwrite: bool = False,
                  clip_seconds: float = 10.0) -> Path:
    """Write a capture folder, atomically (it appears complete or not at all).

    Files: ``model.keras`` (the Keras model), ``model.json`` (plain weights, see
    :func:`dsp_paper.nn.streaming.weights_to_json`, with ``sample_rate``, ``latency`` and the
    test scores), ``report.md`` and ``report.json``, ``training.png``, ``test_clip.png``, and
    ``test_dry.flac``, ``test_wet.flac``, ``test_capture.flac`` (the first ``clip_seconds``
    of the test part, one common gain so that none exceeds full scale).

    Returns
    -------
    Path
        The folder.

    Raises
    ------
    ParameterError
        As :func:`check_out_folder`.
    """
    out = Path(out)
    check_out_folder(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        test = result.tests[0]
        summary = _summary(result)
        (tmp / "model.json").write_text(weights_to_json(
            result.model, sample_rate=result.sample_rate, latency=result.latency,
            scores=json_scores(test["scores"])))
        result.model.save(tmp / "model.keras")
        summary["clip_gain"] = _write_clips(test, tmp, result.sample_rate, clip_seconds)
        write_figures(result, tmp)
        (tmp / "report.json").write_text(json.dumps(summary, indent=1, default=float))
        files = sorted(p.name for p in tmp.iterdir()) + ["report.md"]
        (tmp / "report.md").write_text(report_text(result, sorted(files)))
        os.chmod(tmp, 0o755)
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old)
        else:
            os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def load_capture(path: str | os.PathLike) -> tuple[StreamingLSTM | StreamingGRU
                                                   | StreamingWaveNet, dict]:
    """The streaming kernel and the JSON document of a capture folder or ``model.json``.

    Returns
    -------
    streamer : StreamingLSTM, StreamingGRU or StreamingWaveNet
    document : dict
        As :func:`dsp_paper.nn.streaming.streamer_from_json` gives them.

    Raises
    ------
    FileNotFoundError
        When there is no ``model.json`` there.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "model.json"
    if not path.is_file():
        raise FileNotFoundError(f"no capture model at {path} (expected a capture folder or "
                                "its model.json)")
    return streamer_from_json(path.read_text())


def apply_files(model_path: str | os.PathLike, in_path: str | os.PathLike,
                out_path: str | os.PathLike, *, controls: list[float] | None = None,
                block: int = 4096, overwrite: bool = False) -> dict:
    """Run a captured model over a sound file, in blocks, faster than real time.

    The input must be at the model's sample rate (a capture is only valid at its rate);
    stereo is processed channel by channel. The output is written as 24-bit audio of the
    input's format (by its extension), atomically.

    Returns
    -------
    dict
        ``seconds`` of audio, ``compute_seconds``, ``realtime_factor`` and ``clipped`` (the
        output's samples beyond full scale, clipped in the file).
    """
    stream, document = load_capture(model_path)
    audio, rate = read_samples(in_path, "input")
    if rate != document["sample_rate"]:
        raise CaptureInputError(f"the input is at {rate} Hz but the model was captured at "
                                f"{document['sample_rate']} Hz: resample the input first")
    out_path = Path(out_path)
    if out_path.exists() and not overwrite:
        raise ParameterError(f"{out_path} exists: choose another name or pass --overwrite")
    n_controls = stream.inputs - 1
    if n_controls and (controls is None or len(controls) != n_controls):
        raise ParameterError(f"this model takes {n_controls} control value(s) (--controls)")
    channels = np.atleast_2d(audio)
    t0 = time.perf_counter()
    outputs = []
    for channel in channels:
        stream.reset()
        outputs.append(np.concatenate([stream.process(channel[i:i + block], controls)
                                       for i in range(0, channel.size, block)]))
    compute = time.perf_counter() - t0
    result = np.stack(outputs) if audio.ndim == 2 else outputs[0]
    write_audio(out_path, np.clip(result, -1, 1), rate, subtype="PCM_24")
    seconds = channels.shape[-1] / rate
    return dict(seconds=seconds, compute_seconds=compute,
                realtime_factor=seconds * len(channels) / max(compute, 1e-9),
                clipped=int(np.count_nonzero(np.abs(result) > 1)))
