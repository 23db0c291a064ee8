import numpy as np
import pytest

from dsp_paper.cache import cache_key, cached_arrays


def test_key_depends_on_every_parameter():
    assert cache_key("x", {"a": 1, "b": 2}) == cache_key("x", {"b": 2, "a": 1})
    assert cache_key("x", {"a": 1}) != cache_key("x", {"a": 2})
    assert cache_key("x", {"a": 1}).startswith("x-")


def test_builds_once_then_loads(tmp_path):
    calls = []

    def build():
        calls.append(1)
        return {"v": np.arange(5)}

    a, path = cached_arrays("t", {"n": 5}, build, folder=tmp_path)
    b, _ = cached_arrays("t", {"n": 5}, build, folder=tmp_path)
    assert len(calls) == 1 and np.array_equal(a["v"], b["v"])
    assert path.with_suffix(".json").is_file()


@pytest.mark.parametrize("damage", ["garbage", "truncate", "flip"])
def test_damaged_cache_is_rebuilt(tmp_path, damage):
    _, path = cached_arrays("t", {}, lambda: {"v": np.arange(1000.0)}, folder=tmp_path)
    data = path.read_bytes()
    path.write_bytes({"garbage": b"not a zip file", "truncate": data[:len(data) // 2],
                      "flip": data[:200] + bytes([data[200] ^ 0xFF]) + data[201:]}[damage])
    again, _ = cached_arrays("t", {}, lambda: {"v": np.zeros(3)}, folder=tmp_path)
    assert np.array_equal(again["v"], np.zeros(3))


def test_failed_build_leaves_nothing(tmp_path):
    def build():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        cached_arrays("t", {}, build, folder=tmp_path)
    assert not list(tmp_path.glob("*.npz"))
