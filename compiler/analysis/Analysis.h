// SPDX-License-Identifier: Apache-2.0
//===- Analysis.h - fixed points, stability and continuation --------------===//
#pragma once

#include "analysis/System.h"

#include <complex>
#include <string>
#include <vector>

namespace bdl::analysis {

struct Stability {
  std::vector<std::complex<double>> eigenvalues; ///< 1/s, by decreasing real part
  /// "stable node", "unstable node", "saddle", "stable focus", "unstable
  /// focus", "centre" in two dimensions; in more, "stable" or "unstable
  /// (k of n)" with ", focus" when the leading pair is complex; with an
  /// eigenvalue on the imaginary axis, "non-hyperbolic".
  std::string kind;
  bool stable = false;
};

Stability classify(const Mat &J);

struct FixedPoint {
  Vec x;
  Stability stability;
};

/// A box of states: each state's range (SI); the seeds of Newton's method
/// are a grid of `perAxis` points per state (fewer in high dimensions).
struct Box {
  Vec lo, hi;
};

/// Newton from a grid of seeds in `box`, with the symbolic Jacobian;
/// converged points (|f| and the step below 1e-12 of the box's scale)
/// inside the box, duplicates merged, sorted by the first state.
std::vector<FixedPoint> fixedPoints(const System &s, const Box &box, int perAxis = 0);

/// Newton at fixed parameters from `x`; nullopt when it does not converge.
std::optional<Vec> newton(const System &s, Vec x, const Box &box);

struct BranchPoint {
  double p = 0;
  Vec x;
  Stability stability;
};

struct SpecialPoint {
  std::string kind; ///< "fold" (saddle-node) or "hopf"
  double p = 0;
  Vec x;
  double frequency = 0; ///< hopf: the crossing pair's imaginary part / 2 pi (Hz)
  std::optional<double> lyapunov; ///< hopf: the first Lyapunov coefficient
};

struct Branch {
  std::vector<BranchPoint> points;
  std::vector<SpecialPoint> special;
};

/// Pseudo-arclength continuation of the fixed point near `x0` at the
/// current value of `p`, in both directions, until the parameter leaves
/// [pmin, pmax] or the states leave `box`. Folds (the tangent's parameter
/// component changes sign) and Hopf points (a complex pair's real part
/// changes sign) are located to machine precision by bisection along the
/// branch with Newton at each trial point.
Branch continueBranch(System &s, const ir::VarRef &p, double pmin, double pmax, const Vec &x0, const Box &box);

/// One classical RK4 step of dx/dt = f(x) (Cycles.cpp).
Vec rk4(const System &s, const Vec &x, double h);

/// A stable limit cycle found by simulation (Cycles.cpp).
struct Cycle {
  double period = 0; ///< s
  Vec min, max;      ///< each state's extremes over one period
  /// The last period, at equal steps from an upward crossing of the first
  /// state (the start of a continuation from this cycle).
  std::vector<Vec> orbit;
};

/// The stable cycle the system settles on from near the unstable fixed point
/// `fixed`, or nullopt (no rotation there, it converges to a point, or it
/// leaves twice the box).
std::optional<Cycle> limitCycle(const System &s, const Vec &fixed, const Stability &st, const Box &box);

/// The first Lyapunov coefficient at a Hopf point x (Lyapunov.cpp): negative
/// for a supercritical Hopf, positive for a subcritical one.
std::optional<double> firstLyapunov(System &s, const Vec &x, std::string &error);

/// 2 A (.) I, the bialternate product (n(n-1)/2 square): singular exactly
/// when two eigenvalues of A sum to zero.
Mat bialternate(const Mat &A);

struct Curve {
  std::string kind; ///< "fold" or "hopf"
  std::vector<std::pair<double, double>> points; ///< (p1, p2) along the curve
};

/// The fold or Hopf curve through `start` (found in p1 at the current p2)
/// in the (p1, p2) plane, both ways until it leaves the ranges or the box,
/// or closes (TwoParameter.cpp). Both parameters must have been prepared with
/// System::continueIn.
Curve continueCurve(System &s, const SpecialPoint &start, const ir::VarRef &p1, const ir::VarRef &p2,
                    double p1min, double p1max, double p2min, double p2max, const Box &box);

/// One periodic orbit of a branch (Orbits.cpp).
struct OrbitPoint {
  double p = 0, period = 0; ///< SI
  Vec min, max;             ///< each state's extremes over the orbit
  /// Floquet multipliers, by decreasing modulus; one of them is the trivial
  /// 1 (the orbit's own direction), which stability ignores.
  std::vector<std::complex<double>> multipliers;
  bool stable = false;
};

struct OrbitSpecial {
  /// "fold": a fold (saddle-node) of cycles, where the branch turns back in
  /// the parameter; "at": the orbit at a requested parameter value.
  std::string kind;
  OrbitPoint orbit;
};

struct OrbitBranch {
  std::vector<OrbitPoint> points;
  std::vector<OrbitSpecial> special; ///< in the order met along the branch
  std::string end;                   ///< why the continuation stopped
  bool endsAtHopf = false;           ///< it shrank back to a fixed point (the last point's p)
  int intervals = 0, degree = 0;
};

struct OrbitOptions {
  int intervals = 80, degree = 4; ///< the collocation mesh (AUTO's NTST, NCOL)
  std::vector<double> at;         ///< parameter values whose orbits are reported (SI)
  std::vector<double> from;       ///< values where stable cycles found by simulation start branches (SI)
  int maxSteps = 600;
};

/// The branch through the stable cycle `c` found by simulation at the
/// current value of `p` (a branch not born at a Hopf point of the range,
/// such as the spiking orbits of a burster's fast subsystem), in both
/// directions; the points run from one end to the other.
OrbitBranch continueOrbitsFrom(System &s, const ir::VarRef &p, double pmin, double pmax, const Cycle &c,
                               const Box &box, const OrbitOptions &options);

/// The branch of periodic orbits born at the Hopf point `hopf` of the
/// fixed-point branch in `p` (prepared with System::continueIn), continued
/// by pseudo-arclength on the collocation problem (Collocation.h) until the
/// parameter leaves [pmin, pmax], the orbit shrinks back to a fixed point,
/// the period grows without bound (a homoclinic orbit), or it cannot go on.
OrbitBranch continueOrbits(System &s, const ir::VarRef &p, double pmin, double pmax, const SpecialPoint &hopf,
                           const Box &box, const OrbitOptions &options);

/// A trajectory of one neuron from a given state (Trajectory.cpp).
struct Trajectory {
  std::vector<double> t;         ///< s, the sampled times
  std::vector<Vec> x;            ///< the states at those times
  std::vector<double> spikes;    ///< s, steps whose spike condition held
  /// "the model's update (METHOD)", or why the analysis integrated with
  /// RK4 instead.
  std::string integrator;
};

/// From x0, `duration` seconds at the experiment's dt, through the step the
/// compiler lowered for the population (its integrator, the spike condition
/// and the reset; no refractoriness, noise, synapses or stimuli, t = 0),
/// at most `samples` samples. A step that branches or loops (rkf45) or a
/// propagator that needs a matrix exponential at start is integrated by
/// classical RK4 of the equations instead, and `integrator` says so; so is
/// a model whose step was not lowered (no integrator passes run on it).
Trajectory trajectory(System &s, const Vec &x0, double duration, std::size_t samples = 20000);

class Network;

/// A point where the network's flow is slow (SlowPoints.cpp): a local
/// minimum of q(x) = |F(x)|^2 / 2 in the scaled states, a fixed point when
/// q is zero to rounding.
struct SlowPoint {
  Vec x;
  double speed = 0;   ///< |F(x)| in scaled states per second
  bool fixed = false; ///< speed at rounding level
  Stability stability;
};

struct SlowPointOptions {
  int starts = 8;       ///< initial states, each at the end of its own trajectory
  double settle = 0;    ///< s each trajectory runs (Heun at `dt`) before the search
  double dt = 1e-4;     ///< s
  std::uint64_t seed = 1;
  Vec lo, hi;           ///< each state's range for the random initial states (per neuron)
};

/// Sussillo & Barak (2013): from states the network's own dynamics visit
/// (trajectories from random initial states in the box), q is minimised by
/// Levenberg-Marquardt with the network's symbolic Jacobian; the minima are
/// merged and classified by the Jacobian's eigenvalues.
std::vector<SlowPoint> slowPoints(const Network &net, const SlowPointOptions &options);

} // namespace bdl::analysis
