"""A capture on disk: the capture folder written atomically (:func:`write_capture`), its
model loaded back as a streaming kernel (:func:`load_capture`) and run over a sound file
(:func:`apply_files`, the ``apply`` command), and exported as Neural Amp Modeler's ``.nam``
where its format holds the model (:func:`export_nam`, the ``export-nam`` command)."""
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

from dsp_paper.audio_io import current_umask, write_audio
from dsp_paper.capture.checks import CaptureInputError, read_samples
from dsp_paper.capture.nam import from_nam, lstm_initial_state, read_nam_file, to_nam
from dsp_paper.capture.manifest import model_controls
from dsp_paper.capture.preflight import (check_apply_paths, check_capture_folder,
                                         check_import_paths, check_model_path, check_new_file)
from dsp_paper.capture.report import (
    json_scores,
    quality_label,
    report_text,
    still_improving,
    stop_text,
    write_figures,
)
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

__all__ = ["write_capture", "load_capture", "apply_files", "export_nam", "import_nam",
           "nam_metadata"]


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
                stop_reason=result.log.stop_reason, still_improving=still_improving(result.log),
                stopped=stop_text(result), controls=result.controls,
                takes=[dict(take=t["take"], use=t["use"], controls=t["controls"],
                            latency=t["latency"], scores=json_scores(t["scores"]),
                            fir_scores=json_scores(t["fir"]))
                       for t in result.tests if "take" in t],
                log=dict(epoch=result.log.epoch, loss=result.log.loss,
                         val_loss=result.log.val_loss, seconds=result.log.seconds))


def nam_metadata(summary: dict, *, name: str = "capture",
                 output: np.ndarray | None = None) -> dict:
    """The ``metadata`` of a capture's ``.nam`` file, from its ``report.json`` (``summary``):
    the package and recipe, the test ESR and training, and where ``output`` (the capture's
    output on the first seconds of its test input, those of ``test_capture.flac``) is given,
    ``loudness``: its RMS level in dB re full scale, which NAM's plugin uses to normalise
    ("Normalized" output adds -18 - loudness dB). NAM's trainer measures it on a reference
    signal of its own, so the two do not normalise alike."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = f"dsp_paper {version('dsp_paper')}"
    except PackageNotFoundError:
        package = "dsp_paper"
    meta = {"name": name, "gear_type": None, "tone_type": None,
            "training": {"package": package, "recipe": summary.get("recipe"),
                         "test_esr": (summary.get("scores") or {}).get("esr"),
                         "epochs": summary.get("epochs"),
                         "training_seconds": summary.get("training_seconds")}}
    if output is not None and output.size and np.any(output):
        meta["loudness"] = float(10 * np.log10(np.mean(np.square(output, dtype=np.float64))))
    if summary.get("controls"):
        # a knob capture: Core's multi-input WaveNet, which NAM's plugin does not play
        meta["controls"] = summary["controls"]
        meta["controls_note"] = (
            "input channels after the audio, one per control, each mapped from [min, max] "
            "onto [-1, 1]; NAM's plugin plays single-input files only")
    return meta


def _nam_text(model, summary, *, name, output=None) -> tuple[str | None, str]:
    """The ``.nam`` file's text, or None with the reason where its format cannot hold the
    model (``report.json`` keeps the reason)."""
    try:
        written = to_nam(model, sample_rate=summary["sample_rate"],
                         metadata=nam_metadata(summary, name=name, output=output))
        return json.dumps(written, allow_nan=False), "model.nam"
    except (ParameterError, ValueError) as exc:
        return None, f"no model.nam: {exc}"


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
    test scores), ``model.nam`` where Neural Amp Modeler's format holds the model
    (:func:`dsp_paper.capture.nam.to_nam`: every wavenet recipe and ``lstm-noskip``;
    ``report.json`` says why where not), ``report.md`` and ``report.json``, ``training.png``,
    ``test_clip.png``, and
    ``test_dry.flac``, ``test_wet.flac``, ``test_capture.flac`` (the first ``clip_seconds``
    of the test part, one common gain so that none exceeds full scale).

    Returns
    -------
    Path
        The folder.

    Raises
    ------
    ParameterError
        As :func:`~dsp_paper.capture.preflight.check_capture_folder`.
    """
    out = Path(out)
    check_capture_folder(out, overwrite=overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        test = result.tests[0]
        summary = _summary(result)
        (tmp / "model.json").write_text(weights_to_json(
            result.model, sample_rate=result.sample_rate, latency=result.latency,
            scores=json_scores(test["scores"]),
            **({"control_ranges": result.controls} if result.controls else {})))
        result.model.save(tmp / "model.keras")
        # loudness on the first clip_seconds of the test part, as export_nam reads it back
        nam_text, summary["nam"] = _nam_text(
            result.model, summary, name=out.name,
            output=test["output"][:int(clip_seconds * result.sample_rate)])
        if nam_text is not None:
            (tmp / "model.nam").write_text(nam_text)
        summary["clip_gain"] = _write_clips(test, tmp, result.sample_rate, clip_seconds)
        write_figures(result, tmp)
        (tmp / "report.json").write_text(json.dumps(summary, indent=1, default=float))
        files = sorted(p.name for p in tmp.iterdir()) + ["report.md"]
        (tmp / "report.md").write_text(report_text(result, sorted(files)))
        _usual_permissions(tmp)
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


def _usual_permissions(folder):
    """The folder and its files as any new ones would be (``0o777`` and ``0o666`` less the
    umask), not ``mkdtemp``'s ``0o700``."""
    umask = current_umask()
    for path in folder.rglob("*"):
        os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~umask)
    os.chmod(folder, 0o777 & ~umask)


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
        When there is nothing there.
    ParameterError
        When it is a sound file (the arguments swapped), a folder without ``model.json``, or
        not a capture model.
    """
    path = check_model_path(path)
    try:
        stream, document = streamer_from_json(path.read_text())
        rate = document["sample_rate"]
    except (ValueError, KeyError, TypeError) as exc:  # not JSON, not text, fields missing
        reason = f"no {exc} in it" if isinstance(exc, KeyError) else str(exc)
        raise ParameterError(f"{path} is not a capture model: {reason}") from None
    if not (isinstance(rate, int) and rate > 0):
        raise ParameterError(f"{path} is not a capture model: sample rate {rate!r}")
    return stream, document


def apply_files(model_path: str | os.PathLike, in_path: str | os.PathLike,
                out_path: str | os.PathLike, *, controls: list[float] | None = None,
                block: int = 4096, overwrite: bool = False) -> dict:
    """Run a captured model over a sound file, in blocks, faster than real time.

    The input must be at the model's sample rate (a capture is only valid at its rate);
    stereo is processed channel by channel. The output is written as 24-bit audio in the
    format its extension names (:func:`~dsp_paper.capture.preflight.output_formats`),
    atomically; every path and the controls are checked before anything is computed, and
    nothing is written when a check fails.

    Returns
    -------
    dict
        ``seconds`` of audio, ``compute_seconds``, ``realtime_factor`` and ``clipped`` (the
        output's samples beyond full scale, clipped in the file).

    Raises
    ------
    FileNotFoundError
        When the model or the input is missing.
    ParameterError
        A sound file given as the model, an input that is no sound or empty, an output the
        input itself or of a format that cannot hold 24-bit audio, a rate other than the
        model's, controls of the wrong count.
    """
    _, info, file_format = check_apply_paths(model_path, in_path, out_path,
                                             overwrite=overwrite)
    stream, document = load_capture(model_path)
    if info.samplerate != document["sample_rate"]:
        raise CaptureInputError(f"the input is at {info.samplerate} Hz but the model was "
                                f"captured at {document['sample_rate']} Hz: resample the input "
                                "first")
    controls = model_controls(document, stream.inputs - 1, controls)
    out_path = Path(out_path)
    audio, rate = read_samples(in_path, "input")
    bad = int(np.count_nonzero(~np.isfinite(audio)))
    if bad:
        raise CaptureInputError(f"the input holds {bad} NaN or infinite samples")
    channels = np.atleast_2d(audio)
    t0 = time.perf_counter()
    outputs = []
    for channel in channels:
        stream.reset()
        outputs.append(np.concatenate([stream.process(channel[i:i + block], controls)
                                       for i in range(0, channel.size, block)]))
    compute = time.perf_counter() - t0
    result = np.stack(outputs) if audio.ndim == 2 else outputs[0]
    write_audio(out_path, np.clip(result, -1, 1), rate, subtype="PCM_24",
                file_format=file_format)
    seconds = channels.shape[-1] / rate
    return dict(seconds=seconds, compute_seconds=compute,
                realtime_factor=seconds * len(channels) / max(compute, 1e-9),
                clipped=int(np.count_nonzero(np.abs(result) > 1)))


def _write_atomically(out: Path, text: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=out.parent, prefix=f".{out.name}.",
                                     delete=False) as tmp:
        tmp.write(text)
    try:
        os.chmod(tmp.name, 0o666 & ~current_umask())
        os.replace(tmp.name, out)
    finally:
        if os.path.exists(tmp.name):
            os.unlink(tmp.name)


def import_nam(model: str | os.PathLike, out: str | os.PathLike | None = None, *,
               overwrite: bool = False) -> Path:
    """Read a Neural Amp Modeler ``.nam`` file into the package (the ``import-nam``
    command): its model as the package's ``model.json``, which ``apply`` runs in the block
    kernel, written atomically.

    Parameters
    ----------
    model : path
        A ``.nam`` file :func:`~dsp_paper.capture.nam.from_nam` reads (a WaveNet of layer
        arrays, or a one-layer LSTM, which then starts from the state Core gives it when it
        loads it: :func:`~dsp_paper.capture.nam.lstm_initial_state`).
    out : path, optional
        The JSON file to write; default the ``.nam`` file's name with ``.json``.
    overwrite : bool

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ParameterError
        When the file is no ``.nam`` file the package reads, or ``out`` exists (without
        ``overwrite``).
    """
    path = Path(model)
    out = Path(out) if out is not None else path.with_suffix(".json")
    check_import_paths(path, out, overwrite=overwrite)
    written, rate = read_nam_file(path)
    model = from_nam(written)
    state = lstm_initial_state(written) if written.get("architecture") == "LSTM" else None
    text = weights_to_json(model, initial_state=state, sample_rate=rate, latency=0,
                           nam_metadata=written.get("metadata"))
    _write_atomically(out, text)
    return out


def export_nam(capture: str | os.PathLike, out: str | os.PathLike | None = None, *,
               overwrite: bool = False) -> Path:
    """Write a capture made earlier as Neural Amp Modeler's ``.nam`` (the ``export-nam``
    command), atomically.

    Parameters
    ----------
    capture : path
        A capture folder (with ``model.keras`` and ``report.json``).
    out : path, optional
        The file to write; default ``model.nam`` in the capture folder.
    overwrite : bool
        Replace an existing file.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ParameterError
        When ``capture`` is no capture folder, ``out`` exists (without ``overwrite``), or the
        format cannot hold the model (it names the recipe that it can).
    """
    folder = Path(capture)
    if not (folder / "model.keras").is_file() or not (folder / "report.json").is_file():
        raise ParameterError(f"{folder} is not a capture folder (it needs model.keras and "
                             "report.json, as capture writes them)")
    out = Path(out) if out is not None else folder / "model.nam"
    check_new_file(out, overwrite, ".nam")
    try:
        summary = json.loads((folder / "report.json").read_text())
        rate = int(summary["sample_rate"])
        gain = float(summary.get("clip_gain") or 1.0)
    except (ValueError, KeyError, TypeError) as exc:
        raise ParameterError(f"{folder / 'report.json'} is not a capture's report "
                             f"({type(exc).__name__}: {exc})") from None
    import keras  # heavy: Keras

    try:
        model = keras.models.load_model(folder / "model.keras", compile=False)
    except Exception as exc:  # Keras raises many kinds for a file that is not its own
        raise ParameterError(f"{folder / 'model.keras'} does not load as a Keras model "
                             f"({type(exc).__name__}: {exc})") from None
    output = None
    if (folder / "test_capture.flac").is_file():
        output, _ = soundfile.read(folder / "test_capture.flac", dtype="float64")
        output = output / gain
    text = json.dumps(to_nam(model, sample_rate=rate,
                             metadata=nam_metadata(summary, name=folder.resolve().name,
                                                   output=output)), allow_nan=False)
    _write_atomically(out, text)
    return out
