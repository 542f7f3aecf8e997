// SPDX-License-Identifier: Apache-2.0
//===- Ranks.h - the processes of a distributed run ------------------------===//
//
// A model built with `bdlc build --mpi` runs as R processes (ranks) under
// mpirun. Rank r owns block r of every population's neurons (neurons
// N*r/R .. N*(r+1)/R - 1) and the synapses onto them. Each rank builds the
// whole network from the counter-based streams, keeps the synapses onto its
// own neurons, updates its own neurons, and after each step's detection the
// ranks exchange their spikes, so that every rank delivers the same lists as
// one process would: the same spikes for any R (docs/distributed.md).
//
// This interface is all the runtime knows of MPI: the MPI library
// (runtime/mpi, libbdlrt_mpi.a) implements it, and a plain build never sees
// it (Simulation keeps a null Ranks and takes none of these paths).

#ifndef BDLRT_RANKS_H
#define BDLRT_RANKS_H

#include "bdlrt/bdlrt.h"

#include <cstdint>
#include <vector>

namespace bdlrt {

class Ranks {
public:
  virtual ~Ranks() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// Every rank's `n` values, rank after rank, into all (n * size() values).
  virtual void allgather(const std::int64_t *mine, int n, std::int64_t *all) const = 0;
  /// Every rank's bytes[r] bytes, rank after rank, into all.
  virtual void allgatherBytes(const void *mine, const std::vector<std::int64_t> &bytes, void *all) const = 0;
  /// In place, element by element: the sum of the lower ranks' values (0 on
  /// rank 0), and the sum of every rank's.
  virtual void exscanSum(std::int64_t *values, std::int64_t n) const = 0;
  virtual void allreduceSum(std::int64_t *values, std::int64_t n) const = 0;
  /// Ends every rank of the job with `status` (after a failure on this one,
  /// which the others may be waiting for).
  [[noreturn]] virtual void abort(int status) const = 0;

  /// Block r of n entities: [first(n, r), first(n, r + 1)).
  std::int64_t first(std::int64_t n, int r) const { return n * r / size(); }
};

/// bdlrt_main on the ranks of a distributed run (runtime/mpi), and in one
/// process (EntryPoint.cpp); both in Main.cpp.
int mainWithRanks(const bdlrt_model *model, const Ranks &ranks, int argc, char **argv);
int mainAlone(const bdlrt_model *model, int argc, char **argv);

} // namespace bdlrt

#endif // BDLRT_RANKS_H
