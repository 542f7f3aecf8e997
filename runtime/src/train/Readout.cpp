// SPDX-License-Identifier: Apache-2.0
//===- Readout.cpp - ridge regression of recorded states onto a target ----===//
//
// An echo-state network's readout (Jaeger 2001; Lukoševičius 2012): with X
// the states at steps [washout, train) and a column of ones, and Y the
// target's rows there, W = (XᵀX + αI')⁻¹ XᵀY, where I' leaves the bias
// unpenalised. Solved by Eigen's LDLT of the normal equations (states are
// few, steps many). The NRMSE is the RMSE over a range of steps divided by
// the target's standard deviation there: on the training steps, and on the
// steps after them (the test), where the readout has not seen the target.
#include "Readout.h"

#include "../Error.h"
#include "../Npy.h"

#include <Eigen/Dense>

#include <cmath>
#include <cstdio>

namespace bdlrt {

namespace {

double nrmse(const Eigen::MatrixXd &pred, const Eigen::MatrixXd &y, std::int64_t from, std::int64_t to) {
  if (to <= from) return std::nan("");
  Eigen::MatrixXd p = pred.middleRows(from, to - from), t = y.middleRows(from, to - from);
  double mse = (p - t).squaredNorm() / static_cast<double>(p.size());
  Eigen::RowVectorXd mean = t.colwise().mean();
  double var = (t.rowwise() - mean).squaredNorm() / static_cast<double>(t.size());
  return std::sqrt(mse / var);
}

} // namespace

void fitReadouts(const std::filesystem::path &dir, const Descriptor &d, const std::vector<std::vector<double>> &arrays,
                 std::vector<RecordedFile> &files, bool quiet) {
  for (const ReadoutDesc &r : d.readouts) {
    if (r.force) continue; // fitted online (Force.cpp)
    const RecordingDesc &rec = d.recordings[r.recording];
    const GroupDesc &g = d.groups[d.populations[rec.population].group];
    const std::string var = g.vars[rec.vars[0]].name;
    const RecordedFile *states = nullptr;
    for (const RecordedFile &f : files)
      if (f.kind == "state" && f.population == g.name && f.variable == var && f.shape.size() == 2) states = &f;
    if (!states) throw Error("readout '" + r.name + "': the states of " + g.name + "." + var + " were not recorded");
    NpyArray xs = readNpy(dir / states->file);
    const std::int64_t steps = xs.shape[0], n = xs.shape[1];
    const ArrayDesc &ad = d.arrays[r.targetArray];
    const std::int64_t outputs = ad.shape.size() == 2 ? ad.shape[1] : 1;
    if (ad.shape[0] < steps) throw Error("readout '" + r.name + "': the target has fewer rows than the run has steps");
    Eigen::MatrixXd X(steps, n + 1), Y(steps, outputs);
    for (std::int64_t t = 0; t < steps; ++t) {
      for (std::int64_t i = 0; i < n; ++i) X(t, i) = xs.data[static_cast<std::size_t>(t * n + i)];
      X(t, n) = 1;
      for (std::int64_t o = 0; o < outputs; ++o) Y(t, o) = arrays[r.targetArray][static_cast<std::size_t>(t * outputs + o)];
    }
    std::int64_t from = std::min(r.washoutSteps, steps), to = std::min(r.trainSteps, steps);
    if (to - from < 1) throw Error("readout '" + r.name + "': no steps between the washout and the end of training");
    Eigen::MatrixXd A = X.middleRows(from, to - from);
    Eigen::MatrixXd gram = A.transpose() * A;
    gram.diagonal().head(n).array() += r.alpha;
    Eigen::MatrixXd W = gram.ldlt().solve(A.transpose() * Y.middleRows(from, to - from));
    if (!W.allFinite()) throw Error("readout '" + r.name + "': the fit is not finite; raise alpha");
    Eigen::MatrixXd pred = X * W;
    double train = nrmse(pred, Y, from, to), test = nrmse(pred, Y, to, steps);
    // Row-major copies for the .npy files.
    std::vector<double> p(static_cast<std::size_t>(steps * outputs)), w(static_cast<std::size_t>((n + 1) * outputs));
    for (std::int64_t t = 0; t < steps; ++t)
      for (std::int64_t o = 0; o < outputs; ++o) p[static_cast<std::size_t>(t * outputs + o)] = pred(t, o);
    for (std::int64_t i = 0; i <= n; ++i)
      for (std::int64_t o = 0; o < outputs; ++o) w[static_cast<std::size_t>(i * outputs + o)] = W(i, o);
    double errs[2] = {train, test};
    std::string stem = "readout_" + r.name;
    writeNpy(dir / (stem + ".npy"), p.data(), {steps, outputs});
    writeNpy(dir / (stem + "_weights.npy"), w.data(), {n + 1, outputs});
    writeNpy(dir / (stem + "_nrmse.npy"), errs, {2});
    files.push_back({stem + ".npy", "readout", g.name, var, "1", {steps, outputs}, "float64"});
    files.push_back({stem + "_weights.npy", "readout", g.name, var, "1", {n + 1, outputs}, "float64"});
    files.push_back({stem + "_nrmse.npy", "readout", g.name, var, "1", {2}, "float64"});
    if (!quiet)
      std::printf("readout %s: ridge on %lld steps, NRMSE %.4g (training), %.4g (test, %lld steps)\n", r.name.c_str(),
                  static_cast<long long>(to - from), train, test, static_cast<long long>(steps - to));
  }
}

} // namespace bdlrt
