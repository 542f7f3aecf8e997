// SPDX-License-Identifier: Apache-2.0
//===- ChooseStorage.cpp - choose-storage: how each projection keeps synapses
//
// Three layouts, one semantics (the same synapses, visited in the same
// order, so the same spikes):
//
//   sparse      rows of 32-bit column indices (CSR): 8 bytes a synapse for
//               the indices, plus 8 a per-synapse variable
//   dense       every pair of an all-to-all projection in a row-major matrix:
//               no indices, and a row's targets are contiguous, so `on pre`
//               vectorises
//   procedural  nothing per synapse: a spiking neuron's row is drawn again
//               from the connectivity seed when its spike is delivered, as
//               the sparse builder drew it (GeNN's procedural connectivity,
//               BrainPy's just-in-time operators)
//
// `storage KIND` is checked (E0613 names what prevents it); without it the
// cost model below picks one and `bdlc emit --ir` prints why:
//   * dense when every pair is a synapse (no index is cheaper than one);
//   * procedural when rows can be drawn again and the sparse table would
//     take more than kProceduralAbove bytes: memory then decides, and a
//     redrawn row costs a few nanoseconds a synapse per spike;
//   * sparse otherwise.
#include "passes/Passes.h"

#include <cmath>
#include <cstdio>

namespace bdl::passes {

using namespace ir;

namespace {

/// Above this many bytes of sparse table, a projection that allows it is
/// procedural: a quarter of a 16 GiB workstation.
constexpr double kProceduralAbove = 4.0 * (1ull << 30);

/// A rule argument's value at compile time: a constant, or a parameter's
/// constant default (`p = net.p`); nullopt when --set may be the only way to
/// know it.
std::optional<double> defaultValue(const Module &m, const ExprRef &e, int depth = 0) {
  if (!e || depth > 4) return std::nullopt;
  if (auto c = evaluateConstant(e)) return c;
  if (e->op != Op::Var) return std::nullopt;
  const Var &v = m.groups[e->var.group].vars[e->var.var];
  if (v.init) return defaultValue(m, v.init, depth + 1);
  return v.defaultValue;
}

/// The expected number of synapses from the compile-time sizes and rule
/// arguments, or nullopt.
std::optional<double> expectedSynapses(const Module &m, const Projection &pr) {
  double npre = static_cast<double>(m.groups[m.populations[pr.pre].group].size);
  double npost = static_cast<double>(m.groups[m.populations[pr.post].group].size);
  auto arg = [&](const char *name) -> std::optional<double> {
    for (auto &[n, var] : pr.rule.args)
      if (n == name) return defaultValue(m, m.groups[pr.group].vars[var].init);
    return std::nullopt;
  };
  const std::string &r = pr.rule.kind;
  if (r == "all_to_all") return npre * npost;
  if (r == "one_to_one") return npre;
  if (r == "probability") {
    if (auto p = arg("p")) return *p * npre * npost;
  }
  if (r == "fixed_outdegree") {
    if (auto k = arg("k")) return *k * npre;
  }
  if (r == "fixed_indegree") {
    if (auto k = arg("k")) return *k * npost;
  }
  if (r == "fixed_total") return arg("n");
  return std::nullopt;
}

/// The first per-synapse variable the projection's code or recordings use.
const Var *synapseState(const Module &m, int index) {
  const Projection &pr = m.projections[index];
  std::vector<VarRef> refs;
  for (const Block *b : {&pr.onPre, &pr.onPost, &pr.continuous, &pr.update}) collectVarRefs(*b, refs);
  for (const Recording &r : m.experiment.recordings)
    if (r.projection == index)
      for (int v : r.vars) refs.push_back({Space::Self, pr.group, v});
  for (const VarRef &r : refs)
    if (r.space == Space::Self && r.group == pr.group && m.groups[r.group].vars[r.var].perEntity)
      return &m.groups[r.group].vars[r.var];
  return nullptr;
}

/// Why rows cannot be drawn again at each spike, or "" when they can.
std::string whyNotProcedural(const Module &m, int index) {
  const Projection &pr = m.projections[index];
  const std::string &r = pr.rule.kind;
  if (r == "fixed_indegree") return "fixed_indegree draws each postsynaptic neuron's sources, not a presynaptic row";
  if (r == "fixed_total") return "fixed_total draws pairs, not rows";
  if (r == "from_npy") return "from_npy reads its pairs from a file";
  if (pr.rule.where) return "its 'where' condition is evaluated once, as the synapses are built";
  if (pr.perSynapseDelay) return "its delays differ between synapses and are kept per synapse";
  if (const Var *v = synapseState(m, index))
    return "its synapses keep their own '" + v->name + "', and procedural storage keeps nothing per synapse";
  if (!pr.onPost.empty()) return "'on post' walks each neuron's incoming synapses, which are not stored";
  if (pr.clockDriven() && !pr.lumped)
    return "'continuous' visits every synapse at every step, which is not event-driven";
  return "";
}

/// Why the synapses are not every pair, or "".
std::string whyNotDense(const Projection &pr) {
  if (pr.rule.where) return "its 'where' condition keeps some of the pairs; dense stores all of them";
  if (pr.rule.kind != "all_to_all") return "'" + pr.rule.kind + "' connects some of the pairs; dense stores all of them";
  if (!pr.rule.autapses && pr.pre == pr.post) return "without autapses the diagonal is missing; dense stores every pair";
  return "";
}

std::string bytes(double b) {
  char buf[48];
  if (b >= 1 << 30) std::snprintf(buf, sizeof buf, "%.1f GiB", b / (1 << 30));
  else if (b >= 1 << 20) std::snprintf(buf, sizeof buf, "%.1f MiB", b / (1 << 20));
  else std::snprintf(buf, sizeof buf, "%.1f KiB", b / (1 << 10));
  return buf;
}

} // namespace

bool chooseStorage(Module &m, diag::DiagnosticEngine &diags) {
  bool ok = true;
  for (std::size_t k = 0; k < m.projections.size(); ++k) {
    Projection &pr = m.projections[k];
    std::string noProcedural = whyNotProcedural(m, static_cast<int>(k));
    std::string noDense = whyNotDense(pr);
    if (pr.storageRange.valid()) {
      const std::string &why = pr.storage == Storage::Procedural ? noProcedural
                               : pr.storage == Storage::Dense    ? noDense
                                                                 : std::string();
      if (!why.empty()) {
        auto b = diags.report(diag::DiagId::E0613, pr.storageRange, {storageName(pr.storage), why});
        b.help("use 'storage sparse', or leave 'storage' out to let bdlc choose");
        ok = false;
      }
      continue;
    }
    std::optional<double> n = expectedSynapses(m, pr);
    double perSynapse = 8.0;
    for (const Var &v : m.groups[pr.group].vars) perSynapse += v.perEntity ? 8.0 : 0.0;
    if (noDense.empty()) {
      pr.storage = Storage::Dense;
      pr.storageReason = "every pair is a synapse: no column indices";
    } else if (noProcedural.empty() && n && *n * perSynapse > kProceduralAbove) {
      pr.storage = Storage::Procedural;
      pr.storageReason = "the sparse table would take " + bytes(*n * perSynapse) + "; rows are drawn again at each spike";
    } else {
      pr.storage = Storage::Sparse;
      pr.storageReason = n ? "about " + bytes(*n * perSynapse) + " of indices and variables" : "sizes known at run time";
      if (!noProcedural.empty()) pr.storageReason += "; not procedural: " + noProcedural;
    }
  }
  return ok;
}

} // namespace bdl::passes
