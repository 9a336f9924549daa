// Allocators for large per-atom arrays.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <utility>

namespace rejuv::util {

// std::vector storage aligned to a cache line, for arrays the vector loops
// read in whole records (a 32-byte record never straddles two lines).
template <class T, std::size_t Alignment = 64>
struct AlignedAllocator {
  using value_type = T;
  template <class U>
  struct rebind {
    using other = AlignedAllocator<U, Alignment>;
  };
  AlignedAllocator() = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U, Alignment>&) {}
  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{Alignment}));
  }
  void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t{Alignment}); }
  template <class U>
  bool operator==(const AlignedAllocator<U, Alignment>&) const {
    return true;
  }
};

// std::vector whose resize leaves new elements uninitialised: for arrays
// that are written before they are read (the neighbour list), so that a
// rebuild does not zero hundreds of MB on one thread and the pages are first
// touched by the threads that fill them.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>&) {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

}  // namespace rejuv::util
