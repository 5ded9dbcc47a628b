//! A counting global allocator for measurements: the system allocator, with
//! the bytes outstanding, their peak and the number of allocations.
//!
//! A test or bench binary installs it as its own global allocator:
//!
//! ```
//! use cloudwire_examples::alloc::Counting;
//!
//! #[global_allocator]
//! static ALLOCATOR: Counting = Counting;
//!
//! fn main() {
//!     let before = Counting::outstanding();
//!     Counting::reset_peak();
//!     let allocations = Counting::allocations();
//!     let buffer = vec![0u8; 64 * 1024]; // the work to measure
//!     assert!(Counting::peak() - before >= buffer.len());
//!     assert!(Counting::allocations() > allocations);
//! }
//! ```

#![allow(unsafe_code)] // forwarding to the system allocator; nothing else

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

static OUTSTANDING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

/// The system allocator, counting. Its counters are global to the process.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counting;

impl Counting {
    fn add(size: usize) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        let now = OUTSTANDING.fetch_add(size, Ordering::Relaxed) + size;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }

    fn sub(size: usize) {
        OUTSTANDING.fetch_sub(size, Ordering::Relaxed);
    }

    /// The heap bytes allocated and not yet freed.
    pub fn outstanding() -> usize {
        OUTSTANDING.load(Ordering::Relaxed)
    }

    /// The most heap bytes outstanding since the last [`Counting::reset_peak`].
    pub fn peak() -> usize {
        PEAK.load(Ordering::Relaxed)
    }

    /// Starts a new peak from the bytes outstanding now.
    pub fn reset_peak() {
        PEAK.store(OUTSTANDING.load(Ordering::Relaxed), Ordering::Relaxed);
    }

    /// How many allocations (and growing reallocations) were made so far.
    pub fn allocations() -> u64 {
        ALLOCATIONS.load(Ordering::Relaxed)
    }
}

// SAFETY: every call is forwarded unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is passed on as it is.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            Counting::add(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            Counting::add(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout`, per the caller's contract.
        unsafe { System.dealloc(ptr, layout) };
        Counting::sub(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, and `new_size` is valid per the caller's contract.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            Counting::add(new_size);
            Counting::sub(layout.size());
        }
        new
    }
}
