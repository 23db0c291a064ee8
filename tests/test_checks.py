import numpy as np
import pytest

from dsp_paper import ParameterError
from dsp_paper.checks import check_mono


def test_check_mono():
    x = np.zeros(10, np.float32)
    assert check_mono(x) is not None and check_mono(x).shape == (10,)
    with pytest.raises(ParameterError, match="block must be mono"):
        check_mono(np.zeros((2, 10), np.float32), name="block")
    with pytest.raises(ParameterError, match="silent"):
        check_mono(x, allow_silent=False)
    with pytest.raises(ParameterError, match="integer"):
        check_mono(np.zeros(10, np.int16))
