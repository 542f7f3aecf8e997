// SPDX-License-Identifier: Apache-2.0
//===- LoopEmitter.cpp - loops of the kernels: vector tails, spike scans ---===//
//
// The loops KernelEmitter wraps around kernel bodies: each asks the loop
// vectoriser for a masked tail (so a neuron's bits do not depend on where a
// thread's range ends), threshold kernels scan chunks of neurons branch-free,
// and spike delivery prefetches the connectivity rows ahead of its loop.
#include "codegen/common/RuntimeABI.h"
#include "codegen/llvm/KernelEmitter.h"

#include <llvm/IR/Intrinsics.h>

namespace bdl::codegen {

using namespace ir;

/// Calls `body(index)` for index in [lo, hi).
void KernelEmitter::loop(llvm::Value *lo, llvm::Value *hi, const char *name, const std::function<void(llvm::Value *)> &body,
                         std::int64_t step) {
  llvm::BasicBlock *pre = b_.GetInsertBlock();
  auto *head = llvm::BasicBlock::Create(ctx_, std::string(name) + ".loop", fn_);
  auto *exit = llvm::BasicBlock::Create(ctx_, std::string(name) + ".exit", fn_);
  b_.CreateCondBr(b_.CreateICmpSLT(lo, hi), head, exit);
  b_.SetInsertPoint(head);
  llvm::PHINode *iv = b_.CreatePHI(i64_, 2, name);
  iv->addIncoming(lo, pre);
  memo_.clear();
  unsigned exps = inlineExps_, loops = ++loopsOpened_;
  body(iv);
  memo_.clear();
  llvm::Value *next = b_.CreateAdd(iv, b_.getInt64(step), "", true, true);
  iv->addIncoming(next, b_.GetInsertBlock());
  auto *latch = b_.CreateCondBr(b_.CreateICmpSLT(next, hi), head, exit);
  // An exponential is a chain of about twenty dependent operations, and a
  // neuron loop with several (COBAHH: ten per neuron, in two rounds) is ~600
  // vector instructions an iteration: more than the out-of-order window, so
  // one vector of neurons leaves the FMA units waiting on those chains. Four
  // vectors of neurons interleaved in one iteration give them independent
  // work: COBAHH's update 0.61 -> 0.51 s (two: 0.53 s); COBA, whose update
  // has no exponential, is unchanged either way. With the table-driven exp
  // the vectoriser picks 16 lanes (two registers a value), so two already
  // make four vectors (0.438 s; four: 0.443 s, and a third more compile time).
  //
  // Every loop the vectoriser takes folds its tail into the vector body
  // (masked loads and stores) rather than finishing in a scalar loop: that
  // copy is compiled apart and may round differently. It did: CodeGenPrepare
  // turns exprel's select of a division into a branch in scalar code, and
  // the product on one side then no longer fuses with the sum on the other,
  // so in examples/gap_junctions.bdl the neurons at the end of a thread's
  // range (which --threads moves) got other last bits than in a vector.
  // With the tail masked, each neuron runs the same vector code wherever
  // its range begins or ends (threads.test compares the states). A target
  // without masked loads and stores (x86 before AVX) would get the masked
  // lanes as scalar code in branches, so there the loops stay scalar, and
  // unrolled by neither the vectoriser nor the unroller, whose copies the
  // SLP vectoriser could turn into vectors with a scalar remainder again.
  std::vector<llvm::Metadata *> props = {nullptr};
  auto prop = [&](const char *key, llvm::Constant *value) {
    llvm::Metadata *kv[] = {llvm::MDString::get(ctx_, key), llvm::ConstantAsMetadata::get(value)};
    props.push_back(llvm::MDNode::get(ctx_, kv));
  };
  if (!maskedTails_) {
    prop("llvm.loop.vectorize.width", b_.getInt32(1));
    prop("llvm.loop.interleave.count", b_.getInt32(1));
    props.push_back(llvm::MDNode::get(ctx_, {llvm::MDString::get(ctx_, "llvm.loop.unroll.disable")}));
  } else {
    prop("llvm.loop.vectorize.predicate.enable", b_.getTrue());
    if (inlineExps_ > exps && loopsOpened_ == loops) prop("llvm.loop.interleave.count", b_.getInt32(tableExp_ ? 2 : 4));
  }
  llvm::MDNode *id = llvm::MDNode::getDistinct(ctx_, props);
  id->replaceOperandWith(0, id);
  latch->setMetadata(llvm::LLVMContext::MD_loop, id);
  b_.SetInsertPoint(exit);
}

/// Spikes are rare (0.2% of neurons per step at 20 Hz and dt = 0.1 ms), and a
/// loop that may push one cannot vectorise. So chunks of 1024 neurons are
/// first tested branch-free, each neuron's condition stored as one byte of a
/// buffer on the stack (a vectorised loop with no reduction in it); then the
/// buffer is read 64 bytes at a time as a 64-bit mask (one vector compare),
/// and only the set bits are visited, lowest first (count trailing zeros),
/// where the guarded statement runs as written. Walking a block again neuron
/// by neuron had the threshold kernel of COBA at 4,000 neurons above its
/// update kernel in a profile; an OR-reduction of mask bits per 64 neurons
/// later took a fifth of the update kernel.
///
/// A whole chunk is a loop of exactly 1024 neurons, which every vector width
/// divides, so it is vectorised with neither masks nor a scalar tail; only
/// the last, partial chunk of a range is masked (see loop()). Masking every
/// chunk cost COBA's update a fifth (the mask is three instructions a vector,
/// and a masked load no longer folds into the arithmetic): COBA 4,000, 1 s,
/// from 0.037 to 0.042 s; whole chunks unmasked, 0.038 s.
///
/// With `update`, the update kernel's body runs first for each neuron, in the
/// same loop, so the condition reads the new values while they are still in
/// registers, and the neurons are traversed once per step instead of twice
/// (ir::KernelModule::fusedThreshold; the threshold kernel is then unused).
void KernelEmitter::thresholdInBlocks(const Stmt &guard, const Block *update) {
  constexpr std::int64_t kChunk = 1024, kWord = 64;
  spikes_ = field(abi::Spikes, "spikes");
  nspikes_ = field(abi::NumSpikes, "nspikes");
  llvm::Type *i8 = b_.getInt8Ty();
  llvm::IRBuilder<> eb(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
  llvm::Value *flags = eb.CreateAlloca(llvm::ArrayType::get(i8, kChunk), nullptr, "flags");
  auto *word = llvm::FixedVectorType::get(i8, kWord);
  loop(begin_, end_, "blk", [&](llvm::Value *blk) {
    llvm::Value *next = b_.CreateNSWAdd(blk, b_.getInt64(kChunk));
    llvm::Value *hi = b_.CreateSelect(b_.CreateICmpSLT(next, end_), next, end_, "blk.end");
    auto scan = [&](llvm::Value *to) {
      loop(b_.getInt64(0), to, "scan", [&](llvm::Value *k) {
        llvm::Value *i = b_.CreateAdd(blk, k, "i", true, true);
        self_ = pre_ = post_ = i;
        if (update) {
          block(*update);
          memo_.clear(); // the condition reads the stored values
        }
        llvm::Value *c = b_.CreateZExt(asBool(expr(guard.value)), i8);
        b_.CreateStore(c, b_.CreateInBoundsGEP(i8, flags, k));
      });
    };
    llvm::Value *len = b_.CreateSub(hi, blk, "blk.len");
    if (maskedTails_) { // whole chunks unmasked, as above
      auto *whole = llvm::BasicBlock::Create(ctx_, "blk.whole", fn_);
      auto *part = llvm::BasicBlock::Create(ctx_, "blk.part", fn_);
      auto *scanned = llvm::BasicBlock::Create(ctx_, "blk.scanned", fn_);
      b_.CreateCondBr(b_.CreateICmpEQ(len, b_.getInt64(kChunk)), whole, part);
      b_.SetInsertPoint(whole);
      scan(b_.getInt64(kChunk));
      b_.CreateBr(scanned);
      b_.SetInsertPoint(part);
      scan(len);
      b_.CreateBr(scanned);
      b_.SetInsertPoint(scanned);
    } else {
      scan(len);
    }
    loop(b_.getInt64(0), len, "word", [&](llvm::Value *off) {
      llvm::Value *bytes = b_.CreateAlignedLoad(word, b_.CreateInBoundsGEP(i8, flags, off), llvm::Align(1));
      llvm::Value *set = b_.CreateBitCast(b_.CreateICmpNE(bytes, llvm::Constant::getNullValue(word)), i64_);
      // Bytes past the chunk's end are stale: keep the low (len - off) bits.
      llvm::Value *rem = b_.CreateSub(len, off);
      llvm::Value *keep = b_.CreateSelect(b_.CreateICmpSGE(rem, b_.getInt64(kWord)), b_.getInt64(-1),
                                          b_.CreateSub(b_.CreateShl(b_.getInt64(1), rem), b_.getInt64(1)));
      llvm::Value *mask0 = b_.CreateAnd(set, keep, "blk.mask");
      llvm::Value *base = b_.CreateAdd(blk, off);
      // while (mask) { i = base + cttz(mask); mask &= mask - 1; guard(i); }
      llvm::BasicBlock *pre = b_.GetInsertBlock();
      auto *walk = llvm::BasicBlock::Create(ctx_, "blk.spikes", fn_);
      auto *done = llvm::BasicBlock::Create(ctx_, "blk.done", fn_);
      b_.CreateCondBr(b_.CreateICmpNE(mask0, b_.getInt64(0)), walk, done);
      b_.SetInsertPoint(walk);
      llvm::PHINode *mask = b_.CreatePHI(i64_, 2, "bits");
      mask->addIncoming(mask0, pre);
      llvm::Value *low = b_.CreateIntrinsic(llvm::Intrinsic::cttz, {i64_}, {mask, b_.getTrue()});
      llvm::Value *i = b_.CreateAdd(base, low, "i", true, true);
      memo_.clear();
      self_ = pre_ = post_ = i;
      stmt(guard);
      memo_.clear();
      llvm::Value *rest = b_.CreateAnd(mask, b_.CreateSub(mask, b_.getInt64(1)));
      mask->addIncoming(rest, b_.GetInsertBlock());
      b_.CreateCondBr(b_.CreateICmpNE(rest, b_.getInt64(0)), walk, done);
      b_.SetInsertPoint(done);
    }, kWord);
    memo_.clear();
  }, kChunk);
}

/// Rows of spiking neurons are scattered through the connectivity, which at
/// 40,000 neurons (8 MB of columns for E->E) is far out of cache: a profile
/// of COBA had most of the delivery kernel's time on the first load of each
/// row. So while delivering spike k, the columns of spike k + 8 and the row
/// bounds of spike k + 16 are prefetched (indices clamped to the last spike,
/// so no branch is needed); both arrays of bounds, which are separate when
/// threads split rows.
void KernelEmitter::prefetchRows(llvm::Value *list, const Rows &rows, llvm::Value *col, llvm::Value *n) {
  llvm::Value *last = b_.CreateSub(end_, b_.getInt64(1));
  auto spikeAt = [&](std::int64_t d) {
    llvm::Value *m = b_.CreateIntrinsic(llvm::Intrinsic::smin, {i64_}, {b_.CreateAdd(n, b_.getInt64(d)), last});
    return b_.CreateSExt(loadI32(list, m), i64_);
  };
  prefetchColumns(rows, col, spikeAt(kRowsAhead));
  prefetchBounds(rows, spikeAt(2 * kRowsAhead));
}

/// prefetchRows() reaches k + 8 and k + 16 from spike k, so the first spikes
/// of a call would each wait for their row bounds and then their columns,
/// one after the other. Before the loop, the bounds of the first 16 spikes
/// are prefetched and then the columns of the first 8 (their bounds loaded
/// together, so the misses overlap). With 4 and 8 ahead this took COBA
/// 40,000 from 0.284 to 0.274 s; 8 and 16 then took its two-thread run,
/// where each thread walks half of every row in half the time, from 0.160 to
/// 0.151 s (one thread: the same; 12 and 24: the same again).
void KernelEmitter::warmFirstRows(llvm::Value *list, const Rows &rows, llvm::Value *col) {
  auto upTo = [&](std::int64_t d) {
    return b_.CreateIntrinsic(llvm::Intrinsic::smin, {i64_}, {b_.CreateAdd(begin_, b_.getInt64(d)), end_});
  };
  loop(begin_, upTo(2 * kRowsAhead), "warm", [&](llvm::Value *n) {
    prefetchBounds(rows, b_.CreateSExt(loadI32(list, n), i64_));
  });
  loop(begin_, upTo(kRowsAhead), "warmcol",
       [&](llvm::Value *n) { prefetchColumns(rows, col, b_.CreateSExt(loadI32(list, n), i64_)); });
}

/// Up to 8 cache lines of neuron i's columns, each line index clamped to its
/// row (one line, the hardware prefetcher following, left COBA 40,000 10%
/// slower).
void KernelEmitter::prefetchColumns(const Rows &rows, llvm::Value *col, llvm::Value *i) {
  constexpr std::int64_t kRowLines = 8, kPerLine = 16;
  llvm::Value *row = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rows.ptr, i));
  llvm::Value *rowLast = b_.CreateSub(b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rows.end, i)), b_.getInt64(1));
  for (std::int64_t line = 0; line < kRowLines; ++line) {
    llvm::Value *at = b_.CreateIntrinsic(llvm::Intrinsic::smin, {i64_},
                                         {b_.CreateAdd(row, b_.getInt64(kPerLine * line)), rowLast});
    prefetch(b_.CreateGEP(i32_, col, at));
  }
}

void KernelEmitter::prefetchBounds(const Rows &rows, llvm::Value *i) {
  prefetch(b_.CreateInBoundsGEP(i64_, rows.ptr, i));
  prefetch(b_.CreateInBoundsGEP(i64_, rows.end, i));
}

void KernelEmitter::prefetch(llvm::Value *addr) {
  b_.CreateIntrinsic(llvm::Intrinsic::prefetch, {ptr_}, {addr, b_.getInt32(0), b_.getInt32(3), b_.getInt32(1)});
}

} // namespace bdl::codegen
