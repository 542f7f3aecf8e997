// SPDX-License-Identifier: Apache-2.0
//===- BuildMpi.cpp - what `bdlc build --mpi` checks ------------------------===//
//
// On R ranks, rank r updates block r of every population and keeps the
// synapses onto it; after each step's detection the ranks exchange spike
// lists, and where a step reads every neuron (samples, population sums) the
// neuron state (runtime/src/Ranks.h). What needs more than that is refused
// here, before anything runs, with the construct named:
//   * continuous synapses read presynaptic neurons at every step;
//   * synapse events that read or write a presynaptic neuron's variables
//     (`pre.x`) would see another rank's neuron as it was at the last
//     exchange of state;
// plus what GPU targets refuse too (checkTargetLimits: named events,
// values at spikes). Synapse events draw no random numbers (E0412), so a
// rank's own numbering of its synapses changes no draw: initial values are
// drawn before a rank keeps its part (runtime/src/Ranks.cpp).
#include "driver/Commands.h"

#include "ir/kernel/Kernel.h"

namespace bdl::driver {

bool checkMpiSupport(diag::DiagnosticEngine &diags, const ir::KernelModule &km) {
  const ir::Module &m = km.model;
  struct Refusal {
    support::SourceRange range;
    std::string what, help;
  };
  std::vector<Refusal> refused;
  for (const ir::Projection &pr : m.projections) {
    const std::string &name = m.groups[pr.group].name;
    if (pr.clockDriven()) {
      refused.push_back({pr.range, "'" + name + "', whose continuous synapses read every presynaptic neuron at every step,",
                         "build it without --mpi"});
      continue;
    }
    bool readsPre = false;
    for (const ir::Kernel &k : km.kernels) {
      if (k.group != pr.group) continue;
      if (k.kind != ir::KernelKind::OnPre && k.kind != ir::KernelKind::OnPreSynapses && k.kind != ir::KernelKind::OnPost)
        continue;
      readsPre |= ir::readsPre(m, k);
    }
    if (readsPre)
      refused.push_back({pr.range, "'" + name + "', whose synapses read presynaptic neurons' variables ('pre.'),",
                         "keep the value in the synapse, or build it without --mpi"});
  }
  for (const Refusal &r : refused) diags.report(diag::DiagId::E0908, r.range, {r.what}).help(r.help);
  return checkTargetLimits(diags, km, "MPI") && refused.empty();
}

} // namespace bdl::driver
