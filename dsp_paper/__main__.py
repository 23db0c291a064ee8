"""Command line: ``python -m dsp_paper run [--scale S] [--only 01 03 ...] [--output build/]``."""
from __future__ import annotations

import argparse
import sys

from .errors import ParameterError
from .scales import SCALES


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dsp_paper",
                                     description="Reproduce the papers' notebooks.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="execute the notebooks in order with papermill")
    run.add_argument("--scale", choices=SCALES, default=None,
                     help="smoke | quick | paper (default: $DSP_PAPER_SCALE or quick)")
    run.add_argument("--only", nargs="+", default=(), metavar="NN",
                     help="notebook numbers or names to run, e.g. 01 03")
    run.add_argument("--output", default=None,
                     help="folder for executed notebooks (default: build/)")
    run.add_argument("--kernel", default="python3", help="Jupyter kernel name")
    args = parser.parse_args(argv)

    from .runner import NotebookFailed, run_notebooks

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


if __name__ == "__main__":
    sys.exit(main())
