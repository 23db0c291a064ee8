"""Command line.

``python -m dsp_paper run [--scale S] [--only 01 03 ...] [--output build/]`` executes the
notebooks; ``python -m dsp_paper estimate [--scale S] [--only 05 ...]`` says how long they
would take on this machine; ``python -m dsp_paper latency [--scale S]`` prints 002's latency table (C2.3);
``python -m dsp_paper report [--readme]`` writes ``figures/REPORT.md``;
``python -m dsp_paper site [--executed build/]`` renders the executed notebooks, the report and a
landing page into ``figures/site/``; ``python -m dsp_paper references [--write]`` prints what
each notebook rebuilds, cited in full (``--write`` refreshes the citations that open each
notebook);
``python -m dsp_paper claims [--full] [--id C0.4 ...]`` prints the claims registry;
``python -m dsp_paper capture DRY WET [--model M] [--minutes N] [--out DIR]`` captures an
effect from a dry and a wet recording, and ``python -m dsp_paper apply MODEL IN OUT`` runs a
capture over a file, ``python -m dsp_paper export-nam CAPTURE [OUT]`` writes a capture as
Neural Amp Modeler's ``.nam`` (``import-nam MODEL.nam [OUT]`` reads one back into a
model.json that ``apply`` runs; ``benchmark-nam MODEL.nam`` times it in the package's kernel
and in NAM's engine), and ``python -m dsp_paper reamp-signal FILE`` writes a signal
to record an effect with. These commands on the user's own files (:data:`FILE_COMMANDS`) check
every option, file and folder before they load Keras or train, and end any bad input in one
``error: ...`` line and exit code 2, an interruption in exit code 130, never a traceback.

Each command imports what it runs when it runs: the studies and papermill take seconds to load,
and ``--help`` should not wait for them.
"""
from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from collections.abc import Callable, Sequence

from dsp_paper.capture.recipes import (DEFAULT_KNOB_CONDITIONING, DEFAULT_RECIPE,
                                       KNOB_CONDITIONINGS, RECIPES)
from dsp_paper.errors import ParameterError
from dsp_paper.study.settings import SCALES


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code (2 for bad input, with the reason on stderr)."""
    parser = argparse.ArgumentParser(prog="python -m dsp_paper",
                                     description="Reproduce the papers' notebooks.")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_study_commands(commands)
    _add_capture_commands(commands)
    args = parser.parse_args(argv)
    if args.command in FILE_COMMANDS:
        return _file_command(FILE_COMMANDS[args.command], args)
    if args.command == "claims":
        return _claims(args.full, args.id)
    if args.command == "latency":
        return _latency(args.scale)
    if args.command == "estimate":
        return _verify_plan(args.scale) if args.verify else \
            _estimate(args.scale, args.only, args.steps)
    if args.command in ("report", "site", "references"):
        from dsp_paper import publish

        if args.command == "report":
            return publish.publish_report(args.scale, readme=args.readme)
        if args.command == "site":
            return publish.publish_site(args.executed, args.scale)
        return publish.publish_references(write=args.write)
    return _run(args)


def _add_study_commands(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("run", help="execute the notebooks in order with papermill")
    run.add_argument("--scale", choices=SCALES, default=None,
                     help="smoke | quick | paper (default: $DSP_PAPER_SCALE or quick)")
    run.add_argument("--only", nargs="+", default=(), metavar="NN",
                     help="notebook numbers or names to run, e.g. 01 03")
    run.add_argument("--output", default=None,
                     help="folder for executed notebooks (default: build/)")
    run.add_argument("--kernel", default="python3", help="Jupyter kernel name")
    latency = commands.add_parser(
        "latency", help="time 002's models per output sample and the streaming LSTM in blocks, "
                        "on one core")
    latency.add_argument("--scale", choices=SCALES, default=None,
                         help="sizes to time (quick and paper: the thesis's own)")
    estimate = commands.add_parser(
        "estimate", help="time a few steps of every training of each notebook on this machine "
                         "and print how long each notebook and the series would take")
    estimate.add_argument("--scale", choices=SCALES, default=None,
                          help="smoke | quick | paper (default: $DSP_PAPER_SCALE or quick)")
    estimate.add_argument("--only", nargs="+", default=(), metavar="NN",
                          help="notebook numbers or names, e.g. 05 08")
    estimate.add_argument("--steps", type=int, default=3,
                          help="training steps timed per training after the first (default 3)")
    estimate.add_argument("--verify", action="store_true",
                          help="time nothing: check that every notebook's planned trainings are "
                               "the runs a run of the notebooks at this scale kept in build/")
    report = commands.add_parser(
        "report", help="collect every published notebook's claims and numbers into REPORT.md")
    report.add_argument("--scale", choices=SCALES, default="quick",
                        help="smoke reads build/smoke-figures/, quick and paper figures/")
    report.add_argument("--readme", action="store_true",
                        help="also refresh README.md's results: what held and what did "
                             "not, and each notebook's verdicts")
    site = commands.add_parser(
        "site", help="render the executed notebooks, the report and a landing page as a static "
                     "site in figures/site/")
    site.add_argument("--executed", default=None,
                      help="folder of executed notebooks (default: build/)")
    site.add_argument("--scale", choices=SCALES, default=None,
                      help="the scale they ran at: quick and paper write figures/site/, smoke "
                           "build/smoke-figures/site/ (default: $DSP_PAPER_SCALE or quick)")
    references = commands.add_parser(
        "references", help="print what each notebook rebuilds, cited in full")
    references.add_argument("--write", action="store_true",
                            help="refresh the citations that open each notebook and the "
                                 "README's map")
    claims = commands.add_parser(
        "claims", help="print the claims registry: every sub-claim, its rule and the scales "
                       "that can decide it")
    claims.add_argument("--full", action="store_true",
                        help="also the document's words, what is measured, why each threshold")
    claims.add_argument("--id", nargs="+", default=(), metavar="ID",
                        help="only these sub-claims, e.g. C0.4 C2.2a")


def _add_capture_commands(commands: argparse._SubParsersAction) -> None:
    cap = commands.add_parser(
        "capture", help="capture an effect from a dry and a wet recording (WAV, FLAC, ...)")
    cap.add_argument("dry", nargs="?", help="the signal sent into the effect")
    cap.add_argument("wet", nargs="?", help="the effect's output, recorded from the same start")
    cap.add_argument("--takes", default=None, metavar="TAKES.csv",
                     help="a knob capture instead of DRY WET: a CSV file, one row per take "
                          "(dry,wet,<control>...[,use]; use: train or holdout)")
    cap.add_argument("--conditioning", default=None, choices=KNOB_CONDITIONINGS,
                     help="how a knob capture's controls condition a wavenet: input "
                          "channels, or also FiLM on every layer (default "
                          f"{DEFAULT_KNOB_CONDITIONING})")
    cap.add_argument("--model", default=DEFAULT_RECIPE, metavar="{" + ",".join(RECIPES) + "}",
                     help=", ".join(f"{r} (default)" if r == DEFAULT_RECIPE else r
                                    for r in RECIPES))
    cap.add_argument("--minutes", type=float, default=5.0,
                     help="training budget on this machine (default 5)")
    cap.add_argument("--epochs", type=int, default=2000,
                     help="at most this many epochs (default 2000; the minutes usually stop it)")
    cap.add_argument("--out", default=None,
                     help="folder to write (default: capture_<wet file name>)")
    cap.add_argument("--resample", action="store_true",
                     help="resample the wet to the dry's rate when they differ")
    cap.add_argument("--latency", type=int, default=None,
                     help="the wet's delay in samples, if known (found otherwise)")
    cap.add_argument("--mr-stft", type=float, default=None, metavar="WEIGHT",
                     help="add a multi-resolution STFT term of this weight to the loss "
                          "(Neural Amp Modeler uses 2e-4)")
    cap.add_argument("--seed", type=int, default=0)
    cap.add_argument("--overwrite", action="store_true", help="replace an earlier capture")
    app = commands.add_parser("apply", help="run a capture over a sound file")
    app.add_argument("model", help="a capture folder or its model.json")
    app.add_argument("input")
    app.add_argument("output")
    app.add_argument("--controls", nargs="+", default=None, metavar="NAME=VALUE",
                     help="the knobs' settings, if the model has any: drive=0.6 (as in the "
                          "takes file), or values in order")
    app.add_argument("--overwrite", action="store_true")
    export = commands.add_parser(
        "export-nam", help="write a capture as Neural Amp Modeler's .nam file, for its plugin")
    export.add_argument("capture", help="a capture folder")
    export.add_argument("output", nargs="?", default=None,
                        help="the .nam file to write (default: model.nam in the folder)")
    export.add_argument("--overwrite", action="store_true")
    imp = commands.add_parser(
        "import-nam", help="read a Neural Amp Modeler .nam file into a model.json that apply "
                           "runs")
    imp.add_argument("model", help="a .nam file (a WaveNet of layer arrays, or an LSTM)")
    imp.add_argument("output", nargs="?", default=None,
                     help="the .json file to write (default: the .nam file's name, .json)")
    imp.add_argument("--overwrite", action="store_true")
    bench = commands.add_parser(
        "benchmark-nam", help="time the package's kernel and Neural Amp Modeler's engine on "
                              "one .nam model (64-sample blocks, one core, one run)")
    bench.add_argument("model", help="a .nam file (a WaveNet of layer arrays, or an LSTM)")
    bench.add_argument("--seconds", type=float, default=10.0, help="audio per timed pass")
    example = commands.add_parser(
        "example-pair", help="write a dry/wet pair of the package's own guitar through its "
                             "pedal chain, to try capture on")
    example.add_argument("folder")
    example.add_argument("--reamp", action="store_true",
                         help="the reamp signal and the same through the pedal chain "
                              "(reamp.wav, reamp_pedal.wav) instead of the guitar DI")
    reamp = commands.add_parser(
        "reamp-signal", help="write the reamp signal: play it through your effect, record the "
                             "effect's output, and capture from the pair")
    reamp.add_argument("path", help="the WAV file to write (24-bit)")
    reamp.add_argument("--minutes", type=float, default=3.0,
                       help="length, about 1 to 30 minutes (default 3: most of it guitar)")
    reamp.add_argument("--sample-rate", type=int, default=48000,
                       help="44100, 48000, 88200, 96000, 176400 or 192000 (default 48000): "
                            "record the effect at this rate")
    reamp.add_argument("--overwrite", action="store_true")
    for command in (cap, app, example, reamp):
        _one_line_errors(command)


def _one_line_errors(parser: argparse.ArgumentParser) -> None:
    """A usage mistake in a command on the user's files ends as its other errors do: one
    ``error: `` line on stderr and exit code 2 (argparse's own error prints the usage
    first)."""
    def error(message: str):
        parser.exit(2, f"error: {message} (see {parser.prog} --help)\n")

    parser.error = error


def _run(args: argparse.Namespace) -> int:
    from dsp_paper.runner import NotebookFailed, run_notebooks  # heavy: papermill

    try:
        done = run_notebooks(scale=args.scale, only=args.only, output=args.output,
                             kernel_name=args.kernel)
    except NotebookFailed as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    except (ParameterError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    total = sum(t for _, t in done)
    print(f"{len(done)} notebook(s) executed in {total:.1f} s")
    return 0


def _file_command(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """``run(args)`` with every bad input a user can give (a :class:`ParameterError`, a file
    missing, unreadable or unwritable, a sound file soundfile cannot read or write) as one
    ``error: `` line on stderr and exit code 2, and an interruption as exit code 130.
    Anything else is a bug and keeps its traceback."""
    import soundfile

    try:
        return run(args)
    except KeyboardInterrupt:
        print("interrupted: nothing written" if args.command in ("capture", "apply")
              else "interrupted", file=sys.stderr)
        return 130
    except ParameterError as exc:
        message = str(exc)
    except OSError as exc:  # FileNotFoundError, PermissionError, a full disk, ...
        message = _os_error_words(exc)
    except soundfile.SoundFileError as exc:  # libsndfile's: the file is no sound it reads
        message = f"soundfile: {exc}"
    print("error: " + " ".join(message.split()), file=sys.stderr)
    return 2


def _os_error_words(exc: OSError) -> str:
    """An OS error with the paths it concerns: ``out.wav: No space left on device``."""
    if exc.filename is None:
        return str(exc)
    paths = " and ".join(str(p) for p in (exc.filename, exc.filename2) if p is not None)
    return f"{paths}: {exc.strerror or exc}"


# Words for capture's keywords in messages: the options that set them.
_CAPTURE_OPTIONS = dict(model="--model", minutes="--minutes", epochs="--epochs", seed="--seed",
                        latency="--latency", mr_stft_weight="--mr-stft")


def _capture(args: argparse.Namespace) -> int:
    """``capture``: every option, both files' headers and the folder to write checked before
    Keras is loaded and the audio read, then the capture and its summary."""
    import os

    from dsp_paper.capture import preflight  # light: no Keras

    options = dict(model=args.model, minutes=args.minutes, epochs=args.epochs, seed=args.seed,
                   latency=args.latency, mr_stft_weight=args.mr_stft)
    preflight.check_capture_options(**options, names=_CAPTURE_OPTIONS)
    if args.takes is not None:
        return _capture_takes(args, options)
    if args.conditioning is not None:
        raise ParameterError("--conditioning is for a knob capture (--takes TAKES.csv)")
    if args.dry is None or args.wet is None:
        raise ParameterError("capture needs DRY and WET sound files, or --takes TAKES.csv for "
                             "a knob capture")
    dry = preflight.check_sound_file(args.dry, "dry")
    preflight.check_sound_file(args.wet, "wet")
    if os.path.samefile(args.dry, args.wet):
        raise ParameterError(f"the dry and the wet are the same file ({args.wet}): the wet is "
                             "the effect's output, recorded from the same start")
    preflight.check_capture_options(**options, sample_rate=dry.samplerate, names=_CAPTURE_OPTIONS)
    out = args.out or f"capture_{Path(args.wet).stem}"
    preflight.check_capture_folder(out, overwrite=args.overwrite)

    from dsp_paper import capture  # heavy: Keras
    from dsp_paper.capture.report import linear_warning, perceptual_words, stop_text
    from dsp_paper.perceptual import CAPTURE_MEASURE, perceptual_measure

    result = capture.capture_files(args.dry, args.wet, **options, out=out,
                                   resample=args.resample, overwrite=args.overwrite)
    s, fir = result.scores, result.tests[0]["fir"]
    print(f"test ESR {s['esr']:.4g} ({capture.quality_label(s['esr'])}), with pre-emphasis "
          f"{s['esr_pre_emphasis']:.4g}; a 256-tap linear FIR: {fir['esr']:.4g}; "
          f"{result.tests[0]['realtime_factor']:.0f}x real time on one core")
    measure = perceptual_measure(CAPTURE_MEASURE)
    print(f"test {measure.label} {perceptual_words(s['perceptual'])} ({measure.identical:g} = "
          "identical; notebook 07's calibration ranks it first, but it does not pass every "
          "family of faults there: a second opinion); test MOS-LQO (ViSQOL) "
          f"{capture.mos_words(s['mos_lqo'])}")
    print(f"ESR, {measure.label} and MOS-LQO are objective estimates, not a listening test: "
          f"listen to the test clips in {out}/")
    print(stop_text(result))
    if linear_warning(result):
        print(linear_warning(result))
    print(f"wrote {out}/ (model.json, model.keras, report.md, test clips)")
    print(_nam_words(out, knob=False))
    return 0


def _nam_words(out: str, *, knob: bool) -> str:
    """What became of a capture's ``model.nam``: where it plays, or why there is none."""
    import json

    if (Path(out) / "model.nam").is_file():
        return (f"{out}/model.nam: NeuralAmpModelerCore's multi-input WaveNet, for hosts that "
                "feed the controls (NAM's plugin plays single-input files only)" if knob else
                f"{out}/model.nam: load it in Neural Amp Modeler's plugin")
    reason = json.loads((Path(out) / "report.json").read_text()).get("nam", "")
    return reason.replace("no model.nam: ", "no model.nam (", 1) + ")" if reason else \
        "no model.nam"


def _parse_controls(values: list[str] | None) -> list[float] | dict[str, float] | None:
    """``--controls``: ``name=value`` pairs (a dict) or plain values (a list), finite."""
    import math

    if values is None:
        return None
    named = ["=" in v for v in values]
    if any(named) and not all(named):
        raise ParameterError("--controls takes name=value pairs or plain values, not both: "
                             f"got {' '.join(values)}")
    pairs = [v.split("=", 1) if "=" in v else (None, v) for v in values]
    parsed = []
    for name, text in pairs:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise ParameterError(f"--controls must be finite numbers, got {' '.join(values)}")
        parsed.append((name, value))
    if not all(named):
        return [value for _, value in parsed]
    names = [name for name, _ in parsed]
    if len(set(names)) != len(names):
        raise ParameterError(f"--controls names a control twice: {' '.join(values)}")
    return dict(parsed)


def _capture_takes(args: argparse.Namespace, options: dict) -> int:
    """``capture --takes``: the takes file, every header and the folder checked before Keras
    is loaded, then the knob capture and its table of takes."""
    from dsp_paper.capture import preflight  # light: no Keras
    from dsp_paper.capture.manifest import read_manifest

    if args.dry is not None:
        raise ParameterError("give DRY WET or --takes, not both")
    conditioning = args.conditioning or DEFAULT_KNOB_CONDITIONING
    preflight.check_knob_conditioning(conditioning, args.model)
    if args.resample:
        raise ParameterError("--resample is for one pair: resample the takes to one rate first")
    listed = read_manifest(args.takes)
    preflight.check_capture_options(**options, sample_rate=listed.sample_rate,
                                    names=_CAPTURE_OPTIONS)
    out = args.out or f"capture_{Path(args.takes).stem}"
    preflight.check_capture_folder(out, overwrite=args.overwrite)

    from dsp_paper import capture  # heavy: Keras
    from dsp_paper.capture.report import stop_text, takes_table

    result = capture.capture_takes(listed, **options, conditioning=conditioning,
                                   out=out, overwrite=args.overwrite)
    print("\n".join(takes_table(result)))
    print(stop_text(result))
    print(f"wrote {out}/ (model.json, model.keras, report.md, test clips); apply it with "
          "--controls " + " ".join(f"{c['name']}=..." for c in result.controls))
    print(_nam_words(out, knob=True))
    return 0


def _apply(args: argparse.Namespace) -> int:
    """``apply``: the model's path, the input and the output checked before Keras is loaded;
    nothing is written unless every check passes."""
    from dsp_paper.capture import manifest, preflight  # light: no Keras

    controls = _parse_controls(args.controls)
    preflight.check_apply_paths(args.model, args.input, args.output, overwrite=args.overwrite)
    manifest.check_apply_controls(args.model, controls)

    from dsp_paper.capture.export import apply_files  # heavy: Keras

    done = apply_files(args.model, args.input, args.output, controls=controls,
                       overwrite=args.overwrite)
    print(f"wrote {args.output}: {done['seconds']:.1f} s of audio in "
          f"{done['compute_seconds']:.2f} s ({done['realtime_factor']:.0f}x real time)"
          + (f"; {done['clipped']} samples clipped at full scale" if done["clipped"]
             else ""))
    return 0


def _export_nam(args: argparse.Namespace) -> int:
    """``export-nam``: a capture made earlier written as a ``.nam`` file."""
    from dsp_paper.capture.export import export_nam  # heavy: Keras

    path = export_nam(args.capture, args.output, overwrite=args.overwrite)
    print(f"wrote {path}: load it in Neural Amp Modeler's plugin (or any host of "
          "NeuralAmpModelerCore)")
    return 0


def _import_nam(args: argparse.Namespace) -> int:
    """``import-nam``: a ``.nam`` file as a model.json that ``apply`` runs; its paths and its
    JSON checked before Keras is loaded."""
    from dsp_paper.capture import preflight  # light: no Keras
    from dsp_paper.capture.nam import read_nam_file

    path = Path(args.model)
    out = Path(args.output) if args.output is not None else path.with_suffix(".json")
    preflight.check_import_paths(path, out, overwrite=args.overwrite)
    read_nam_file(path)

    from dsp_paper.capture.export import import_nam  # heavy: Keras

    path = import_nam(args.model, args.output, overwrite=args.overwrite)
    print(f"wrote {path}: run it with python -m dsp_paper apply {path} IN.wav OUT.wav")
    return 0


def _benchmark_nam(args: argparse.Namespace) -> int:
    """``benchmark-nam``: both engines on one model, in one run."""
    from dsp_paper.capture.speed import benchmark_nam  # heavy: Keras, a C++ build

    found = benchmark_nam(args.model, seconds=args.seconds)
    print(f"{args.model}: 64-sample blocks of noise at {found['sample_rate']} Hz, one core, "
          f"fast tanh in Core as the plugin runs it")
    print(f"  package kernel: {found['package']:.1f}x real time (largest difference from "
          f"Keras {found['kernel_error']:.1e} of the output's RMS)")
    for name, factor in found["core"].items():
        print(f"  NeuralAmpModelerCore, {name}: {factor:.1f}x real time; the package's kernel "
              f"is {found['ratio'][name]:.2f} times as fast")
    return 0


def _example_pair(args: argparse.Namespace) -> int:
    """``example-pair``: the folder checked before the pair is rendered."""
    from dsp_paper.capture import preflight  # light: no Keras

    preflight.check_writable_folder(args.folder, f"the example pair into {args.folder}")

    from dsp_paper.capture import example_pair  # heavy: Keras

    dry, wet = example_pair(args.folder, reamp=args.reamp)
    print(f"wrote {dry} and {wet}")
    return 0


def _reamp_signal(args: argparse.Namespace) -> int:
    """``reamp-signal``: the signal written, and what it holds."""
    from dsp_paper.capture import preflight  # light: no Keras
    from dsp_paper.capture.reamp import write_reamp_signal

    preflight.check_writable_folder(Path(args.path).parent, f"the reamp signal {args.path}")
    path = write_reamp_signal(args.path, minutes=args.minutes, sample_rate=args.sample_rate,
                              overwrite=args.overwrite)
    print(f"wrote {path} ({args.minutes:g} min at {args.sample_rate} Hz, 24-bit): blips, "
          "silence, sweeps, noise and guitar at several levels, and a passage played twice. "
          "Play it through the effect, record the output from the same start at the same "
          f"rate, then: python -m dsp_paper capture {path} <recorded>.wav")
    return 0


# The commands on the user's own files, each run by _file_command: a bad input ends in one
# "error: " line and exit code 2, never a traceback.
FILE_COMMANDS = {"capture": _capture, "apply": _apply, "export-nam": _export_nam,
                 "import-nam": _import_nam, "benchmark-nam": _benchmark_nam,
                 "example-pair": _example_pair, "reamp-signal": _reamp_signal}


def _claims(full: bool, ids: Sequence[str]) -> int:
    from dsp_paper.studies.registry import REGISTRY, registry_frame

    unknown = [i for i in ids if i not in REGISTRY]
    if unknown:
        print(f"error: no sub-claim {', '.join(unknown)}; the registry has "
              f"{', '.join(REGISTRY)}", file=sys.stderr)
        return 2
    chosen = [c for c in REGISTRY.values() if not ids or c.id in ids]
    if not full:
        frame = registry_frame().loc[[c.id for c in chosen], ["claim", "rule", "decides at"]]
        print(frame.to_markdown())
        return 0
    wrap = lambda label, text: textwrap.fill(text, width=96, initial_indent=f"  {label}: ",
                                             subsequent_indent="    ")
    for c in chosen:
        print(f"{c.id} ({c.document}, judged in {c.notebook}): {c.claim}")
        for label, text in (("document", f'"{c.quote}"'), ("measured", c.measured),
                            ("rule", c.rule_text()), ("decides at", ", ".join(c.decides_at)),
                            *((("rests on", ", ".join(c.trained)
                                + (" (a capability claim: decided on trainings that reached a "
                                   "plateau)" if c.capability else "")),) if c.trained else ()),
                            *((("withheld", c.withheld),) if c.withheld else ()),
                            *(("why", w) for w in c.why)):
            print(wrap(label, text))
        print()
    return 0


def _estimate(scale: str | None, only: Sequence[str], steps: int) -> int:
    from dsp_paper import studies
    from dsp_paper.study import estimate
    from dsp_paper.study.notebook import backend_description
    from dsp_paper.study.outputs import machine_description
    from dsp_paper.study.settings import resolve_scale

    try:
        scale = resolve_scale(scale)
        header = (f"scale {scale} on {machine_description()}; {backend_description()}\n"
                  "times a few steps of every training and model pass, then multiplies")
        print(header, flush=True)
        table = estimate.estimate_notebooks(studies.plans(), scale, only=only, steps=steps,
                                            log=lambda m: print(m, flush=True))
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(estimate.format_estimate(table, scale=scale))
    return 0


def _verify_plan(scale: str | None) -> int:
    import keras

    from dsp_paper import studies
    from dsp_paper.study.estimate import unmatched_checkpoints
    from dsp_paper.study.settings import resolve_scale

    scale = resolve_scale(scale)
    missing, unplanned = unmatched_checkpoints(studies.plans(), scale)
    for label, names in (("planned but not trained", missing),
                         ("trained but not planned", unplanned)):
        if names:
            print(f"{label} at {scale} ({keras.backend.backend()}): {', '.join(names)}",
                  file=sys.stderr)
    if missing or unplanned:
        print("a notebook's planned_work differs from what it trains (or build/ holds runs of "
              "older code: make clean)", file=sys.stderr)
        return 1
    print(f"every notebook's planned trainings at {scale} are the runs its notebook kept "
          f"({keras.backend.backend()})")
    return 0


def _latency(scale: str | None) -> int:
    """The notebook's latency table without training: a forward pass costs the same whatever
    the weights, so freshly initialised models are timed (the thesis's sizes,
    ``dsp_paper.studies.recurrent_eq.thesis_size_models``, in blocks of ``STREAM_BLOCKS``)."""
    import pandas as pd

    from dsp_paper import material
    from dsp_paper.nn import models
    from dsp_paper.studies.recurrent_eq import (THESIS_MS_PER_SAMPLE, THESIS_SECONDS_PER_SECOND,
                                                latency_measurements)
    from dsp_paper.studies import scale_config
    from dsp_paper.study.outputs import machine_description

    cfg = scale_config("05_recurrent_eq", scale)
    sr = scale_config("highpass_002", scale).sample_rate
    audio = material.voice(sample_rate=sr).audio.astype("float32")
    table, _ = latency_measurements(
        cfg, models.streaming_rnn(hidden=cfg.stream_hidden, seed=cfg.seed), audio,
        sample_rate=sr)
    with pd.option_context("display.width", 200, "display.max_columns", 12):
        print(f"sizes: {cfg.latency_sizes}; streaming LSTM: {cfg.stream_hidden} units")
        print(table.to_string(float_format=lambda v: f"{v:.4g}", na_rep="-"))
    print(f"one core of: {machine_description()}  (thesis: {THESIS_MS_PER_SAMPLE:g} ms per "
          f"sample, {THESIS_SECONDS_PER_SECOND:g} s per s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
