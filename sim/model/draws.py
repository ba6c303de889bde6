"""Named random streams, or their expected values in deterministic mode.

Each stream is keyed by (seed, replication, program, name) through
``numpy.random.SeedSequence``, so two scenarios run with the same seed and
replication draw the same numbers for the same purpose (common random numbers),
and adding a draw in one place never shifts another.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike


def _key(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


class Draws:
    def __init__(self, seed: int, replication: int, program_id: str, deterministic: bool = False):
        self.seed = seed
        self.replication = replication
        self.program_key = _key(program_id)
        self.deterministic = deterministic
        self._streams: dict[str, np.random.Generator] = {}

    def stream(self, name: str) -> np.random.Generator:
        rng = self._streams.get(name)
        if rng is None:
            seq = np.random.SeedSequence(self.seed, spawn_key=(self.replication, self.program_key, _key(name)))
            rng = self._streams[name] = np.random.default_rng(seq)
        return rng

    def count(self, x: ArrayLike) -> np.ndarray:
        """Counts are whole in a stochastic run and exact expectations in a deterministic one."""
        x = np.asarray(x, dtype=float)
        return x if self.deterministic else np.floor(x + 0.5)

    def binomial(self, name: str, n: ArrayLike, p: float) -> np.ndarray:
        trials = np.asarray(n, dtype=float)
        if self.deterministic:
            return trials * p
        return np.asarray(self.stream(name).binomial(trials.astype(np.int64), p), dtype=float)

    def multinomial(self, name: str, n: ArrayLike, pvals: ArrayLike) -> np.ndarray:
        """Split count(s) ``n`` over ``pvals`` (last axis); ``n`` may be an array of totals."""
        pvals = np.asarray(pvals, dtype=float)
        n = np.asarray(n, dtype=float)
        if self.deterministic:
            return n[..., None] * pvals if n.ndim else n * pvals
        return self.stream(name).multinomial(n.astype(np.int64), pvals).astype(float)

    def bernoulli(self, name: str, p: float, size: int) -> np.ndarray:
        if self.deterministic:
            return np.full(size, float(p))
        return (self.stream(name).random(size) < p).astype(float)

    def offsets(self, name: str, slack: int, size: int, groups: Sequence[str] | None = None) -> np.ndarray:
        """Start-day offsets in [0, slack]: uniform, or when deterministic evenly spread within each of
        ``groups`` (one label per offset), so no group's classes bunch on a few days."""
        if size == 0:
            return np.zeros(0, dtype=np.int64)
        if self.deterministic:
            labels = np.asarray(groups if groups is not None else [""] * size)
            out = np.zeros(size, dtype=np.int64)
            for g in dict.fromkeys(labels.tolist()):
                at = np.flatnonzero(labels == g)
                out[at] = np.floor(slack * (np.arange(len(at)) + 0.5) / len(at))
            return out
        return self.stream(name).integers(0, slack + 1, size)

    def delays(self, name: str, mean: float, size: int) -> np.ndarray:
        """Whole-day delays with the given mean, spread uniformly over [mean/2, 3*mean/2]."""
        if self.deterministic or mean <= 0:
            return np.full(size, int(round(mean)), dtype=np.int64)
        return np.rint(self.stream(name).uniform(0.5 * mean, 1.5 * mean, size)).astype(np.int64)

    def popularity(self, name: str, size: int, sigma: float) -> np.ndarray:
        """Relative popularity of ``size`` courses: lognormal, or its quantile grid when deterministic."""
        if size == 0 or sigma <= 0:
            return np.ones(size)
        if self.deterministic:
            z = np.array([NormalDist(0.0, sigma).inv_cdf((i + 0.5) / size) for i in range(size)])
        else:
            z = self.stream(name).normal(0.0, sigma, size)
        return np.exp(z - z.max())  # only ratios matter; shifting keeps exp() finite for any sigma
