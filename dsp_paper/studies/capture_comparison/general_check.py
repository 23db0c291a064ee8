"""The capture command held to the general case: effects rendered by implementations nobody
here tuned the capture to (SoX's overdrive, the CAPS amplifier and cabinet LADSPA plugins run
by SoX, pedalboard's distortion and ladder filter, a high-order Butterworth filter), some with
late-peaking responses and one behind a pure delay, each captured from 12 s of the package's
guitar DI with the ``capture`` defaults (5 minutes) and applied to the next 4 s.

Two latencies are known for each effect: the chain's delay, by construction (the samples a
capture should remove), and where its response to a lone impulse begins, measured
(:func:`impulse_onset`: the first sample at ``ONSET_LEVEL`` of the response's peak; a
capture that removes more than that asks its model to predict the wet ahead). The check runs
outside the notebooks (``make capture-check``, 70 minutes on a 2-core CPU: each recipe's
captures pinned to one core each, two at a time, for the comparison of recipes in equal
minutes, then the default recipe's on both cores, one at a time, as a user runs it) and writes
``figures/capture_check.json`` with the machine, the date and the commit; notebook
08 shows it (:func:`check_table`, :func:`check_text`).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from dsp_paper import metrics
from dsp_paper.errors import ParameterError

__all__ = ["CHECK_EFFECTS", "CHECK_RECIPES", "SAMPLE_RATE", "TRAIN_SECONDS", "APPLY_SECONDS",
           "ONSET_LEVEL", "GOALS", "REAMP_CASES", "render_effect", "impulse_onset", "chain_delay",
           "check_one",
           "check_table", "check_text", "load_check", "reamp_checks", "CHECK_PATH", "PHASES",
           "main"]

SAMPLE_RATE = 48000
TRAIN_SECONDS, APPLY_SECONDS = 12.0, 4.0
ONSET_LEVEL = 1e-3        # an impulse response has begun where it reaches this share of its peak
CHECK_RECIPES = ("wavenet", "wavenet-standard", "lstm-noskip")
# The goals the capture is held to (test ESR), by kind of effect.
GOALS = {"overdrive": 0.01, "heavy distortion": 0.02, "amp simulator": 0.03}

# name -> (kind, how it is rendered, what it is)
CHECK_EFFECTS = {
    "sox_overdrive": ("overdrive", "sox", "SoX's overdrive (gain 20 dB, colour 20)"),
    "pedalboard_heavy": ("heavy distortion", "pedalboard",
                         "pedalboard: highpass 500 Hz, +24 dB, Distortion 30 dB, 24 dB/oct "
                         "ladder lowpass at 3 kHz (its response peaks late)"),
    "caps_amp": ("amp simulator", "sox",
                 "CAPS AmpVTS (a tube amp with its tone stack, oversampled) into CAPS "
                 "CabinetIV, as LADSPA plugins run by SoX"),
    "butterworth8": ("high-order filter", "scipy",
                     "an 8th-order Butterworth lowpass at 2 kHz (linear; peaks 0.4 ms late)"),
    "chain_delay_overdrive": ("overdrive", "sox",
                              "a recording chain's 64-sample delay, then SoX's overdrive"),
}
_SOX = {
    "sox_overdrive": ["overdrive", "20", "20", "gain", "-3"],
    "caps_amp": ["ladspa", "caps.so", "AmpVTS", "ladspa", "caps.so", "CabinetIV"],
    "chain_delay_overdrive": ["overdrive", "20", "20", "gain", "-3"],
}
_CHAIN_DELAY = {"chain_delay_overdrive": 64}
# under the repository's root, outside every notebook's folder (a notebook run replaces its
# folder whole)
CHECK_PATH = "figures/capture_check.json"
# how a capture of the check is started (not ``-m``: the study package imports this module
# first, and runpy warns of a module run twice)
_RUN = ("import sys; from dsp_paper.studies.capture_comparison.general_check import main; "
        "sys.exit(main(sys.argv[1:]))")


def _sox(audio: np.ndarray, args: list[str]) -> np.ndarray:
    """``audio`` through SoX's effects ``args`` (float WAV in and out, the same length)."""
    import soundfile  # heavy: soundfile

    if shutil.which("sox") is None:
        raise ParameterError("the check's SoX effects need sox and the caps LADSPA plugins: "
                             "apt-get install sox caps (tools/system-packages.sh does)")
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.wav", Path(tmp) / "out.wav"
        soundfile.write(src, audio, SAMPLE_RATE, subtype="FLOAT")
        env = {**os.environ, "LADSPA_PATH": os.environ.get("LADSPA_PATH", "/usr/lib/ladspa")}
        subprocess.run(["sox", "-D", str(src), str(dst), *args], check=True, env=env,
                       capture_output=True)
        out, _ = soundfile.read(dst, dtype="float64")
    return np.pad(out, (0, max(0, audio.size - out.size)))[:audio.size]


def _pedalboard_heavy(audio: np.ndarray) -> np.ndarray:
    import pedalboard  # heavy: pedalboard

    board = pedalboard.Pedalboard([
        pedalboard.HighpassFilter(cutoff_frequency_hz=500), pedalboard.Gain(gain_db=24),
        pedalboard.Distortion(drive_db=30),
        pedalboard.LadderFilter(mode=pedalboard.LadderFilter.Mode.LPF24, cutoff_hz=3000,
                                resonance=0.1),
        pedalboard.Gain(gain_db=-14)])
    return board(audio.astype(np.float32), SAMPLE_RATE).astype(np.float64)


def render_effect(name: str, audio: np.ndarray) -> np.ndarray:
    """``audio`` (mono, at :data:`SAMPLE_RATE`) through the check effect ``name``.

    Parameters
    ----------
    name : str
        A key of :data:`CHECK_EFFECTS`.
    audio : np.ndarray, shape (n,)

    Returns
    -------
    np.ndarray, shape (n,)
        float64.
    """
    from scipy import signal  # heavy: scipy.signal

    if name not in CHECK_EFFECTS:
        raise ParameterError(f"unknown check effect {name!r}: choose one of "
                             f"{', '.join(CHECK_EFFECTS)}")
    audio = np.asarray(audio, np.float64)
    delay = _CHAIN_DELAY.get(name, 0)
    if delay:
        audio = np.concatenate([np.zeros(delay), audio])[:audio.size]
    if name in _SOX:
        return _sox(audio, _SOX[name])
    if name == "pedalboard_heavy":
        return _pedalboard_heavy(audio)
    return signal.sosfilt(signal.butter(8, 2000, fs=SAMPLE_RATE, output="sos"), audio)


def chain_delay(name: str) -> int:
    """The recording chain's delay put before the check effect ``name`` (samples): what a
    capture should remove, and no more."""
    return _CHAIN_DELAY.get(name, 0)


def impulse_onset(name: str, *, level: float = 0.1) -> int:
    """Where the effect's response to a lone impulse (of ``level``, at 0.5 s into 1 s of
    silence) first reaches :data:`ONSET_LEVEL` of its peak, in samples after the impulse.

    Returns
    -------
    int
    """
    at = SAMPLE_RATE // 2
    impulse = np.zeros(SAMPLE_RATE)
    impulse[at] = level
    response = np.abs(render_effect(name, impulse))
    # a DC blocker or tail before the impulse is not the response
    before = response[:at].max(initial=0.0)
    hot = np.flatnonzero(response[at:] >= max(ONSET_LEVEL * response[at:].max(), 2 * before))
    return int(hot[0])


def _dry() -> np.ndarray:
    from dsp_paper.capture.examples import example_dry

    dry = example_dry(sample_rate=SAMPLE_RATE)
    n = int((TRAIN_SECONDS + APPLY_SECONDS) * SAMPLE_RATE)
    if dry.size < n:
        raise ParameterError(f"the guitar DI holds {dry.size / SAMPLE_RATE:.1f} s, the check "
                             f"needs {n / SAMPLE_RATE:.0f} s")
    return dry[:n].astype(np.float64)


def check_one(name: str, recipe: str, *, minutes: float = 5.0, seed: int = 0,
              out: str | os.PathLike | None = None) -> dict:
    """Capture one check effect with one recipe from :data:`TRAIN_SECONDS` of guitar and
    apply it to the next :data:`APPLY_SECONDS`.

    Returns
    -------
    dict
        The effect and recipe, ``chain_delay``, ``impulse_onset`` and the capture's
        ``latency`` (samples), its own ``test_esr``, ``apply_esr`` (the next seconds against
        the wet less the chain's delay: what a listener mixing it with the dry hears) and
        ``apply_esr_own`` (against the wet less the latency the capture removed),
        ``epochs``, ``stop_reason``, ``training_seconds``, ``weights``, ``realtime_factor``
        and the capture's notes.
    """
    from dsp_paper.capture import capture
    from dsp_paper.nn.streaming import streamer

    dry = _dry()
    wet = render_effect(name, dry)
    n_train = int(TRAIN_SECONDS * SAMPLE_RATE)
    t0 = time.perf_counter()
    result = capture(dry[:n_train].astype(np.float32), wet[:n_train].astype(np.float32),
                     sample_rate=SAMPLE_RATE, model=recipe, minutes=minutes, seed=seed,
                     out=out, overwrite=True, progress=False)
    wall = time.perf_counter() - t0
    output = streamer(result.model).process_file(dry.astype(np.float32))
    onset, delay = impulse_onset(name), chain_delay(name)

    def apply_esr(latency):
        # the capture's output at t answers the wet at t + latency
        span = slice(n_train, dry.size - max(latency, 0))
        shifted = wet[n_train + latency:dry.size] if latency >= 0 else None
        return metrics.esr(output[span], shifted) if shifted is not None else float("nan")

    log = result.log
    return dict(effect=name, kind=CHECK_EFFECTS[name][0], recipe=recipe, seed=seed,
                minutes=minutes, chain_delay=delay, impulse_onset=onset,
                latency=int(result.latency), test_esr=float(result.scores["esr"]),
                apply_esr=apply_esr(delay),
                apply_esr_own=apply_esr(int(result.latency)),
                fir_esr=float(result.tests[0]["fir"]["esr"]), epochs=len(log.epoch),
                stop_reason=getattr(log, "stop_reason", None), training_seconds=result.seconds,
                wall_seconds=wall, weights=int(result.model.count_params()),
                realtime_factor=float(result.tests[0]["realtime_factor"]),
                notes=list(result.notes))


def _machine() -> str:
    from dsp_paper.study.outputs import machine_description

    return machine_description()


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


# The check's two phases: every recipe in equal minutes on one core each, two captures at a
# time (the comparison of recipes), then the default recipe on both cores, one capture at a
# time, as the command runs on a user's 2-core machine (the goals).
PHASES = {"comparison": dict(cores_per_capture=1), "default": dict(cores_per_capture=None)}


def _run_jobs(jobs: list[tuple[str, str]], minutes: float, *, one_core: bool,
              folder: Path) -> list[dict]:
    """Each (effect, recipe) in a process of its own: pinned to a core of its own from the
    cores this process may use, as many at a time as there are such cores (``one_core``),
    or one at a time on all of them. Returns the rows; raises when a capture failed."""
    cores = sorted(os.sched_getaffinity(0))
    free, running, failed = list(cores), {}, []
    threads = {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
               "OMP_NUM_THREADS": "1"} if one_core else {}
    for effect, recipe in jobs:
        while not free or (not one_core and running):
            for core, (process, job) in list(running.items()):
                if process.poll() is not None:
                    del running[core]
                    free.append(core)
                    if process.returncode:
                        failed.append(job)
            time.sleep(1)
        part = folder / f"{effect}-{recipe}.json"
        cmd = [sys.executable, "-c", _RUN, "--one", effect, recipe, "--minutes",
               str(minutes), "--json", str(part)]
        core = free.pop(0)
        if one_core:
            cmd = ["taskset", "-c", str(core), *cmd]
        print(f"{effect} / {recipe}" + (f" on core {core}" if one_core else " on every core"),
              flush=True)
        running[core] = (subprocess.Popen(cmd, env={**os.environ, **threads}),
                         (effect, recipe))
    for process, job in running.values():
        if process.wait():
            failed.append(job)
    if failed:
        raise ParameterError("captures failed: " + ", ".join(f"{e} / {r}" for e, r in failed)
                             + "; the earlier record is left as it was")
    return [json.loads((folder / f"{e}-{r}.json").read_text()) for e, r in jobs]


def _run_all(path: Path, minutes: float, recipes: tuple[str, ...], effects: tuple[str, ...],
             phases: tuple[str, ...]) -> None:
    """The check's ``phases`` (:data:`PHASES`), each recorded with its machine, date and
    commit; phases not run keep their earlier record. Written atomically."""
    from dsp_paper.capture.recipes import DEFAULT_RECIPE

    document = load_check(path) or {}
    document.update(train_seconds=TRAIN_SECONDS, apply_seconds=APPLY_SECONDS,
                    sample_rate=SAMPLE_RATE, goals=GOALS, minutes=minutes,
                    effects={k: dict(kind=v[0], renderer=v[1], description=v[2])
                             for k, v in CHECK_EFFECTS.items() if k in effects})
    for phase in phases:
        one_core = PHASES[phase]["cores_per_capture"] == 1
        jobs = [(e, r) for r in (recipes if phase == "comparison" else (DEFAULT_RECIPE,))
                for e in effects]
        with tempfile.TemporaryDirectory() as tmp:
            rows = _run_jobs(jobs, minutes, one_core=one_core, folder=Path(tmp))
        document[phase] = dict(date=datetime.date.today().isoformat(), machine=_machine(),
                               commit=_commit(), cores_per_capture=1 if one_core else
                               len(os.sched_getaffinity(0)),
                               at_a_time=len(os.sched_getaffinity(0)) if one_core else 1,
                               rows=rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = path.with_name(f".{path.name}.tmp")
    tmp_path.write_text(json.dumps(document, indent=1, default=float))
    os.replace(tmp_path, path)
    print(f"wrote {path}")


def load_check(path: str | os.PathLike) -> dict | None:
    """The check's JSON document, or None where it was never run."""
    path = Path(path)
    return json.loads(path.read_text()) if path.is_file() else None


def check_table(document: dict, phase: str = "default"):
    """One phase of the check as a table: one row per effect and recipe.

    Parameters
    ----------
    document : dict
        As :func:`load_check` reads it.
    phase : {"default", "comparison"}

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd  # heavy: pandas

    rows = []
    for r in document.get(phase, {}).get("rows", []):
        goal = GOALS.get(r["kind"])
        rows.append({"effect": r["effect"], "kind": r["kind"], "recipe": r["recipe"],
                     "chain delay": r["chain_delay"], "response begins": r["impulse_onset"],
                     "latency removed": r["latency"], "test ESR": r["test_esr"],
                     "goal": goal if goal is not None else float("nan"),
                     "meets goal": (r["test_esr"] <= goal) if goal is not None else None,
                     "next 4 s ESR": r["apply_esr"],
                     "next 4 s ESR, as aligned": r["apply_esr_own"],
                     "linear FIR ESR": r["fir_esr"], "epochs": r["epochs"],
                     "stopped by": r["stop_reason"], "weights": r["weights"],
                     "x real time": r["realtime_factor"]})
    return pd.DataFrame(rows)


def _provenance(document: dict, phase: str) -> str:
    run = document[phase]
    how = (f"each capture on one core, {run['at_a_time']} at a time"
           if run["cores_per_capture"] == 1 else
           f"each capture on all {run['cores_per_capture']} cores, one at a time")
    return (f"run by `make capture-check` on {run['machine']}, {run['date']}, at commit "
            f"{run['commit']}: {how}, {document['minutes']:g} minutes each")


def _wins(rows: list[dict]) -> dict[str, int]:
    """Per recipe, the effects on which it had the lowest test ESR of all recipes."""
    recipes = sorted({r["recipe"] for r in rows})
    wins = {recipe: 0 for recipe in recipes}
    for effect in sorted({r["effect"] for r in rows}):
        scored = [r for r in rows if r["effect"] == effect]
        if len(scored) == len(recipes):
            wins[min(scored, key=lambda r: r["test_esr"])["recipe"]] += 1
    return wins


def check_text(document: dict | None, *, default: str) -> str:
    """What the check found, in words generated from its document: where each phase ran,
    the latencies against the chain's delays and the responses' onsets, the goals met, which
    recipe won on most effects in equal minutes and whether that is ``default``.

    Returns
    -------
    str
        Markdown.
    """
    if not document or not any(document.get(p, {}).get("rows") for p in PHASES):
        return ("The capture check has not been run here (`make capture-check`, about 70 "
                "minutes): nothing to show.")
    lines = []
    if document.get("default", {}).get("rows"):
        rows = document["default"]["rows"]
        late = [r["effect"] for r in rows if r["latency"] > r["impulse_onset"]]
        short = max(r["chain_delay"] - r["latency"] for r in rows)
        with_goal = [r for r in rows if r["kind"] in document["goals"]]
        met = [r for r in with_goal if r["test_esr"] <= document["goals"][r["kind"]]]
        lines += [f"**The default recipe, {default}**, " + _provenance(document, "default")
                  + ":", "",
                  f"- Latency: more than the response's onset removed on {len(late)} of "
                  f"{len(rows)} effects" + (f" ({', '.join(late)})" if late else "") +
                  f"; at most {short} samples of the chain's delay left in "
                  f"({1e3 * short / document['sample_rate']:.2f} ms, which the capture then "
                  "plays late).",
                  f"- Goals: met on {len(met)} of the {len(with_goal)} effects that have one ("
                  + ", ".join(f"{r['effect']} {r['test_esr']:.3g} against "
                              f"{document['goals'][r['kind']]:g}" for r in with_goal) + ").",
                  "- A 256-tap linear FIR beat the capture on "
                  + (", ".join(f"{r['effect']} ({r['fir_esr']:.3g} against {r['test_esr']:.3g}, "
                               f"training stopped by {r['stop_reason']})"
                               for r in rows if r["fir_esr"] < r["test_esr"]) or "no effect")
                  + ".", ""]
    if document.get("comparison", {}).get("rows"):
        rows = document["comparison"]["rows"]
        wins = _wins(rows)
        winner = max(wins, key=wins.get)
        tally = ", ".join(f"{r} on {n}" for r, n in wins.items())
        verdict = (f"{winner} is the default" if winner == default else
                   f"the default is still {default}: a finding to act on")
        lines += ["**Recipes in equal minutes**, " + _provenance(document, "comparison")
                  + f": the lower test ESR {tally} of {len({r['effect'] for r in rows})} "
                  f"effects; {verdict}."]
    return "\n".join(lines)


# A chain delay to find, and what the repeat check must catch: (name, chain delay, what is
# added to the example pair's pedal chain)
REAMP_CASES = (("pedal chain", 0, None), ("pedal chain", 64, None), ("pedal chain", 300, None),
               ("pedal chain, hiss at -40 dBFS", 64, "noise"),
               ("pedal chain into pedalboard's chorus", 64, "chorus"))


def _reamp_wet(dry, sample_rate, delay, extra):
    """The example pair's effect (:func:`dsp_paper.effects.pedal_chain`) on the reamp signal,
    with a chain delay and hiss or a chorus (a time-based effect) added."""
    from dsp_paper import effects

    wet = effects.pedal_chain(dry, sample_rate=sample_rate)
    if extra == "noise":
        wet = wet + 10 ** (-40 / 20) * np.random.default_rng(0).standard_normal(wet.size)
    elif extra == "chorus":
        import pedalboard  # heavy: pedalboard

        wet = pedalboard.Chorus()(wet.astype(np.float32), sample_rate).astype(np.float64)
    return np.concatenate([np.zeros(delay), wet])[:dry.size]


def reamp_checks(*, minutes: float = 3.0, sample_rate: int = 44100):
    """What ``capture`` reads off a recording of the reamp signal
    (:mod:`dsp_paper.capture.reamp`) through the example pair's pedal chain, behind known
    chain delays, and whether its repeat check catches hiss and a time-based effect; beside
    what :func:`~dsp_paper.capture.latency.find_latency` estimates from the same pair and
    from the guitar alone.

    Returns
    -------
    pandas.DataFrame
        One row per case of :data:`REAMP_CASES`.
    """
    import pandas as pd  # heavy: pandas

    from dsp_paper.capture.latency import align, find_latency
    from dsp_paper.capture.reamp import (blip_latency, recognise_reamp, reamp_signal,
                                         repeat_esr, repeat_problem)

    dry, layout = reamp_signal(minutes=minutes, sample_rate=sample_rate)
    guitar = slice(*layout.segments[next(k for k in layout.segments if k.startswith("guitar"))])
    rows = []
    for name, delay, extra in REAMP_CASES:
        wet = _reamp_wet(dry.astype(np.float64), sample_rate, delay, extra)
        found = blip_latency(wet, layout)
        _, aligned = align(dry, wet, found)
        esr = repeat_esr(aligned, layout, found)
        rows.append({"case": name, "recognised": recognise_reamp(dry, sample_rate) is not None,
                     "chain delay": delay, "from the blips": found,
                     "estimated, whole signal": find_latency(dry, wet,
                                                             sample_rate=sample_rate)[0],
                     "estimated, guitar only": find_latency(dry[guitar], wet[guitar],
                                                            sample_rate=sample_rate)[0],
                     "repeat ESR": esr, "repeat check": "fails" if repeat_problem(esr)
                     else "passes"})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    """``make capture-check``: the check's phases, or one capture of it (``--one``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--recipes", nargs="+", default=list(CHECK_RECIPES))
    parser.add_argument("--effects", nargs="+", default=list(CHECK_EFFECTS))
    parser.add_argument("--phases", nargs="+", default=list(PHASES), choices=list(PHASES))
    parser.add_argument("--output", default=CHECK_PATH)
    parser.add_argument("--one", nargs=2, metavar=("EFFECT", "RECIPE"), default=None)
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    if args.one:
        row = check_one(*args.one, minutes=args.minutes)
        Path(args.json).write_text(json.dumps(row, default=float))
        return 0
    try:
        for effect in args.effects:   # render every effect once before any training
            print(f"{effect}: chain delay {chain_delay(effect)} samples, response begins at "
                  f"{impulse_onset(effect)}", flush=True)
        _run_all(Path(args.output), args.minutes, tuple(args.recipes), tuple(args.effects),
                 tuple(args.phases))
    except (ParameterError, OSError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
