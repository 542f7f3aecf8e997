// SPDX-License-Identifier: Apache-2.0
//===- AnalyzeNetwork.cpp - `bdlc analyze --slow-points` --------------------===//
//
// The population with its couplings onto itself (analysis::Network): fixed
// and slow points from trajectories of the network, with the leading
// eigenvalues of the Jacobian at each, in the text report and the JSON
// (every neuron's states at each point, in SI).
#include "analysis/Analysis.h"
#include "analysis/Network.h"
#include "driver/AnalyzeReport.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace bdl::driver {

bool reportSlowPoints(const ir::Module &m, const analysis::System &s, const analysis::Box &box, const AnalyzeOptions &an,
                      nlohmann::json &out, std::string &error) {
  std::vector<std::string> notes;
  auto net = analysis::Network::make(m, s, error, notes);
  if (!net) return false;
  analysis::SlowPointOptions o;
  o.starts = an.slowPoints;
  o.settle = an.settle;
  o.dt = m.experiment.dt;
  o.seed = an.seed;
  o.lo = box.lo;
  o.hi = box.hi;
  auto points = analysis::slowPoints(*net, o);
  nlohmann::json list = nlohmann::json::array();
  const int n = net->states();
  for (const auto &p : points) {
    nlohmann::json states = nlohmann::json::object();
    for (int k = 0; k < n; ++k) {
      nlohmann::json values = nlohmann::json::array();
      for (std::int64_t i = 0; i < net->neurons(); ++i) values.push_back(p.x[i * n + k]);
      states[s.var(s.states()[k]).name] = values;
    }
    nlohmann::json eig = nlohmann::json::array();
    for (auto l : p.stability.eigenvalues) eig.push_back({l.real(), l.imag()});
    list.push_back({{"state", states},
                    {"speed", p.speed},
                    {"fixed", p.fixed},
                    {"kind", p.stability.kind},
                    {"eigenvalues_per_s", eig}});
  }
  out["slow_points"] = {{"neurons", net->neurons()}, {"starts", o.starts}, {"points", list}, {"notes", notes}};
  if (an.json) return true;
  for (const std::string &note : notes) std::printf("note: %s\n", note.c_str());
  std::printf("slow points of %s (%lld neurons, %d starts): %zu\n", an.population.c_str(),
              static_cast<long long>(net->neurons()), o.starts, points.size());
  for (const auto &p : points) {
    std::printf("  %s, speed %.3g /s; %s; leading eigenvalues", p.fixed ? "fixed point" : "slow point", p.speed,
                p.stability.kind.c_str());
    for (std::size_t k = 0; k < std::min<std::size_t>(3, p.stability.eigenvalues.size()); ++k)
      std::printf(" %.6g%+.6gi", p.stability.eigenvalues[k].real(), p.stability.eigenvalues[k].imag());
    std::printf(" /s\n");
    for (int k = 0; k < n; ++k) {
      Eigen::Index at = 0;
      double top = -INFINITY;
      for (std::int64_t i = 0; i < net->neurons(); ++i)
        if (p.x[i * n + k] > top) top = p.x[at = i * n + k];
      std::printf("    %s: largest %.6g at neuron %lld\n", s.var(s.states()[k]).name.c_str(), top / s.var(s.states()[k]).unitScale,
                  static_cast<long long>(at / n));
    }
  }
  return true;
}

} // namespace bdl::driver
