"""Hartigan–Wong k-means (Applied Statistics algorithm AS 136), as R's `kmeans` runs it.

Written from the published algorithm (Hartigan & Wong 1979, Appl. Statist. 28(1),
100–108) in the double-precision form R ships (`stats/src/kmns.f`): an optimal-transfer
stage (one pass over the points, each moved to the cluster that most reduces the
within sum of squares, looking only at clusters of the *live set*) alternates with a
quick-transfer stage (each point only tested against its second-closest cluster) until
a whole optimal-transfer pass moves nothing. The cost of moving point i from L1 to L2
uses the factors `n/(n − 1)` (`an1`) and `n/(n + 1)` (`an2`), so that a point whose
removal would empty its cluster never leaves it.

Each loop, comparison and tie rule is kept: the groups of FactoMineR's HCPC depend on
them. Indices of points are 1-based where the algorithm compares them with step
counters (`live`, `ncp`), as in the Fortran.
"""

from __future__ import annotations

import numpy as np

BIG = 1.0e30
# R passes 50·m as the maximum number of quick-transfer steps (`isteps.Qtran`).
QTRAN_STEPS_PER_POINT = 50


class EmptyClusterError(ValueError):
    """A starting centre attracted no point (R: "empty cluster: try a better set of…")."""


class HartiganWong:
    """k-means by Hartigan–Wong from given centres (R's `kmeans(x, centers, iter.max)`).

    Learned attributes: `labels_` (0-based index of each row's cluster, in the order of
    the given centres), `cluster_centers_`, `inertia_` (total within sum of squares),
    `withinss_`, `counts_`, `n_iter_` (R's `iter`: the number of optimal-transfer passes,
    `max_iter + 1` when it did not converge), `converged_` and `fault_` (AS 136's
    `ifault`: 0 = converged, 2 = not converged after `max_iter` passes, 4 = too many
    quick-transfer steps; in both last cases R warns and keeps the current partition).
    """

    def __init__(self, n_clusters: int, max_iter: int = 10):
        self.n_clusters = n_clusters
        self.max_iter = max_iter

    def fit(self, X, init_centers) -> HartiganWong:
        """Run AS 136 on the rows of `X` from the centres `init_centers` (k × p)."""
        data = np.asarray(X, dtype=float)
        centres = np.array(init_centers, dtype=float)
        m, n = data.shape
        k = self.n_clusters
        if centres.shape != (k, n):
            raise ValueError(
                f"Les centres initiaux doivent former un tableau {k} × {n}, pas {centres.shape}."
            )
        if k <= 1 or k >= m:
            raise ValueError(
                "Le nombre de groupes doit être compris entre 2 et le nombre de lignes − 1."
            )
        if self.max_iter < 1:
            raise ValueError("Le nombre maximal d'itérations doit être positif.")
        if len({tuple(row) for row in centres.tolist()}) < k:
            raise ValueError("Les centres initiaux ne sont pas distincts.")
        state = _State(data.tolist(), centres.tolist(), m, n, k)
        state.run(self.max_iter, QTRAN_STEPS_PER_POINT * m)
        self.labels_ = np.array(state.ic1, dtype=int)
        self.counts_ = np.bincount(self.labels_, minlength=k)
        self.cluster_centers_ = np.vstack(
            [data[self.labels_ == cluster].mean(axis=0) for cluster in range(k)]
        )
        residuals = data - self.cluster_centers_[self.labels_]
        self.withinss_ = np.bincount(self.labels_, weights=(residuals**2).sum(axis=1), minlength=k)
        self.inertia_ = float(self.withinss_.sum())
        self.fault_ = state.fault
        self.converged_ = state.fault == 0
        self.n_iter_ = state.iterations if state.fault != 2 else self.max_iter + 1
        return self


class _State:
    """The working arrays of AS 136 (names of the Fortran, 0-based clusters)."""

    def __init__(self, a: list[list[float]], c: list[list[float]], m: int, n: int, k: int):
        self.a, self.c, self.m, self.n, self.k = a, c, m, n, k
        self.ic1 = [0] * m  # the cluster of each point
        self.ic2 = [0] * m  # the cluster it would most likely move to
        self.nc = [0] * k
        self.an1 = [0.0] * k
        self.an2 = [0.0] * k
        self.ncp = [0] * k
        self.d = [0.0] * m
        self.itran = [0] * k
        self.live = [0] * k
        self.indx = 0
        self.fault = 0
        self.iterations = 0

    def sq_dist(self, i: int, cluster: int) -> float:
        point, centre = self.a[i], self.c[cluster]
        total = 0.0
        for j in range(self.n):
            diff = point[j] - centre[j]
            total += diff * diff
        return total

    def run(self, max_iter: int, max_qtran_steps: int) -> None:
        """The main routine KMNS."""
        self.assign_two_closest()
        if not self.update_centres():
            raise EmptyClusterError("Un groupe est vide : essayez d'autres centres initiaux.")
        for iteration in range(1, max_iter + 1):
            self.iterations = iteration
            self.optimal_transfer()
            # Stop when no transfer took place in the last m optimal-transfer steps.
            if self.indx == self.m:
                return
            if not self.quick_transfer(max_qtran_steps):
                self.fault = 4
                return
            # With two clusters the optimal-transfer stage has nothing more to offer.
            if self.k == 2:
                return
            self.ncp = [0] * self.k
        self.fault = 2

    def assign_two_closest(self) -> None:
        """For each point, find its two closest centres IC1 and IC2 (ties keep the lower)."""
        a, c, n = self.a, self.c, self.n
        for i in range(self.m):
            point = a[i]
            dt = [self.sq_dist(i, 0), self.sq_dist(i, 1)]
            first, second = 0, 1
            if dt[0] > dt[1]:
                first, second = 1, 0
                dt = [dt[1], dt[0]]
            for cluster in range(2, self.k):
                centre = c[cluster]
                db = 0.0
                for j in range(n):
                    diff = point[j] - centre[j]
                    db += diff * diff
                    if db >= dt[1]:
                        break
                else:
                    if db >= dt[0]:
                        dt[1] = db
                        second = cluster
                    else:
                        dt[1] = dt[0]
                        second = first
                        dt[0] = db
                        first = cluster
            self.ic1[i], self.ic2[i] = first, second

    def update_centres(self) -> bool:
        """Set each centre to its points' mean and initialise AN1, AN2, ITRAN and NCP.

        Returns False when a cluster is empty.
        """
        k, n = self.k, self.n
        sums = [[0.0] * n for _ in range(k)]
        counts = [0] * k
        for i in range(self.m):
            cluster = self.ic1[i]
            counts[cluster] += 1
            row = sums[cluster]
            point = self.a[i]
            for j in range(n):
                row[j] += point[j]
        for cluster in range(k):
            if counts[cluster] == 0:
                return False
            size = float(counts[cluster])
            self.c[cluster] = [value / size for value in sums[cluster]]
            self.nc[cluster] = counts[cluster]
            self.an2[cluster] = size / (size + 1.0)
            self.an1[cluster] = size / (size - 1.0) if size > 1.0 else BIG
            self.itran[cluster] = 1
            self.ncp[cluster] = -1
        return True

    def move(self, i: int, l1: int, l2: int) -> None:
        """Move point i from cluster l1 to l2, updating centres, sizes, AN1 and AN2."""
        point = self.a[i]
        al1 = float(self.nc[l1])
        alw = al1 - 1.0
        al2 = float(self.nc[l2])
        alt = al2 + 1.0
        c1, c2 = self.c[l1], self.c[l2]
        for j in range(self.n):
            c1[j] = (c1[j] * al1 - point[j]) / alw
            c2[j] = (c2[j] * al2 + point[j]) / alt
        self.nc[l1] -= 1
        self.nc[l2] += 1
        self.an2[l1] = alw / al1
        self.an1[l1] = alw / (alw - 1.0) if alw > 1.0 else BIG
        self.an1[l2] = alt / al2
        self.an2[l2] = alt / (alt + 1.0)
        self.ic1[i] = l2
        self.ic2[i] = l1

    def optimal_transfer(self) -> None:
        """OPTRA: one pass moving each point to the cluster of largest reduction."""
        m, k, n = self.m, self.k, self.n
        live, ncp, an1, an2, d = self.live, self.ncp, self.an1, self.an2, self.d
        # A cluster updated in the last quick-transfer stage stays live throughout.
        for cluster in range(k):
            if self.itran[cluster] == 1:
                live[cluster] = m + 1
        for i in range(m):
            step = i + 1  # the Fortran's 1-based I
            self.indx += 1
            l1 = self.ic1[i]
            # A point alone in its cluster is never transferred.
            if self.nc[l1] != 1:
                if ncp[l1] != 0:
                    d[i] = self.sq_dist(i, l1) * an1[l1]
                point = self.a[i]
                l2 = ll = self.ic2[i]
                r2 = self.sq_dist(i, l2) * an2[l2]
                for cluster in range(k):
                    if (step >= live[l1] and step >= live[cluster]) or cluster in (l1, ll):
                        continue
                    rr = r2 / an2[cluster]
                    centre = self.c[cluster]
                    dc = 0.0
                    for j in range(n):
                        diff = point[j] - centre[j]
                        dc += diff * diff
                        if dc >= rr:
                            break
                    else:
                        r2 = dc * an2[cluster]
                        l2 = cluster
                if r2 >= d[i]:
                    # No transfer: l2 becomes the point's second choice.
                    self.ic2[i] = l2
                else:
                    self.indx = 0
                    live[l1] = m + step
                    live[l2] = m + step
                    ncp[l1] = step
                    ncp[l2] = step
                    self.move(i, l1, l2)
            if self.indx == m:
                return
        for cluster in range(k):
            self.itran[cluster] = 0
            live[cluster] -= m

    def quick_transfer(self, max_steps: int) -> bool:
        """QTRAN: swap points between their two closest clusters until nothing moves.

        Returns False when R's limit of quick-transfer steps is reached.
        """
        m, n = self.m, self.n
        ncp, an1, an2, d = self.ncp, self.an1, self.an2, self.d
        icoun = 0
        istep = 0
        while True:
            for i in range(m):
                icoun += 1
                istep += 1
                if istep >= max_steps:
                    return False
                l1 = self.ic1[i]
                l2 = self.ic2[i]
                if self.nc[l1] != 1:
                    # Recompute the distance to l1 only if l1 changed within the last m steps.
                    if istep <= ncp[l1]:
                        d[i] = self.sq_dist(i, l1) * an1[l1]
                    if istep < ncp[l1] or istep < ncp[l2]:
                        r2 = d[i] / an2[l2]
                        point = self.a[i]
                        centre = self.c[l2]
                        dd = 0.0
                        for j in range(n):
                            diff = point[j] - centre[j]
                            dd += diff * diff
                            if dd >= r2:
                                break
                        else:
                            icoun = 0
                            self.indx = 0
                            self.itran[l1] = 1
                            self.itran[l2] = 1
                            ncp[l1] = istep + m
                            ncp[l2] = istep + m
                            self.move(i, l1, l2)
                if icoun == m:
                    return True
