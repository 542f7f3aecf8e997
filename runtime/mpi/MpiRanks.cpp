// SPDX-License-Identifier: Apache-2.0
//===- MpiRanks.cpp - bdlrt_main on MPI ranks -------------------------------===//
//
// libbdlrt_mpi.a: what `bdlc build --mpi` links before libbdlrt.a. Its
// bdlrt_main starts MPI and runs the experiment with these Ranks; MPI calls
// come from the thread that started MPI only (the step loop's thread 0 is
// that thread), so MPI_THREAD_FUNNELED suffices.
//
// A rank that fails ends the job through MPI_Abort (Ranks::abort), after
// printing its rank and the cause; a rank that dies is noticed by mpirun,
// which ends the others and names it. Nobody waits for a rank that is gone.
#include "Ranks.h"

#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace bdlrt {
namespace {

class MpiRanks final : public Ranks {
public:
  MpiRanks() {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void allgather(const std::int64_t *mine, int n, std::int64_t *all) const override {
    check(MPI_Allgather(mine, n, MPI_INT64_T, all, n, MPI_INT64_T, MPI_COMM_WORLD), "MPI_Allgather");
  }

  void allgatherBytes(const void *mine, const std::vector<std::int64_t> &bytes, void *all) const override {
    // MPI counts are ints: past 2 GiB a part goes in 8-byte units, which
    // every part's size allows when the element size is 8 (state in
    // double); otherwise the exchange is refused rather than cut short.
    std::int64_t total = 0;
    for (std::int64_t b : bytes) total += b;
    counts_.resize(size_);
    displs_.resize(size_);
    std::int64_t at = 0;
    for (int r = 0; r < size_; ++r) {
      if (bytes[r] > 2147483647 || at > 2147483647)
        fail("one exchange of " + std::to_string(total) + " bytes is more than MPI's int counts can describe");
      counts_[r] = static_cast<int>(bytes[r]);
      displs_[r] = static_cast<int>(at);
      at += bytes[r];
    }
    check(MPI_Allgatherv(mine, counts_[rank_], MPI_BYTE, all, counts_.data(), displs_.data(), MPI_BYTE,
                         MPI_COMM_WORLD),
          "MPI_Allgatherv");
  }

  void exscanSum(std::int64_t *values, std::int64_t n) const override {
    std::vector<std::int64_t> in(values, values + n);
    for (std::int64_t at = 0; at < n; at += kChunk) {
      int c = static_cast<int>(std::min<std::int64_t>(kChunk, n - at));
      check(MPI_Exscan(in.data() + at, values + at, c, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD), "MPI_Exscan");
    }
    if (rank_ == 0) std::fill(values, values + n, 0); // MPI leaves rank 0's undefined
  }

  void allreduceSum(std::int64_t *values, std::int64_t n) const override {
    for (std::int64_t at = 0; at < n; at += kChunk) {
      int c = static_cast<int>(std::min<std::int64_t>(kChunk, n - at));
      check(MPI_Allreduce(MPI_IN_PLACE, values + at, c, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
    }
  }

  [[noreturn]] void abort(int status) const override {
    MPI_Abort(MPI_COMM_WORLD, status);
    std::_Exit(status); // MPI_Abort does not return; this keeps [[noreturn]] true
  }

private:
  void check(int rc, const char *what) const {
    if (rc == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, text, &len);
    fail(std::string(what) + " failed: " + std::string(text, static_cast<std::size_t>(len)));
  }
  [[noreturn]] void fail(const std::string &why) const {
    std::fprintf(stderr, "error: rank %d of %d: %s\n", rank_, size_, why.c_str());
    std::fflush(stderr);
    abort(1);
  }

  static constexpr std::int64_t kChunk = 1 << 28; // values per call: MPI counts are ints
  int rank_ = 0, size_ = 1;
  mutable std::vector<int> counts_, displs_;
};

} // namespace
} // namespace bdlrt

extern "C" int bdlrt_main(const bdlrt_model *model, int argc, char **argv) {
  int provided = 0;
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    std::fputs("error: MPI_Init_thread failed\n", stderr);
    return 1;
  }
  int status = 0;
  {
    bdlrt::MpiRanks ranks;
    // Errors on one rank come back here only on one rank: guarded() ends
    // the job itself in that case (Ranks::abort).
    status = bdlrt::mainWithRanks(model, ranks, argc, argv);
  }
  MPI_Finalize();
  return status;
}
