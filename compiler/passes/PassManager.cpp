// SPDX-License-Identifier: Apache-2.0
//===- PassManager.cpp - the pass pipeline and --print-after ---------------===//
#include "ir/IRPrinter.h"
#include "passes/Passes.h"

namespace bdl::passes {

const std::vector<std::string> &passNames() {
  static const std::vector<std::string> names = {"choose-integrator", "lower-integrators", "lump-synapses", "event-driven", "choose-storage", "choose-delivery",
                                                 "constant-fold",
                                                 "lower-to-kernels", "adjoint"};
  return names;
}

std::optional<ir::KernelModule> runPipeline(ir::Module m, diag::DiagnosticEngine &diags,
                                            const std::string &printAfter, std::string *printed) {
  ir::KernelModule km;
  km.model = std::move(m);
  auto after = [&](const char *name, bool kernels) {
    if (printed && printAfter == name)
      *printed += std::string("; after ") + name + "\n" +
                  (kernels ? ir::printKernels(km) : ir::printModule(km.model));
  };
  if (!chooseIntegrator(km.model, diags)) return std::nullopt;
  after("choose-integrator", false);
  lowerIntegrators(km.model);
  after("lower-integrators", false);
  lumpSynapses(km.model);
  after("lump-synapses", false);
  if (!eventDriven(km.model, diags)) return std::nullopt;
  after("event-driven", false);
  if (!chooseStorage(km.model, diags)) return std::nullopt;
  after("choose-storage", false);
  chooseDelivery(km.model);
  after("choose-delivery", false);
  constantFold(km);
  after("constant-fold", false);
  lowerToKernels(km);
  constantFold(km);
  after("lower-to-kernels", true);
  if (!adjoint(km, diags)) return std::nullopt;
  after("adjoint", true);
  return km;
}

} // namespace bdl::passes
