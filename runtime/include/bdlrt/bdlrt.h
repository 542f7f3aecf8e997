/* SPDX-License-Identifier: Apache-2.0 */
/*===- bdlrt.h - the C ABI between generated models and the BDL runtime ---===*
 *
 * A model compiled by bdlc is a table of kernels plus a JSON descriptor
 * (groups, variables with units, projections, schedule, recordings). The
 * runtime owns everything else: storage, connectivity, spike delivery,
 * recording, results files and the command line. This header is the whole
 * contract; the compiler mirrors it in codegen/common/RuntimeABI.h and a
 * unit test checks that the two agree.
 *===----------------------------------------------------------------------===*/
#ifndef BDLRT_H
#define BDLRT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BDLRT_ABI_VERSION 5

/* What every kernel receives. Which fields a kernel reads depends on its
 * kind (see the descriptor's "kernels" list):
 *   prepare   : self, pre, post, net; no loop.
 *   init      : entities [begin, end) of self; for synapse groups, pre index
 *               pre_index[s] and post index col[s] of synapse s.
 *   update    : neurons [begin, end); when the population's descriptor
 *               entry has "update_detects_spikes", also does the threshold's
 *               work (spikes, nspikes as below), and the threshold kernel is
 *               not called.
 *   threshold : neurons [begin, end); appends spiking indices to
 *               spikes[*nspikes], incrementing *nspikes.
 *   reset     : list[k] for k in [begin, end) are the neurons that spiked.
 *   on_pre    : list[k] for k in [begin, end) are presynaptic neurons whose
 *               spikes arrive now; synapses rowptr[i] .. rowend[i]-1 of
 *               neuron i go to post neurons col[s] (rowend is rowptr + 1 for
 *               a whole row; a thread gets the part of each row whose post
 *               neurons it owns).
 *   on_pre_synapses : list[k] are synapses whose spike arrives now
 *               (per-synapse delays); pre_index[s] and col[s] as in init.
 *   on_post   : list[k] are postsynaptic neurons that spiked; their incoming
 *               synapses are col[q] for q in rowptr[j] .. rowend[j]-1 (the
 *               transposed CSR), with sources pre_index[s].
 *   reduce    : neurons [begin, end) of the whole population, in one call,
 *               before its update (population sums).
 *   continuous: every step, before the neuron updates: post neurons j in
 *               [begin, end) and their incoming synapses as for on_post.
 * self/pre/post/net point to one array per variable of that group, in the
 * descriptor's order: n values for per-entity variables, 1 for shared ones;
 * doubles, or floats when the descriptor says "precision": "single". */
typedef struct bdlrt_kernel_args {
  void *const *self;
  void *const *pre;
  void *const *post;
  void *const *net;
  int64_t begin;
  int64_t end;
  const int32_t *list;
  const int64_t *rowptr;
  const int32_t *col;
  const int32_t *pre_index;
  int32_t *spikes;
  int64_t *nspikes;
  int64_t step;
  double t;
  double dt;
  uint64_t seed;
  const int64_t *rowend;
  /* The model's .npy arrays (descriptor "arrays"), as doubles in C order. */
  const double *const *arrays;
  /* Dense storage: the row length (postsynaptic neurons); synapse s joins
     s / stride to s % stride, and col and pre_index are unused. */
  int64_t stride;
} bdlrt_kernel_args;

typedef void (*bdlrt_kernel_fn)(const bdlrt_kernel_args *args);

typedef struct bdlrt_model {
  uint32_t abi_version; /* BDLRT_ABI_VERSION */
  uint32_t num_kernels;
  const bdlrt_kernel_fn *kernels;
  const char *descriptor; /* JSON, NUL-terminated */
} bdlrt_model;

/* Runs the model's experiment with the executable's command line (see
 * --help). Returns the process exit status. */
int bdlrt_main(const bdlrt_model *model, int argc, char **argv);

/* Counter-based random numbers (Philox4x32-10): the same (seed, stream,
 * entity, counter) gives the same number on any thread, rank or device. */
void bdlrt_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);
/* Uniform in [0, 1). */
double bdlrt_uniform(uint64_t seed, uint64_t stream, uint64_t entity, uint64_t counter);
/* Standard normal (Box-Muller on one Philox block). */
double bdlrt_normal(uint64_t seed, uint64_t stream, uint64_t entity, uint64_t counter);

/* A Poisson count with the given mean (exact inverse transform up to a mean
 * of 100, normal approximation beyond). */
double bdlrt_poisson(uint64_t seed, uint64_t stream, uint64_t entity, uint64_t counter, double mean);

/* out = expm(a) for an n x n row-major matrix (scaling and squaring with a
 * Pade approximant); used once at initialisation for exact propagators. */
void bdlrt_expm(int64_t n, const double *a, double *out);

#ifdef __cplusplus
}
#endif

#endif /* BDLRT_H */
