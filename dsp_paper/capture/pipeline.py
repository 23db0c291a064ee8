"""The whole capture of one dry/wet pair, as the ``capture`` command runs it: check and
align (:mod:`~dsp_paper.capture.checks`, :mod:`~dsp_paper.capture.latency`), train and score
(:mod:`~dsp_paper.capture.training`) beside the linear floor, time
(:mod:`~dsp_paper.capture.speed`), write (:mod:`~dsp_paper.capture.export`)."""
from __future__ import annotations

import os
from dataclasses import replace

import numpy as np

from dsp_paper.capture.checks import CaptureInputError, check_pair, latency_note, read_samples
from dsp_paper.capture.latency import latency_candidates
from dsp_paper.capture.reamp import REPEAT_ESR_LIMIT, repeat_esr, repeat_problem
from dsp_paper.capture.export import write_capture
from dsp_paper.capture.preflight import (check_capture_folder, check_capture_options,
                                         check_knob_conditioning, check_sound_file, rate_notes,
                                         resolution_note)
from dsp_paper.capture.recipes import DEFAULT_KNOB_CONDITIONING, DEFAULT_RECIPE, RECIPES
from dsp_paper.capture.speed import realtime_factor
from dsp_paper.capture.manifest import Manifest, control_inputs, read_manifest
from dsp_paper.capture.training import Capture, Take, fir_baseline, test_take, train_capture
from dsp_paper.errors import ParameterError

__all__ = ["capture", "capture_files", "capture_takes"]


def _recipe(model, mr_stft_weight):
    """The recipe named ``model``, with ``mr_stft_weight`` when one is given (both checked by
    :func:`~dsp_paper.capture.preflight.check_capture_options` before)."""
    recipe = RECIPES[model]
    return recipe if mr_stft_weight is None else \
        replace(recipe, mr_stft_weight=float(mr_stft_weight))


def capture(dry: np.ndarray, wet: np.ndarray, *, sample_rate: int,
            wet_sample_rate: int | None = None, resample: bool = False,
            latency: int | None = None, model: str = DEFAULT_RECIPE, minutes: float | None = 5.0,
            epochs: int = 2000, mr_stft_weight: float | None = None, seed: int = 0,
            out: str | os.PathLike | None = None, overwrite: bool = False,
            progress: bool = True, notes: list[str] | None = None) -> Capture:
    """Capture an effect from one dry/wet pair: check, align, train, score, write.

    Every option and the folder ``out`` are checked before the audio is
    (:func:`~dsp_paper.capture.preflight.check_capture_options`,
    :func:`~dsp_paper.capture.preflight.check_capture_folder`), and both before any training.

    Parameters
    ----------
    dry, wet : np.ndarray
        The signal into the effect and the effect's output, mono or stereo float.
    sample_rate, wet_sample_rate, resample, latency
        As in :func:`~dsp_paper.capture.checks.check_pair`.
    model : str
        A key of :data:`~dsp_paper.capture.recipes.RECIPES` (``"wavenet"``,
        ``"wavenet-standard"``, ``"wavenet-gated"``, ``"lstm"``, ``"lstm-noskip"``,
        ``"gru"``);
        :data:`~dsp_paper.capture.recipes.DEFAULT_RECIPE` by default.
    minutes : float or None
        Training budget on this machine; ``epochs`` caps it too.
    mr_stft_weight : float, optional
        Add a multi-resolution STFT term of this weight to the loss (Neural Amp Modeler uses
        2e-4); the recipe's own (none) otherwise.
    out : str or Path, optional
        Folder to write (see :func:`~dsp_paper.capture.export.write_capture`); nothing is
        written without it.
    notes : list of str, optional
        Notes on the files the audio came from (:func:`capture_files`' on their bit depth),
        first among the capture's notes; by default the arrays' own resolution is judged
        (:func:`~dsp_paper.capture.preflight.resolution_note`). Notes on the rate and the
        model's receptive field (:func:`~dsp_paper.capture.preflight.rate_notes`) follow.

    Returns
    -------
    Capture

    Examples
    --------
    >>> result = capture(dry, wet, sample_rate=44100, minutes=2, out="my_pedal")  # doctest: +SKIP
    >>> result.scores["esr"]                                                     # doctest: +SKIP
    """
    check_capture_options(model=model, minutes=minutes, epochs=epochs, seed=seed,
                          latency=latency, mr_stft_weight=mr_stft_weight,
                          sample_rate=sample_rate)
    recipe = _recipe(model, mr_stft_weight)
    if out is not None:
        check_capture_folder(out, overwrite=overwrite)
    if notes is None:
        notes = [n for n in (resolution_note(dry, "dry"), resolution_note(wet, "wet")) if n]
    notes = [*notes, *rate_notes(sample_rate, recipe)]
    pair = check_pair(dry, wet, sample_rate=sample_rate, wet_sample_rate=wet_sample_rate,
                      resample=resample, latency=latency)
    pair.notes[:0] = notes
    if progress:
        for note in pair.notes:
            print(note)
    if pair.reamp is not None:   # before any training, so that its note comes first
        pair = _repeat_checked(pair, progress)
    if pair.latency_source == "estimate" and len(latency_candidates(pair.latency)) > 1:
        pair, minutes = _checked_latency(dry, wet, pair, recipe=recipe, epochs=epochs,
                                         minutes=minutes, seed=seed, progress=progress,
                                         sample_rate=sample_rate,
                                         wet_sample_rate=wet_sample_rate, resample=resample)
    take = Take(pair.dry, pair.wet)
    result = train_capture([take], sample_rate=sample_rate, recipe=recipe, epochs=epochs,
                           minutes=minutes, seed=seed, progress=progress)
    result.notes, result.latency = pair.notes, pair.latency
    _, (fir_scores,) = fir_baseline([take], sample_rate=sample_rate)
    result.tests[0]["fir"] = fir_scores
    result.tests[0]["realtime_factor"] = realtime_factor(result, sample_rate=sample_rate)
    if out is not None:
        write_capture(result, out, overwrite=overwrite)
    return result


def capture_files(dry_path: str | os.PathLike, wet_path: str | os.PathLike,
                  **options: object) -> Capture:
    """:func:`capture` on two sound files (WAV, FLAC, ... at any rate and bit depth).

    Parameters
    ----------
    dry_path, wet_path : str or os.PathLike
    **options
        :func:`capture`'s keywords but the rates.

    Returns
    -------
    Capture

    Notes
    -----
    The files' headers, the options and the folder ``out`` are checked before any audio is
    read; an 8-bit file (or one whose samples sit on an 8-bit grid) gets a note.
    """
    infos = check_sound_file(dry_path, "dry"), check_sound_file(wet_path, "wet")
    check_capture_options(**{k: options[k] for k in ("model", "minutes", "epochs", "seed",
                                                     "latency", "mr_stft_weight")
                             if k in options}, sample_rate=infos[0].samplerate)
    if options.get("out") is not None:
        check_capture_folder(options["out"], overwrite=bool(options.get("overwrite", False)))
    dry, rate = read_samples(dry_path, "dry")
    wet, wet_rate = read_samples(wet_path, "wet")
    notes = [resolution_note(audio, name, info.subtype)
             for audio, name, info in zip((dry, wet), ("dry", "wet"), infos)]
    return capture(dry, wet, sample_rate=rate, wet_sample_rate=wet_rate,
                   notes=[n for n in notes if n], **options)


# Takes recorded through one chain are delayed alike: estimates further apart than this (in
# samples) get a note, since a take recorded otherwise would teach the knob a delay.
LATENCY_SPREAD_NOTE = 8


def capture_takes(manifest: str | os.PathLike | Manifest, *, model: str = DEFAULT_RECIPE,
                  minutes: float | None = 5.0, epochs: int = 2000, latency: int | None = None,
                  mr_stft_weight: float | None = None, seed: int = 0,
                  conditioning: str = DEFAULT_KNOB_CONDITIONING,
                  out: str | os.PathLike | None = None, overwrite: bool = False,
                  progress: bool = True) -> Capture:
    """A knob capture: one model trained on several takes at several settings of the
    effect's controls, listed in a takes file (:func:`~dsp_paper.capture.manifest.read_manifest`),
    tested on every take, those held out from training included.

    The options, the takes file, every sound file's header and the folder ``out`` are checked
    before any audio is read; every take is read and checked as a pair
    (:func:`~dsp_paper.capture.checks.check_pair`: aligned by its own blips or estimate, or
    ``latency``) before any training. The model sees each control mapped from the range of
    the training takes onto [-1, 1] (:func:`~dsp_paper.capture.manifest.control_inputs`);
    ``model.json`` keeps the names and ranges, so that ``apply --controls drive=0.6`` takes
    the knob's own values. The latency is not checked by short trainings here (a single
    pair's capture does that): give ``latency`` where it is known.

    Parameters
    ----------
    manifest : path or Manifest
        The takes file, or it read already (:func:`~dsp_paper.capture.manifest.read_manifest`).
    model, minutes, epochs, latency, mr_stft_weight, seed, out, overwrite, progress
        As in :func:`capture`; ``minutes`` is the whole budget.
    conditioning : {"input", "film"}
        How the controls condition a wavenet: as input channels, or also scaling and
        shifting every layer (FiLM); a recurrent model takes them as inputs only.

    Returns
    -------
    Capture
        ``tests`` one per take, training takes first, each with ``take`` (the wet file's
        name), ``use`` (``"train"`` or ``"holdout"``), ``controls`` (name -> value as in the
        takes file), ``latency``, ``scores`` and ``fir`` (a 256-tap FIR fitted on the
        training takes); ``controls`` the names and ranges.
    """
    check_knob_conditioning(conditioning, model)
    check_capture_options(model=model, minutes=minutes, epochs=epochs, seed=seed,
                          latency=latency, mr_stft_weight=mr_stft_weight)
    listed = manifest if isinstance(manifest, Manifest) else read_manifest(manifest)
    rate = listed.sample_rate
    check_capture_options(model=model, minutes=minutes, epochs=epochs, seed=seed,
                          latency=latency, mr_stft_weight=mr_stft_weight, sample_rate=rate)
    recipe = replace(_recipe(model, mr_stft_weight), film=conditioning == "film")
    if out is not None:
        check_capture_folder(out, overwrite=overwrite)
    ranges = [dict(name=name, min=min(t.controls[i] for t in listed.training),
                   max=max(t.controls[i] for t in listed.training))
              for i, name in enumerate(listed.controls)]
    entries = sorted(listed.takes, key=lambda t: t.use != "train")  # training takes first
    notes, takes, problems = list(rate_notes(rate, recipe)), [], []
    for entry in entries:
        try:
            pair = check_pair(read_samples(entry.dry, "dry")[0],
                              read_samples(entry.wet, "wet")[0], sample_rate=rate,
                              latency=latency, names=(entry.dry.name, entry.wet.name))
        except CaptureInputError as exc:
            problems.append(f"{entry.label}: {exc}")
            continue
        if pair.reamp is not None:
            pair = _repeat_checked(pair, False)
        notes += [f"{entry.label}: {note}" for note in pair.notes]
        takes.append((entry, pair))
    if problems:
        raise CaptureInputError("; ".join(problems))
    delays = [pair.latency for _, pair in takes]
    if max(delays) - min(delays) > LATENCY_SPREAD_NOTE:
        notes.append(f"the takes' chain delays differ by {max(delays) - min(delays)} samples "
                     f"({min(delays)} to {max(delays)}): takes recorded through one chain are "
                     "delayed alike, so check the alignment or give --latency")
    if progress:
        print("\n".join(notes))
    aligned = [Take(pair.dry, pair.wet, tuple(control_inputs(entry.controls, ranges)))
               for entry, pair in takes]
    training = [take for take, (entry, _) in zip(aligned, takes) if entry.use == "train"]
    result = train_capture(training, sample_rate=rate, recipe=recipe, epochs=epochs,
                           minutes=minutes, seed=seed, progress=progress, test=False)
    _, firs = fir_baseline(training, sample_rate=rate, scored=aligned)
    for take, (entry, pair), fir in zip(aligned, takes, firs):
        test = test_take(result, take)
        test.update(take=entry.label, use=entry.use, latency=pair.latency, fir=fir,
                    controls=dict(zip(listed.controls, entry.controls)))
        result.tests.append(test)
    result.notes, result.latency, result.controls = notes, delays[0], ranges
    result.tests[0]["realtime_factor"] = realtime_factor(result, sample_rate=rate)
    if out is not None:
        write_capture(result, out, overwrite=overwrite)
    return result


# Share of the budget the latency check by training takes (when the latency was estimated
# from music): enough for the first epochs, where a model asked to predict ahead already
# stalls (a 12-sample advance on a heavy distortion held its validation loss at 0.30 from
# the first minute while the right alignment fell below 0.02).
LATENCY_CHECK_SHARE = 0.1
# A smaller candidate replaces the estimate only when its validation loss is lower by more
# than this share: below the estimate, candidates differ by a delay the model learns, so
# their losses differ only by noise, and the larger one adds less delay to the capture.
LATENCY_CHECK_MARGIN = 0.1


def _checked_latency(dry, wet, pair, *, recipe, epochs, minutes, seed, progress, **rates):
    """The estimate or a smaller candidate (:func:`latency_candidates`): the largest whose
    short training validates within ``LATENCY_CHECK_MARGIN`` of the best; and the minutes
    left for the capture (``LATENCY_CHECK_SHARE`` of the budget goes to the trials; without
    a budget, each trial runs that share of the epochs and the capture keeps all of them)."""
    candidates = latency_candidates(pair.latency)
    trial_minutes = None if minutes is None else LATENCY_CHECK_SHARE * minutes / len(candidates)
    trial_epochs = epochs if minutes is not None else \
        max(1, round(LATENCY_CHECK_SHARE * epochs / len(candidates)))
    losses, pairs, seconds = [], [], []
    for latency in candidates:
        candidate = check_pair(dry, wet, latency=latency, **rates)
        if candidate.reamp is not None:
            candidate = _without_second_play(candidate)
        trial = train_capture([Take(candidate.dry, candidate.wet)], sample_rate=pair.sample_rate,
                              recipe=recipe, epochs=trial_epochs, minutes=trial_minutes,
                              seed=seed, progress=False, test=False)
        losses.append(min(trial.log.val_loss))
        seconds.append(trial.seconds)
        pairs.append(candidate)
    best = min(losses)
    chosen = next(i for i, loss in enumerate(losses)
                  if loss <= (1 + LATENCY_CHECK_MARGIN) * best)
    tried = ", ".join(f"{c} samples: {loss:.3g}" for c, loss in zip(candidates, losses))
    notes = [n for n in pair.notes if not n.startswith("latency:")] + [
        latency_note(candidates[chosen], "checked" if chosen else "estimate",
                     pair.sample_rate),
        f"latency check: short trainings ({min(seconds):.0f} to {max(seconds):.0f} s each) at "
        f"each candidate gave validation losses {tried}; kept {candidates[chosen]} (the "
        f"largest within {LATENCY_CHECK_MARGIN:.0%} of the best)"]
    if progress:
        print(notes[-1])
    pairs[chosen].notes = notes
    pairs[chosen].latency_source = "checked" if chosen else "estimate"
    return pairs[chosen], (None if minutes is None else minutes - LATENCY_CHECK_SHARE * minutes)


def _without_second_play(pair):
    """The pair cut before the reamp signal's second play of its repeated passage, which
    repeats audio the model trains on and so belongs to neither training nor test."""
    cut = pair.reamp.repeat[1][0] - max(0, -pair.latency)
    pair.notes.append(f"the second play of the repeated passage (the last "
                      f"{(pair.dry.size - cut) / pair.sample_rate:.1f} s) was left out of "
                      "training and test")
    pair.dry, pair.wet = pair.dry[:cut], pair.wet[:cut]
    return pair


def _repeat_checked(pair, progress):
    """A pair recorded with the reamp signal: its repeated passage compared (a note, with the
    usual causes, when the two plays differ), and the second play cut off."""
    try:
        esr = repeat_esr(pair.wet, pair.reamp, pair.latency)
    except ParameterError as exc:
        note = f"repeat check: not possible ({exc})"
    else:
        note = repeat_problem(esr) or (
            f"repeat check: the two plays of the repeated passage differ by ESR {esr:.2g} "
            f"(at most {REPEAT_ESR_LIMIT:g}): the chain sounds like itself")
    pair.notes.append(note)
    pair = _without_second_play(pair)
    if progress:
        print("\n".join(pair.notes[-2:]))
    return pair
