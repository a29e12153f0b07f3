//! Shared by the benchmark (`cargo bench`, benches/throughput.rs) and the profiling example
//! (examples/one.rs): an allocator that can count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The system allocator, counting allocations and reallocations while [`allocations`] runs
/// (only then, so that the atomic add does not slow the timed passes). Install it with
/// `#[global_allocator] static A: Counting = Counting;`.
pub struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicBool = AtomicBool::new(false);

fn count() {
    if COUNT.load(Ordering::Relaxed) {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(p, l, n) }
    }
}

/// Allocations (and reallocations) per item made by one run of `f` over `items` items.
pub fn allocations<T>(items: usize, f: impl FnOnce() -> T) -> f64 {
    COUNT.store(true, Ordering::Relaxed);
    let a0 = ALLOCS.load(Ordering::Relaxed);
    black_box(f());
    let a = ALLOCS.load(Ordering::Relaxed) - a0;
    COUNT.store(false, Ordering::Relaxed);
    a as f64 / items.max(1) as f64
}
