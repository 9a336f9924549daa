// Stream compaction for the two-stage pair loops: keeps the entries whose
// key is below a limit, in their original order, from several parallel
// arrays at once. With AVX-512 it packs eight entries per instruction
// (compress into a register, then a plain store: compress-to-memory is slow
// on some CPUs); elsewhere a branch-free scalar loop. Both give the same
// output, so results never depend on which one a build uses.
#pragma once

#include <array>
#include <cstddef>

// REJUV_AVX512: the build targets AVX-512 (F and VL); the hand-written
// vector loops (here and in potential/eam.cpp) are compiled only then.
#if defined(__AVX512F__) && defined(__AVX512VL__)
#include <immintrin.h>
#define REJUV_AVX512 1
#endif

namespace rejuv::util {

#ifdef REJUV_AVX512
// Lanes of a block of 8 that hold entries when `remaining` are left.
inline __mmask8 tail_mask(int remaining) {
  return remaining >= 8 ? __mmask8(0xff) : __mmask8((1u << remaining) - 1u);
}
#endif

// Slots a destination array needs beyond the n entries it may receive.
inline constexpr int kPackSlack = 8;

// For k < n with key[k] < limit, appends dsrc[a][k] to ddst[a] and
// isrc[b][k] to idst[b]; returns the number kept. Destinations hold at
// least n + kPackSlack elements.
template <std::size_t ND, std::size_t NI>
inline int pack_below(const double* key, double limit, int n, const std::array<const double*, ND>& dsrc,
                      const std::array<double*, ND>& ddst, const std::array<const int*, NI>& isrc,
                      const std::array<int*, NI>& idst) {
  int out = 0;
  int k = 0;
#ifdef REJUV_AVX512
  const __m512d lim = _mm512_set1_pd(limit);
  for (; k < n; k += 8) {
    const __mmask8 valid = tail_mask(n - k);
    const __mmask8 keep = _mm512_mask_cmp_pd_mask(valid, _mm512_maskz_loadu_pd(valid, key + k), lim, _CMP_LT_OQ);
    for (std::size_t a = 0; a < ND; ++a)
      _mm512_storeu_pd(ddst[a] + out, _mm512_maskz_compress_pd(keep, _mm512_maskz_loadu_pd(valid, dsrc[a] + k)));
    for (std::size_t b = 0; b < NI; ++b)
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(idst[b] + out),
                          _mm256_maskz_compress_epi32(keep, _mm256_maskz_loadu_epi32(valid, isrc[b] + k)));
    out += __builtin_popcount(keep);
  }
#endif
  for (; k < n; ++k) {
    for (std::size_t a = 0; a < ND; ++a) ddst[a][out] = dsrc[a][k];
    for (std::size_t b = 0; b < NI; ++b) idst[b][out] = isrc[b][k];
    out += key[k] < limit;
  }
  return out;
}

}  // namespace rejuv::util
