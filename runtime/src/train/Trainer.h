// SPDX-License-Identifier: Apache-2.0
//===- Trainer.h - surrogate-gradient BPTT over a model's own kernels -------===//
//
// An experiment with `train { ... }` runs this instead of its phases. Each
// sample is one `run`: the forward kernels step the network while the
// trainer keeps, per step, every trained neuron's state before its update
// (x), before its reset (z) and its spikes (s); the backward kernels the
// compiler derived (passes/Adjoint.cpp) then run from the last step to the
// first, accumulating each trained parameter's gradient in its `_grad.`
// variable. A batch's mean gradient goes to Adam or SGD. Samples run one
// after another on one thread, so the gradients do not depend on threads.
#ifndef BDLRT_TRAIN_TRAINER_H
#define BDLRT_TRAIN_TRAINER_H

#include "../Simulation.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

namespace bdlrt {

struct TrainingDesc {
  struct Param {
    int projection = -1, var = -1, grad = -1;
    int population = -1; ///< a neuron parameter's population (projection -1)
  };
  std::vector<Param> params;
  int input = -1, inputArray = -1, labelsArray = -1;
  bool countLogits = false;
  /// `-first_spike(P) / U`: each output neuron's first spike time (the
  /// sample's duration without one) times logitScale.
  bool firstSpikeLogits = false;
  /// `mse(P.x / U, npy(...))`: the loss is the mean squared error of the
  /// scaled trace against targetArray (samples, steps, neurons); no classes.
  bool trace = false;
  int targetArray = -1;
  int output = -1, outputVar = -1;
  double logitScale = 1;
  /// A rate regulariser: weight * mean over the population's neurons of
  /// (count / (steps dt) - target)^2, in Hz and s^2; population -1: none.
  int ratePopulation = -1;
  double rateTarget = 0, rateWeight = 0;
  /// A driven per-neuron parameter: its values per sample and step from
  /// drivenArray times drivenScale; population -1: none.
  int drivenPopulation = -1, drivenVar = -1, drivenArray = -1;
  double drivenScale = 1;
  bool adam = true;
  double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  int epochs = 1, batch = 32;
  double testFraction = 0;
  std::int64_t samples = 0, steps = 0;
  std::vector<int> adjointReset, adjointUpdate; ///< per population, kernel or -1
  /// Per projection, kernel or -1: the parameters' gradients over the rows
  /// of spiking presynaptic neurons, and the presynaptic sbar over all rows.
  std::vector<int> adjointGrad, adjointSbar;
  /// Continuous synapses, over every row after the updates' reverse: the
  /// presynaptic adjoint, and the parameters' gradients.
  std::vector<int> adjointCont, adjointContGrad;
};
/// Parses Descriptor::training.
TrainingDesc parseTraining(const std::string &json, const Descriptor &d);

class Trainer {
public:
  /// Samples of a batch run on `threads` threads; the gradients do not
  /// depend on how many (see Lane).
  Trainer(Simulation &sim, const Descriptor &d, TrainingDesc t, bool quiet, int threads = 1);
  /// The most the lanes' tapes may take, in bytes (`what` says where the
  /// figure comes from): beyond it a sample is taped in segments, each run
  /// forward again from its saved start before its backward pass. Throws
  /// when even one step at a time does not fit.
  void planTape(double bytes, const std::string &what);
  /// Trains for the epochs, writing the loss curves and trained parameters
  /// to `dir` (the results' staging folder; empty: nothing written).
  void train(const std::filesystem::path &dir);
  /// The gradient of the mean loss over the training samples at the
  /// current parameters (--gradient-check), written as gradient_*.npy.
  void gradientCheck(const std::filesystem::path &dir);

private:
  struct Neurons { ///< a population's differentiated variables and tape
    std::vector<int> x, adj, z;
    int s = -1, sbar = -1;
    std::int64_t n = 0;
    std::int64_t tapeFrom = 0;               ///< the step the tapes start at
    std::vector<double> xTape, zTape, sTape; ///< step-major: [t - tapeFrom][var][neuron]
    std::vector<std::int32_t> spikeTape;     ///< the steps' spike lists, one after another
    std::vector<std::int64_t> spikeStart;    ///< step t's list starts at spikeStart[t - tapeFrom]
  };
  /// What one sample at a time needs of its own: the neurons' variables
  /// (kernels see them through the lane's pointer tables, which the
  /// backward pass points at the tape instead of copying it back), the
  /// tapes, and gradient sums. Sample q of a batch runs on lane q % lanes,
  /// lanes in sample order; the batch's gradient is the sum of the lanes'
  /// in lane order. The number of lanes is fixed by the batch, not by the
  /// threads, so any thread count gives the same sums.
  struct Lane {
    std::vector<std::vector<std::vector<double>>> own; ///< [group][var], neuron groups only
    std::vector<std::vector<void *>> ptr;              ///< [group]: what kernels see
    std::vector<std::vector<double>> grad;             ///< per trained parameter
    std::vector<Neurons> pops;
    std::vector<std::vector<std::int32_t>> spikes; ///< per population, this step's
    /// The sample's loss so far: the output's largest values (and their
    /// steps), spike counts, squared errors; spikes of the step.
    std::vector<double> best, counts;
    double sse = 0;
    std::vector<std::int64_t> nspikes;
    /// A tape in segments: the forward state at each segment's start,
    /// [segment][forwardVars_ in order].
    std::vector<double> segmentStarts;
    std::vector<std::int64_t> argmax;
    /// first_spike: each output neuron's first and second spike steps (-1: none).
    std::vector<std::int64_t> firstSpike, secondSpike;
    std::vector<double> traceGrad; ///< mse: dL/dx after each step, [t][neuron]
    std::vector<double> rateCounts; ///< the regularised population's spikes per neuron
    double rateLoss = 0;             ///< its penalty for the sample just run
    std::int64_t sample = 0;         ///< the sample forward last ran
    /// Kernel arguments built once per lane (its pointer tables do not
    /// move; the pointers in them do): per population, and per projection
    /// by rows of the presynaptic and of the postsynaptic neuron. A call
    /// sets the range, step and time.
    std::vector<bdlrt_kernel_args> popArgs, preArgs, postArgs;
  };
  /// Forward over sample `k` on `lane`: the logits; with `learn`, keeps
  /// what the backward pass needs (Sample.cpp).
  std::vector<double> forward(Lane &lane, std::int64_t k, bool learn);
  /// Backward over the sample `lane` just ran forward, with dL/dlogits
  /// scaled by `weight` (1 / batch); adds to the lane's gradients.
  void backward(Lane &lane, const std::vector<double> &dlogits, double weight);
  void startSample(Lane &lane, std::int64_t k, bool learn);
  /// The tapes hold `steps` steps from `from` on.
  void beginTape(Lane &lane, std::int64_t from, std::int64_t steps);
  /// Step t forward; `tape`: into the tapes; `score`: into the loss.
  void forwardStep(Lane &lane, std::int64_t t, bool tape, bool score);
  void backwardSteps(Lane &lane, std::int64_t last, std::int64_t first, const std::vector<double> &dlogits,
                     double weight);
  void saveSegmentStart(Lane &lane, std::int64_t segment);
  void restoreSegmentStart(Lane &lane, std::int64_t segment);
  /// Samples [first, first + count) of `order`, forward (and backward with
  /// `learn`) on the lanes: each sample's loss and whether it was right.
  void runBatch(const std::vector<std::int64_t> &order, std::int64_t first, std::int64_t count, bool learn,
                std::vector<double> &losses, std::vector<double> &correct);
  /// The time of `step` (-1: the sample's duration), and d(first spike
  /// time)/d(spike of output neuron i at `step`) in the lane's sample.
  double spikeTime(std::int64_t step) const;
  double firstSpikeSlope(const Lane &lane, std::int64_t i, std::int64_t step) const;
  /// Cross-entropy of the logits' softmax and its gradient.
  double loss(const std::vector<double> &logits, int label, std::vector<double> *grad) const;
  int label(std::int64_t k) const;
  double *own(Lane &lane, int group, int v) { return static_cast<double *>(lane.ptr[group][v]); }
  bdlrt_kernel_args args(Lane &lane, int group) const;
  /// Points the driven parameter (if any) at step t's values of the lane's sample.
  void drive(Lane &lane, std::int64_t t);
  /// A projection's kernel arguments `a` with the lane's variables.
  bdlrt_kernel_args onLane(Lane &lane, int projection, bdlrt_kernel_args a) const;
  void step(); ///< one optimiser step from the lanes' gradient sums
  /// How the samples are taped (manifest.json), and a line saying so when
  /// in segments.
  nlohmann::json tapeSummary() const;
  void reportTape() const;
  void writeParams(const std::filesystem::path &dir);
  /// The batch's gradient of parameter q, summed over the lanes in order.
  std::vector<double> gradient(std::size_t q) const;
  double *var(int group, int v) { return static_cast<double *>(sim_.state_[group][v].data()); }
  /// A trained parameter's group, its number of values, and the stem of
  /// its files ("In_to_Hid_w", "Hid_tau").
  int groupOf(const TrainingDesc::Param &p) const;
  std::int64_t countOf(const TrainingDesc::Param &p) const;
  std::string stemOf(const TrainingDesc::Param &p) const;

  Simulation &sim_;
  const Descriptor &d_;
  TrainingDesc t_;
  bool quiet_;
  int threads_;
  std::vector<bool> trained_;
  std::vector<Neurons> layout_; ///< each population's variables (tapes empty)
  /// Neuron groups' state after set-up: every sample starts from it.
  std::vector<std::vector<std::vector<double>>> initial_;
  std::vector<std::vector<std::int32_t>> every_; ///< per population, 0 .. n-1
  std::vector<Lane> lanes_;
  /// Per neuron group and variable: a trained parameter or its gradient,
  /// which a sample's start leaves where the lane points it (shared values,
  /// the lane's sums) instead of copying the set-up state over it.
  std::vector<std::vector<bool>> kept_;
  std::vector<std::vector<double>> m1_, m2_; ///< Adam's moments per parameter
  /// The driven parameter's values, [sample][step][neuron], scaled once.
  std::vector<double> driven_;
  std::int64_t updates_ = 0;
  /// The tape: steps per segment (t_.steps or more: whole), the values a
  /// segment's start saves, and the variables they are (group, var, count):
  /// every neuron variable but the trained, the adjoints and what only the
  /// backward pass reads (z, s, sbar).
  std::int64_t segmentSteps_ = std::numeric_limits<std::int64_t>::max();
  std::int64_t segmentStateValues_ = 0;
  std::vector<std::tuple<int, int, std::int64_t>> forwardVars_;
  double tapeBytes_ = 0; ///< what the lanes' tapes and segment starts take
  /// The segments a sample's tape is kept in (1: whole).
  std::int64_t segments() const {
    std::int64_t k = std::max<std::int64_t>(1, std::min(segmentSteps_, t_.steps));
    return (t_.steps + k - 1) / k;
  }
};

} // namespace bdlrt

#endif // BDLRT_TRAIN_TRAINER_H
