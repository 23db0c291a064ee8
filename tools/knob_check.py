"""A knob capture against captures at one setting, through the capture command's own code.

The package's pedal chain on its guitar DI, takes at 12, 18, 30 and 36 dB of drive, held out
at 24 and 33 dB; the knob (input channel, then FiLM) trained for 4x ``MINUTES`` on all four,
and a capture trained for ``MINUTES`` at each held-out drive alone: the same minutes per
drive. Run one seed a core, e.g.::

    taskset -c 0 python tools/knob_check.py 0 2.0 /tmp/knob_check &
    taskset -c 1 python tools/knob_check.py 1 2.0 /tmp/knob_check

Each writes ``<folder>/s<seed>/result.json``: every take's test ESR per knob, epochs and what
stopped each training.
"""
import json
import os
import sys

import soundfile

from dsp_paper import effects
from dsp_paper.capture import capture, capture_takes, example_dry

SEEN_DB, HELD_OUT_DB = (12.0, 18.0, 30.0, 36.0), (24.0, 33.0)
SAMPLE_RATE = 44100


def main(seed: int, minutes: float, folder: str) -> dict:
    root = f"{folder}/s{seed}"
    os.makedirs(root, exist_ok=True)
    dry = example_dry(sample_rate=SAMPLE_RATE)
    soundfile.write(f"{root}/dry.wav", dry, SAMPLE_RATE, subtype="FLOAT")
    wets, rows = {}, ["dry,wet,drive,use"]
    for drive in (*SEEN_DB, *HELD_OUT_DB):
        wets[drive] = effects.pedal_chain(dry, sample_rate=SAMPLE_RATE, drive_db=drive)
        soundfile.write(f"{root}/drive{drive:g}.wav", wets[drive], SAMPLE_RATE, subtype="FLOAT")
        use = "holdout" if drive in HELD_OUT_DB else "train"
        rows.append(f"dry.wav,drive{drive:g}.wav,{drive:g},{use}")
    with open(f"{root}/takes.csv", "w") as f:
        f.write("\n".join(rows) + "\n")
    out = {"seed": seed, "minutes_per_drive": minutes}
    for conditioning in ("input", "film"):
        knob = capture_takes(f"{root}/takes.csv", minutes=len(SEEN_DB) * minutes, latency=0,
                             seed=seed, conditioning=conditioning, progress=False)
        out[conditioning] = {t["take"]: t["scores"]["esr"] for t in knob.tests}
        out[f"{conditioning}_epochs"] = len(knob.log.epoch)
        out[f"{conditioning}_stop"] = knob.log.stop_reason
    for drive in HELD_OUT_DB:
        alone = capture(dry, wets[drive], sample_rate=SAMPLE_RATE, minutes=minutes, latency=0,
                        seed=seed, progress=False)
        out[f"alone{drive:g}"] = alone.scores["esr"]
        out[f"alone{drive:g}_epochs"] = len(alone.log.epoch)
        out[f"alone{drive:g}_stop"] = alone.log.stop_reason
    with open(f"{root}/result.json", "w") as f:
        json.dump(out, f, indent=1)
    return out


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), float(sys.argv[2]), sys.argv[3])))
