// SPDX-License-Identifier: Apache-2.0
//===- MemoryPlan.h - what a run will allocate, before it does ------------===//
//
// Simulation::setup adds up what each part needs (neuron states, spike
// buffers, each projection's synapses, recordings) before allocating it, so
// that a model too large for the machine is refused in a second with the
// part to shrink, not after minutes of set-up by the kernel's OOM killer.
// `--plan` prints the table and exits; `--max-memory` sets the limit, which
// is otherwise the memory the system reports available.

#ifndef BDLRT_MEMORYPLAN_H
#define BDLRT_MEMORYPLAN_H

#include <string>
#include <vector>

namespace bdlrt {

struct MemoryPart {
  std::string name;   ///< "synapses of E->E"
  std::string detail; ///< "32,000,000 sparse synapses, 1 variable"
  double bytes = 0;
  std::string shrink; ///< what would make it smaller, or ""
};

class MemoryPlan {
public:
  void add(MemoryPart part) { parts_.push_back(std::move(part)); }
  double total() const;
  const std::vector<MemoryPart> &parts() const { return parts_; }
  /// The table `--plan` prints, largest part first, with the total.
  std::string table() const;
  /// Throws Error when total() exceeds `limit` bytes (0: no limit), naming
  /// the largest part and what would shrink it; `limitWhat` says where the
  /// limit comes from.
  void check(double limit, const std::string &limitWhat) const;

private:
  std::vector<MemoryPart> parts_;
};

/// "8GB", "512 MiB", "1.5GiB", "2e9" (bytes) to bytes; throws Error.
double parseBytes(const std::string &text);
/// 1536 -> "1.5 KiB"; 3.2e9 -> "3.0 GiB".
std::string formatBytes(double bytes);
/// MemAvailable of /proc/meminfo in bytes, or 0 when unknown.
double availableMemory();

} // namespace bdlrt

#endif // BDLRT_MEMORYPLAN_H
