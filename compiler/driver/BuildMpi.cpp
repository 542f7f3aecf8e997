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
//   * random draws in synapse events are numbered by synapse, and a rank
//     numbers its synapses among its own;
// plus what GPU targets refuse too (checkTargetLimits: named events,
// values at spikes).
#include "driver/Commands.h"

#include "ir/kernel/Kernel.h"

namespace bdl::driver {

namespace {

bool draws(const ir::Block &b) {
  auto random = [](const ir::Expr &x) { return x.op == ir::Op::Random; };
  for (const ir::Stmt &s : b) {
    if (s.value && ir::dependsOnAny(s.value, random)) return true;
    for (const ir::ExprRef &a : s.args)
      if (a && ir::dependsOnAny(a, random)) return true;
    if (draws(s.thenBlock) || draws(s.elseBlock)) return true;
  }
  return false;
}

} // namespace

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
      refused.push_back({pr.range, "the continuous synapses of '" + name + "' (they read every presynaptic neuron at every step)",
                         "build it without --mpi"});
      continue;
    }
    bool readsPre = false, drawsAtEvents = false;
    for (const ir::Kernel &k : km.kernels) {
      if (k.group != pr.group) continue;
      if (k.kind != ir::KernelKind::OnPre && k.kind != ir::KernelKind::OnPreSynapses && k.kind != ir::KernelKind::OnPost)
        continue;
      readsPre |= ir::readsPre(m, k);
      drawsAtEvents |= draws(k.prologue) || draws(k.body);
    }
    if (readsPre)
      refused.push_back({pr.range, "the synapses of '" + name + "' read presynaptic neurons' variables ('pre.')",
                         "keep the value in the synapse, or build it without --mpi"});
    if (drawsAtEvents)
      refused.push_back({pr.range, "the synapses of '" + name + "' draw random numbers at events",
                         "build it without --mpi"});
  }
  for (const Refusal &r : refused) diags.report(diag::DiagId::E0908, r.range, {r.what}).help(r.help);
  return checkTargetLimits(diags, km, "MPI") && refused.empty();
}

} // namespace bdl::driver
