"""Item analysis agrees with independent per-item computations, pingouin and scipy; degenerate items give NaN."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest
from scipy import stats

from stats.psychometrics import ItemAnalysis, item_analysis

TOLERANCE = 1e-9


def _latent_trait_marks(seed: int, n_attempts: int, max_marks: np.ndarray) -> np.ndarray:
    """Marks driven by one ability, so items correlate the way real exam items do."""
    rng = np.random.default_rng(seed)
    ability = rng.normal(size=(n_attempts, 1))
    difficulty = rng.normal(size=max_marks.size)
    p = 1.0 / (1.0 + np.exp(-1.5 * (ability - difficulty)))
    return rng.binomial(max_marks.astype(np.int64), p).astype(np.float64)


def _binary() -> tuple[np.ndarray, np.ndarray]:
    max_marks = np.ones(20)
    return _latent_trait_marks(11, 300, max_marks), max_marks


def _partial_credit() -> tuple[np.ndarray, np.ndarray]:
    max_marks = np.array([1, 2, 3, 4, 5, 2, 3, 1, 4, 6, 2, 3], dtype=np.float64)
    return _latent_trait_marks(12, 300, max_marks), max_marks


def _tenths() -> tuple[np.ndarray, np.ndarray]:
    """Marks in tenths of a point; the last item can go below zero (negative marking)."""
    max_marks = np.array([1, 2, 3, 1, 2, 5, 1, 2], dtype=np.float64)
    marks = _latent_trait_marks(13, 250, max_marks * 10) / 10
    marks[:, -1] -= 0.3
    return marks, max_marks


def _thousandths() -> tuple[np.ndarray, np.ndarray]:
    """Marks in thousandths of a point: too fine for any mark grid, so sorted as floats."""
    max_marks = np.array([1, 2, 1, 3, 2, 1], dtype=np.float64)
    return _latent_trait_marks(14, 200, max_marks * 1000) / 1000, max_marks


def _pingouin_alpha(marks: np.ndarray) -> float:
    return float(pingouin.cronbach_alpha(data=pd.DataFrame(marks))[0])


@pytest.fixture(
    params=[_binary, _partial_credit, _tenths, _thousandths],
    ids=["binary", "partial_credit", "tenths", "thousandths"],
)
def exam(request: pytest.FixtureRequest) -> tuple[np.ndarray, np.ndarray, ItemAnalysis]:
    marks, max_marks = request.param()
    return marks, max_marks, item_analysis(marks, max_marks)


def test_facility_and_sd_are_fractions_of_the_max_mark(exam) -> None:  # type: ignore[no-untyped-def]
    marks, max_marks, analysis = exam
    np.testing.assert_allclose(
        analysis.items["facility"], marks.mean(axis=0) / max_marks, rtol=0, atol=TOLERANCE
    )
    np.testing.assert_allclose(
        analysis.items["sd"], marks.std(axis=0, ddof=1) / max_marks, rtol=0, atol=TOLERANCE
    )


def test_discrimination_is_the_correlation_with_the_rest_of_the_test(exam) -> None:  # type: ignore[no-untyped-def]
    marks, _, analysis = exam
    total = marks.sum(axis=1)
    expected = [np.corrcoef(marks[:, i], total - marks[:, i])[0, 1] for i in range(marks.shape[1])]
    np.testing.assert_allclose(analysis.items["discrimination"], expected, rtol=0, atol=TOLERANCE)


def test_discriminative_efficiency_compares_with_the_best_possible_pairing(exam) -> None:  # type: ignore[no-untyped-def]
    marks, _, analysis = exam
    total = marks.sum(axis=1)
    expected = []
    for i in range(marks.shape[1]):
        item, rest = marks[:, i], total - marks[:, i]
        expected.append(np.cov(item, rest)[0, 1] / np.cov(np.sort(item), np.sort(rest))[0, 1])
    np.testing.assert_allclose(analysis.items["discriminative_efficiency"], expected, rtol=0, atol=TOLERANCE)


def test_effective_weights_share_out_the_root_covariances_with_the_total(exam) -> None:  # type: ignore[no-untyped-def]
    marks, _, analysis = exam
    total = marks.sum(axis=1)
    roots = np.array([np.sqrt(np.cov(marks[:, i], total)[0, 1]) for i in range(marks.shape[1])])
    np.testing.assert_allclose(
        analysis.items["effective_weight"], roots / roots.sum(), rtol=0, atol=TOLERANCE
    )


def test_alpha_if_item_deleted_matches_pingouin_on_the_shorter_test(exam) -> None:  # type: ignore[no-untyped-def]
    marks, _, analysis = exam
    expected = [_pingouin_alpha(np.delete(marks, i, axis=1)) for i in range(marks.shape[1])]
    np.testing.assert_allclose(analysis.items["alpha_if_item_deleted"], expected, rtol=0, atol=TOLERANCE)


def test_whole_test_statistics_match_pingouin_and_scipy(exam) -> None:  # type: ignore[no-untyped-def]
    marks, max_marks, analysis = exam
    total = marks.sum(axis=1)
    sd = total.std(ddof=1) / max_marks.sum()
    alpha = _pingouin_alpha(marks)
    expected = {
        "mean": total.mean() / max_marks.sum(),
        "sd": sd,
        "skewness": stats.skew(total, bias=False),
        "kurtosis": stats.kurtosis(total, bias=False),
        "alpha": alpha,
        "error_ratio": np.sqrt(1 - alpha),
        "standard_error": np.sqrt(1 - alpha) * sd,
    }
    assert analysis.test["n"] == marks.shape[0]
    for name, value in expected.items():
        assert analysis.test[name] == pytest.approx(value, abs=TOLERANCE), name


def test_items_keep_their_input_order() -> None:
    marks, max_marks = _partial_credit()
    reversed_analysis = item_analysis(marks[:, ::-1], max_marks[::-1])
    np.testing.assert_allclose(
        reversed_analysis.items.to_numpy(), item_analysis(marks, max_marks).items.to_numpy()[::-1], atol=1e-12
    )


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("constant_mark", [0.0, 1.0, 0.1])
def test_a_constant_item_gives_nan_not_an_error(constant_mark: float) -> None:
    marks, max_marks = _binary()
    marks[:, 3] = constant_mark
    items = item_analysis(marks, max_marks).items
    assert items.loc[3, "facility"] == pytest.approx(constant_mark)
    assert items.loc[3, "sd"] == 0.0
    assert np.isnan(items.loc[3, "discrimination"])
    assert np.isnan(items.loc[3, "discriminative_efficiency"])
    assert items.loc[3, "effective_weight"] == 0.0
    others = items.drop(index=3)
    assert np.isfinite(others.to_numpy()).all()


@pytest.mark.filterwarnings("error")
def test_an_exam_everyone_scores_the_same_on_gives_nan_not_an_error() -> None:
    analysis = item_analysis(np.tile([1.0, 0.0, 2.0], (50, 1)), np.array([1.0, 1.0, 2.0]))
    assert analysis.test["mean"] == pytest.approx(0.75)
    for name in ["skewness", "kurtosis", "alpha", "error_ratio", "standard_error"]:
        assert np.isnan(analysis.test[name]), name
    for column in [
        "discrimination",
        "discriminative_efficiency",
        "effective_weight",
        "alpha_if_item_deleted",
    ]:
        assert analysis.items[column].isna().all(), column


@pytest.mark.filterwarnings("error")
def test_a_single_attempt_gives_nan_not_an_error() -> None:
    analysis = item_analysis(np.array([[1.0, 0.0]]), np.array([1.0, 1.0]))
    assert analysis.test["n"] == 1
    assert np.isnan(analysis.test["sd"])
    assert analysis.items["facility"].tolist() == [1.0, 0.0]


def test_a_reversed_item_discriminates_negatively() -> None:
    marks, max_marks = _binary()
    marks[:, 5] = 1.0 - marks[:, 5]
    items = item_analysis(marks, max_marks).items
    assert items.loc[5, "discrimination"] < 0
    assert items.loc[5, "discriminative_efficiency"] < 0
    assert (items.drop(index=5)["discrimination"] > 0).all()


def test_effective_weights_are_nan_when_an_item_covaries_negatively_with_the_total() -> None:
    marks, max_marks = _binary()
    marks[:, 5] = 1.0 - marks[:, 5]
    assert np.cov(marks[:, 5], marks.sum(axis=1))[0, 1] < 0
    assert item_analysis(marks, max_marks).items["effective_weight"].isna().all()


def test_marks_and_max_marks_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="one entry per item"):
        item_analysis(np.zeros((5, 3)), np.ones(4))


@pytest.mark.parametrize(
    "data", [_binary, _partial_credit, _tenths], ids=["binary", "partial_credit", "tenths"]
)
def test_counting_and_sorting_give_the_same_statistics(data, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Marks on a grid are counted in histograms; with counting switched off they are sorted instead."""
    import stats.psychometrics as psychometrics

    marks, max_marks = data()
    counted = item_analysis(marks, max_marks).items
    monkeypatch.setattr(psychometrics, "MAX_COUNT_CELLS", 0)
    sorted_ = item_analysis(marks, max_marks).items
    pd.testing.assert_frame_equal(counted, sorted_, rtol=0, atol=TOLERANCE)
