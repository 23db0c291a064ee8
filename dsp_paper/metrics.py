"""Error measures: 000's table columns, 002's 12-bit accuracy, the measures the field uses
since (ESR with and without pre-emphasis, DC error, log-spectral distance, multi-resolution
STFT distance), and one perceptual judge: ViSQOL's MOS-LQO (:func:`mos_lqo`).

Every function takes ``prediction`` and ``target`` of the same shape (time on the last axis).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.signal

from dsp_paper.audio_io import resample
from dsp_paper.checks import check_audio, check_same_length, check_sample_rate
from dsp_paper.errors import ParameterError

__all__ = ["mse", "rmse", "error_std", "reference_std", "table_row", "accuracy_12bit",
           "esr", "pre_emphasis", "dc_error", "log_spectral_distance",
           "long_term_spectrum_distance", "mr_stft_distance", "mos_lqo",
           "visqol_can_judge", "visqol_started", "mos_lqo_or_nan", "VISQOL_SAMPLE_RATE",
           "VISQOL_MIN_SECONDS", "VISQOL_IDENTICAL",
           "all_metrics", "spectral_slope", "spectral_flatness", "band_level_db",
           "TWELVE_BIT_STEP"]

# The thesis's threshold, 0.000244 = 2^-12, "the minimum difference between two values of a
# 12 bit audio". Over [-1, 1) a 12-bit step is strictly 2^-11; the document's figure is kept.
TWELVE_BIT_STEP = 2.0 ** -12


def _pair(prediction: np.ndarray, target: np.ndarray, *,
          silent_target_ok: bool = True) -> tuple[np.ndarray, np.ndarray]:
    prediction = check_audio(prediction, name="prediction")
    target = check_audio(target, name="target", allow_silent=silent_target_ok)
    check_same_length(prediction, target, names=("prediction", "target"))
    return np.asarray(prediction, np.float64), np.asarray(target, np.float64)


def mse(prediction: np.ndarray, target: np.ndarray) -> float:
    """Mean squared error."""
    p, t = _pair(prediction, target)
    return float(np.mean((p - t) ** 2))


def rmse(prediction: np.ndarray, target: np.ndarray) -> float:
    """Root mean squared error."""
    return float(np.sqrt(mse(prediction, target)))


def error_std(prediction: np.ndarray, target: np.ndarray) -> float:
    """Standard deviation of the error ``prediction - target`` (000's "std" column).

    Equals the RMSE when the error has zero mean.
    """
    p, t = _pair(prediction, target)
    return float(np.std(p - t))


def reference_std(target: np.ndarray) -> float:
    """Standard deviation of the target (000's "reference" column): the RMSE that a
    constant prediction at the target's mean would score."""
    t = check_audio(target, name="target")
    return float(np.std(np.asarray(t, np.float64)))


def table_row(prediction: np.ndarray, target: np.ndarray) -> dict[str, float]:
    """000's columns for one split: ``{"mse", "rmse", "std", "reference"}``."""
    return {"mse": mse(prediction, target), "rmse": rmse(prediction, target),
            "std": error_std(prediction, target), "reference": reference_std(target)}


def accuracy_12bit(prediction: np.ndarray, target: np.ndarray, *,
                   step: float = TWELVE_BIT_STEP) -> float:
    """002's "accuracy": share of samples within 0.000244 (the thesis's "12-bit" threshold,
    ``TWELVE_BIT_STEP``) of the target."""
    p, t = _pair(prediction, target)
    return float(np.mean(np.abs(p - t) < step))


def pre_emphasis(audio: np.ndarray, *, coefficient: float = 0.85) -> np.ndarray:
    """First-order high-pass ``1 - coefficient z^-1`` along the last axis."""
    audio = check_audio(audio)
    return scipy.signal.lfilter([1.0, -coefficient], [1.0], np.asarray(audio, np.float64),
                                axis=-1)


def esr(prediction: np.ndarray, target: np.ndarray, *,
        pre_emphasis_coefficient: float | None = None) -> float:
    """Error-to-signal ratio ``sum((t - p)^2) / sum(t^2)``.

    With ``pre_emphasis_coefficient=0.85`` both signals first pass through
    ``1 - 0.85 z^-1``, weighting high frequencies as in Wright et al. (2019).
    0 is perfect; 1 is what silence scores.
    """
    p, t = _pair(prediction, target, silent_target_ok=False)
    if pre_emphasis_coefficient is not None:
        p = pre_emphasis(p, coefficient=pre_emphasis_coefficient)
        t = pre_emphasis(t, coefficient=pre_emphasis_coefficient)
    energy = np.sum(t ** 2)
    if energy == 0:
        raise ParameterError("target is silent after pre-emphasis: the ESR is undefined")
    return float(np.sum((t - p) ** 2) / energy)


def dc_error(prediction: np.ndarray, target: np.ndarray) -> float:
    """DC error ``(mean(t) - mean(p))^2 / mean(t^2)``: the offset a model adds."""
    p, t = _pair(prediction, target, silent_target_ok=False)
    return float((np.mean(t) - np.mean(p)) ** 2 / np.mean(t ** 2))


def _magnitudes(x: np.ndarray, n_fft: int, hop: int) -> np.ndarray:
    _, _, spec = scipy.signal.stft(x, nperseg=n_fft, noverlap=n_fft - hop, window="hann",
                                   boundary=None, padded=False, axis=-1)
    return np.abs(spec)


def _check_stft_length(n: int, n_fft: int) -> None:
    if n < n_fft:
        raise ParameterError(f"audio of {n} samples is shorter than the STFT size {n_fft}")


def _band_bins(freqs: np.ndarray, band: tuple[float, float],
               sample_rate: float) -> np.ndarray:
    """Which of the frequency bins ``freqs`` lie in ``band`` (Hz)."""
    low, high = band
    if not 0 <= low < high <= sample_rate / 2:
        raise ParameterError(f"need 0 <= band[0] < band[1] <= Nyquist, got {band}")
    keep = (freqs >= low) & (freqs <= high)
    if not keep.any():
        raise ParameterError(f"no frequency bin in {band} Hz at this resolution")
    return keep


def log_spectral_distance(prediction: np.ndarray, target: np.ndarray, *, n_fft: int = 2048,
                          hop: int = 512, floor_db: float = -100.0,
                          band: tuple[float, float] | None = None,
                          sample_rate: int | None = None) -> float:
    """Log-spectral distance in dB: per frame, the RMS over frequency bins of the difference
    of the two power spectra in dB, averaged over frames.

    Power below ``floor_db`` (relative to the target's peak bin) is raised to the floor in
    both spectra, so bins nobody hears do not dominate.

    Parameters
    ----------
    band : (float, float), optional
        Only the bins from ``band[0]`` to ``band[1]`` Hz (needs ``sample_rate``): the band the
        material occupies. Without it every bin counts, so a voice recorded at 16 kHz and
        played at 44.1 kHz is judged mostly on the empty band above 8 kHz.
    sample_rate : int, optional

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(8192)
    >>> log_spectral_distance(x, x)
    0.0
    >>> bool(log_spectral_distance(0.5 * x, x, band=(100, 4000), sample_rate=16000) > 6.0)
    True
    """
    p, t = _pair(prediction, target, silent_target_ok=False)
    _check_stft_length(t.shape[-1], n_fft)
    sp, st = _magnitudes(p, n_fft, hop) ** 2, _magnitudes(t, n_fft, hop) ** 2
    if band is not None:
        if sample_rate is None:
            raise ParameterError("a band needs the sample_rate to find its bins")
        keep = _band_bins(np.fft.rfftfreq(n_fft, 1 / sample_rate), band, sample_rate)
        sp, st = sp[..., keep, :], st[..., keep, :]
    floor = st.max() * 10 ** (floor_db / 10)
    diff = 10 * np.log10(np.maximum(st, floor)) - 10 * np.log10(np.maximum(sp, floor))
    return float(np.mean(np.sqrt(np.mean(diff ** 2, axis=-2))))


def long_term_spectrum_distance(prediction: np.ndarray, target: np.ndarray, *,
                                sample_rate: int, band: tuple[float, float] | None = None,
                                floor_db: float = -60.0, n_fft: int = 8192) -> float:
    """RMS difference in dB of the two signals' long-term power spectra (Welch), over
    ``band`` (Hz, default all of it); levels below ``floor_db`` relative to the target's peak
    are raised to it. The thesis's comparison of spectra (its Figs. 12 and 13) as a number:
    blind to every phase, and to when in the signal a frequency sounds.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(16384)
    >>> long_term_spectrum_distance(-x, x, sample_rate=8000)
    0.0
    """
    p, t = _pair(prediction, target, silent_target_ok=False)
    n = min(n_fft, t.shape[-1])
    f, sp = scipy.signal.welch(p, fs=sample_rate, nperseg=n)
    _, st = scipy.signal.welch(t, fs=sample_rate, nperseg=n)
    if band is not None:
        keep = _band_bins(f, band, sample_rate)
        sp, st = sp[..., keep], st[..., keep]
    floor = st.max() * 10 ** (floor_db / 10)
    diff = 10 * np.log10(np.maximum(st, floor)) - 10 * np.log10(np.maximum(sp, floor))
    return float(np.sqrt(np.mean(diff ** 2)))


def mr_stft_distance(prediction: np.ndarray, target: np.ndarray, *,
                     fft_sizes: Sequence[int] = (512, 1024, 2048),
                     eps: float = 1e-7) -> float:
    """Multi-resolution STFT distance: for each FFT size (hop a quarter of it), spectral
    convergence ``||S_t - S_p||_F / ||S_t||_F`` plus the mean absolute difference of log
    magnitudes, averaged over the sizes (as in auraloss and Parallel WaveGAN)."""
    p, t = _pair(prediction, target, silent_target_ok=False)
    if len(fft_sizes) == 0:
        raise ParameterError("fft_sizes is empty: give at least one FFT size")
    total = 0.0
    for n_fft in fft_sizes:
        _check_stft_length(t.shape[-1], n_fft)
        sp, st = _magnitudes(p, n_fft, n_fft // 4), _magnitudes(t, n_fft, n_fft // 4)
        convergence = np.linalg.norm(st - sp) / max(np.linalg.norm(st), eps)
        log_mag = np.mean(np.abs(np.log(st + eps) - np.log(sp + eps)))
        total += convergence + log_mag
    return float(total / len(fft_sizes))


def all_metrics(prediction: np.ndarray, target: np.ndarray) -> dict[str, float]:
    """Every measure at once, as a dict (for tables comparing models)."""
    row = table_row(prediction, target)
    row.update(esr=esr(prediction, target),
               esr_pre_emphasis=esr(prediction, target, pre_emphasis_coefficient=0.85),
               dc_error=dc_error(prediction, target),
               accuracy_12bit=accuracy_12bit(prediction, target),
               lsd_db=log_spectral_distance(prediction, target),
               mr_stft=mr_stft_distance(prediction, target))
    return row


# ViSQOL v3's audio mode works at 48 kHz; it needs at least 46,080 samples there (45 frames
# of its spectrogram patch), so shorter clips are refused before it is called.
VISQOL_SAMPLE_RATE = 48000
VISQOL_MIN_SAMPLES = 46080
VISQOL_MIN_SECONDS = VISQOL_MIN_SAMPLES / VISQOL_SAMPLE_RATE
# Its score for an estimate identical to the reference: the top of its scale.
VISQOL_IDENTICAL = 4.7321

_visqol = None


def visqol_started() -> bool:
    """Whether this process has started its ViSQOL yet (the first :func:`mos_lqo` call starts
    it, compiling or loading its kernels; later calls reuse it)."""
    return _visqol is not None


def _visqol_api() -> Any:
    """One ViSQOL (audio mode) per process: its numba kernels compile (or load from numba's
    cache) on the first call only."""
    global _visqol
    if _visqol is None:
        try:
            from visqol.api import VisqolApi  # heavy: ViSQOL
        except ImportError as error:
            raise ImportError("mos_lqo needs ViSQOL: pip install 'visqol-python[accel]' (it "
                              "is in dsp_paper's dependencies)") from error
        api = VisqolApi()
        api.create(mode="audio")
        _visqol = api
    return _visqol


def visqol_can_judge(n_samples: int, *, sample_rate: int) -> bool:
    """Whether ``n_samples`` at ``sample_rate`` (Hz) are long enough for :func:`mos_lqo`."""
    return n_samples * VISQOL_SAMPLE_RATE >= VISQOL_MIN_SAMPLES * sample_rate


def mos_lqo(prediction: np.ndarray, target: np.ndarray, *,
            sample_rate: int) -> float | np.ndarray:
    """ViSQOL v3's MOS-LQO (audio mode) of ``prediction`` judged against ``target``: an
    objective estimate of perceived quality, about 1 (bad) to 4.73 (identical).

    Both are resampled to 48 kHz (:data:`VISQOL_SAMPLE_RATE`), the rate ViSQOL's audio mode
    was fitted at, by polyphase filtering (:func:`~dsp_paper.audio_io.resample`). ViSQOL
    aligns the two globally and scales the estimate to the reference's level before it
    compares their spectrograms, so a delay, a polarity flip and a change of level do not
    move it. It is a model fitted to listeners' scores of codec-like degradations of speech
    and music, not of effect emulations, and not a listening test.

    Parameters
    ----------
    prediction, target : np.ndarray, shape (n,) or (channels, n)
        Float audio at ``sample_rate``, of one shape, at least :data:`VISQOL_MIN_SECONDS`
        long; ``target`` is the reference.
    sample_rate : int
        Hz.

    Returns
    -------
    float or np.ndarray, shape (channels,)
        MOS-LQO of a mono pair; one per channel of a multichannel pair.

    Raises
    ------
    ParameterError
        If either is empty, holds NaN or inf, is silent, or is shorter than ViSQOL can
        judge, or if their shapes differ.

    Examples
    --------
    >>> import numpy as np
    >>> target = np.random.default_rng(0).standard_normal(48000).astype(np.float32) * 0.1
    >>> round(mos_lqo(target, target, sample_rate=48000), 2)  # doctest: +SKIP
    4.73
    """

    # ViSQOL scales the estimate to the reference's level: a silent one has no level.
    prediction = check_audio(prediction, name="prediction", allow_silent=False)
    target = check_audio(target, name="target", allow_silent=False)
    check_same_length(prediction, target, names=("prediction", "target"))
    sample_rate = check_sample_rate(sample_rate)
    seconds = target.shape[-1] / sample_rate
    if not visqol_can_judge(target.shape[-1], sample_rate=sample_rate):
        raise ParameterError(f"ViSQOL needs at least {VISQOL_MIN_SECONDS:g} s of audio; got "
                             f"{seconds:.3g} s ({target.shape[-1]} samples at {sample_rate} Hz)")
    for name, audio in (("prediction", prediction), ("target", target)):
        silent = ~np.any(audio.reshape(-1, audio.shape[-1]), axis=-1)
        if silent.any():
            raise ParameterError(f"channel {int(np.argmax(silent))} of {name} is silent: "
                                 "ViSQOL cannot judge silence")
    p = resample(prediction, orig_sr=sample_rate, target_sr=VISQOL_SAMPLE_RATE)
    t = resample(target, orig_sr=sample_rate, target_sr=VISQOL_SAMPLE_RATE)
    flat_p = np.asarray(p, np.float64).reshape(-1, p.shape[-1])
    flat_t = np.asarray(t, np.float64).reshape(-1, t.shape[-1])
    api = _visqol_api()
    scores = np.array([api.measure_from_arrays(t_, p_, VISQOL_SAMPLE_RATE).moslqo
                       for p_, t_ in zip(flat_p, flat_t)])
    if prediction.ndim == 1:
        return float(scores[0])
    return scores.reshape(prediction.shape[:-1])


def mos_lqo_or_nan(prediction: np.ndarray, target: np.ndarray, *,
                   sample_rate: int) -> float:
    """:func:`mos_lqo` averaged over channels, or NaN where ViSQOL has nothing to judge: the
    clips are shorter than :data:`VISQOL_MIN_SECONDS`, or either is silent in a channel
    (ViSQOL scales the estimate to the reference's level). Tables show NaN as a dash; every
    other bad input raises as :func:`mos_lqo` does.

    Examples
    --------
    >>> import numpy as np
    >>> mos_lqo_or_nan(np.zeros(48000), np.ones(48000), sample_rate=48000)
    nan
    """
    prediction = check_audio(prediction, name="prediction")
    target = check_audio(target, name="target")
    check_same_length(prediction, target, names=("prediction", "target"))
    silent = lambda audio: not np.all(np.any(audio.reshape(-1, audio.shape[-1]), axis=-1))
    if (silent(prediction) or silent(target)
            or not visqol_can_judge(target.shape[-1], sample_rate=sample_rate)):
        return float("nan")
    return float(np.mean(mos_lqo(prediction, target, sample_rate=sample_rate)))


def spectral_slope(audio: np.ndarray, sample_rate: int, *, f_low: float, f_high: float,
                   n_fft: int = 8192) -> float:
    """Least-squares slope of the Welch power spectrum in dB per octave between two
    frequencies: 0 for white noise, -3 for pink, -6 for brown."""
    audio = check_audio(audio)
    if not 0 < f_low < f_high <= sample_rate / 2:
        raise ParameterError(f"need 0 < f_low < f_high <= Nyquist, got {f_low}, {f_high}")
    f, p = scipy.signal.welch(np.asarray(audio, np.float64), fs=sample_rate,
                              nperseg=min(n_fft, audio.shape[-1]))
    keep = (f >= f_low) & (f <= f_high)
    if keep.sum() < 3:
        raise ParameterError(f"too few frequency bins between {f_low} and {f_high} Hz")
    return float(np.polyfit(np.log2(f[keep]), 10 * np.log10(p[keep]), 1)[0])


def spectral_flatness(audio: np.ndarray, *, n_fft: int = 2048, hop: int = 512) -> float:
    """Mean over frames of the geometric over the arithmetic mean of the power spectrum:
    near 1 for white noise, near 0 for tonal audio (librosa's definition, power 2)."""
    audio = check_audio(audio, allow_silent=False)
    x = np.asarray(audio, np.float64).reshape(-1)
    _check_stft_length(x.size, n_fft)
    power = np.maximum(_magnitudes(x, n_fft, hop) ** 2, 1e-10)
    return float(np.mean(np.exp(np.mean(np.log(power), axis=0)) / np.mean(power, axis=0)))


def band_level_db(audio: np.ndarray, sample_rate: int, *, f_low: float, f_high: float,
                  n_fft: int = 8192) -> float:
    """Power in a frequency band, in dB (Welch estimate summed over the band's bins).

    The difference of two signals' band levels says how much louder one is in that band:
    e.g. how much of a high-pass's stop band a model lets through.
    """
    audio = check_audio(audio)
    if not 0 <= f_low < f_high <= sample_rate / 2:
        raise ParameterError(f"need 0 <= f_low < f_high <= Nyquist, got {f_low}, {f_high}")
    f, p = scipy.signal.welch(np.asarray(audio, np.float64), fs=sample_rate,
                              nperseg=min(n_fft, audio.shape[-1]))
    keep = (f >= f_low) & (f <= f_high)
    if not keep.any():
        raise ParameterError(f"no frequency bin between {f_low} and {f_high} Hz")
    return float(10 * np.log10(max(np.sum(p[..., keep]) * (f[1] - f[0]), 1e-30)))


def validation_power(data: Sequence[np.ndarray]) -> float:
    """Mean power of the validation targets of ``(x, y, val_x, val_y)``: divides a
    validation MSE into a validation ESR."""
    return float(np.mean(np.asarray(data[3], np.float64) ** 2))


def band_lsd(output: np.ndarray, target: np.ndarray, *, sample_rate: int,
             band: tuple[float, float], floor_db: float) -> float:
    """The band-limited log-spectral distance of the claims (dB)."""

    return log_spectral_distance(output, target, sample_rate=sample_rate, band=band,
                                 floor_db=floor_db)


def frame_rms(audio: np.ndarray, *, frame: int) -> np.ndarray:
    """RMS of each ``frame``-sample chunk: energy over time (the "tail" after a sound)."""
    audio = np.asarray(audio, np.float64)
    chunks = audio[:audio.size // frame * frame].reshape(-1, frame)
    return np.sqrt(np.mean(chunks ** 2, axis=1))


def onset_alignment(generated: np.ndarray, original: np.ndarray, *, sample_rate: int,
                    tolerance: float = 0.05) -> dict[str, float]:
    """How well the onsets of ``generated`` line up with those of ``original``.

    Returns
    -------
    dict
        ``correlation``: Pearson correlation of librosa's onset-strength envelopes over the
        common length; ``f_measure``, ``precision``, ``recall``: onsets detected by librosa,
        matched one to one within ``tolerance`` seconds (as MIREX scores onsets).
    """
    import librosa  # heavy: librosa

    n = min(np.asarray(generated).shape[-1], np.asarray(original).shape[-1])
    g = check_audio(generated)[:n].astype(np.float32)
    o = check_audio(original, allow_silent=False)[:n].astype(np.float32)
    env_g = librosa.onset.onset_strength(y=g, sr=sample_rate)
    env_o = librosa.onset.onset_strength(y=o, sr=sample_rate)
    correlation = float(np.corrcoef(env_g, env_o)[0, 1]) if env_g.std() > 0 else 0.0
    est = librosa.onset.onset_detect(y=g, sr=sample_rate, units="time")
    ref = librosa.onset.onset_detect(y=o, sr=sample_rate, units="time")
    used, hits = set(), 0
    for r in ref:
        candidates = [i for i, e in enumerate(est) if i not in used and abs(e - r) <= tolerance]
        if candidates:
            used.add(min(candidates, key=lambda i: abs(est[i] - r)))
            hits += 1
    precision = hits / len(est) if len(est) else 0.0
    recall = hits / len(ref) if len(ref) else 0.0
    f = 2 * precision * recall / (precision + recall) if hits else 0.0
    return dict(correlation=correlation, f_measure=f, precision=precision, recall=recall,
                onsets_generated=len(est), onsets_original=len(ref))


def high_frequency_share(audio: np.ndarray, *, sample_rate: int,
                         above_hz: float = 2000.0) -> float:
    """Share of the signal's power above ``above_hz`` (Welch): how much "high-frequency
    noise" a generated kick carries next to the real one."""

    audio = check_audio(audio, allow_silent=False)
    nyquist = sample_rate / 2
    high = band_level_db(audio, sample_rate, f_low=above_hz, f_high=nyquist, n_fft=4096)
    total = band_level_db(audio, sample_rate, f_low=0.0, f_high=nyquist, n_fft=4096)
    return float(10 ** ((high - total) / 10))


def onsets_after(audio: np.ndarray, *, start: int, sample_rate: int) -> int:
    """How many onsets librosa detects in ``audio`` from sample ``start`` on: whether
    something comes back after a sound has ended."""
    import librosa  # heavy: librosa

    audio = check_audio(audio)
    if not 0 <= start < audio.shape[-1]:
        raise ParameterError(f"start {start} lies outside {audio.shape[-1]} samples")
    times = librosa.onset.onset_detect(y=np.asarray(audio, np.float32), sr=sample_rate,
                                       units="time")
    return int(np.sum(times >= start / sample_rate))
