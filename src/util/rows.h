// Eight 4-double rows from scattered places, transposed into four vectors:
// the vector loops' replacement for four 8-way gathers (one 32-byte load per
// row and eight shuffles, where a hardware gather costs about one load per
// element and a long latency).
#pragma once

#include <cstddef>

#include "util/pack.h"  // REJUV_AVX512

namespace rejuv::util {

#ifdef REJUV_AVX512
// Row l starts at base + offset(l) (in doubles). On return c0..c3 hold
// element 0..3 of every row, lane l from row l.
template <class Offset>
inline void load_records4(const double* base, Offset offset, __m512d& c0, __m512d& c1, __m512d& c2, __m512d& c3) {
  auto rows = [&](int a, int b) {
    return _mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_loadu_pd(base + offset(a))),
                              _mm256_loadu_pd(base + offset(b)), 1);
  };
  const __m512d r04 = rows(0, 4), r15 = rows(1, 5), r26 = rows(2, 6), r37 = rows(3, 7);
  const __m512d lo01 = _mm512_unpacklo_pd(r04, r15), lo23 = _mm512_unpacklo_pd(r26, r37);
  const __m512d hi01 = _mm512_unpackhi_pd(r04, r15), hi23 = _mm512_unpackhi_pd(r26, r37);
  const __m512i even = _mm512_set_epi64(13, 12, 5, 4, 9, 8, 1, 0);
  const __m512i odd = _mm512_set_epi64(15, 14, 7, 6, 11, 10, 3, 2);
  c0 = _mm512_permutex2var_pd(lo01, even, lo23);
  c1 = _mm512_permutex2var_pd(hi01, even, hi23);
  c2 = _mm512_permutex2var_pd(lo01, odd, lo23);
  c3 = _mm512_permutex2var_pd(hi01, odd, hi23);
}
#endif

}  // namespace rejuv::util
