//! The allocator's memory source (WebAssembly only, see the crate root).

use core::alloc::Layout;
use core::ptr::NonNull;

use talc::base::{binning::Binning, Talc};

const PAGE: usize = 64 * 1024;

/// Where the allocator's memory comes from: the module's memory, grown
/// at its end. Talc's own source grows it by just what the failing
/// allocation needs, a 64 KB page at a time for small ones: hundreds
/// of `memory.grow` calls to read a large data set, each of which the
/// engine handles on the main thread. This one grows by a quarter of
/// the memory (at least 1 MB, at most 16 MB) or what is needed, and by
/// only what is needed when the engine refuses the step. Adapted from
/// `talc::wasm::WasmGrowAndExtend` (talc 5.1): compare on upgrades.
#[derive(Debug)]
pub struct GrowInSteps {
    end: Option<NonNull<u8>>,
}

impl GrowInSteps {
    pub const fn new() -> Self {
        GrowInSteps { end: None }
    }
}

// SAFETY: `acquire` only grows the memory and hands talc the new pages
// (extending its heap when they follow it); it allocates nothing.
unsafe impl talc::source::Source for GrowInSteps {
    fn acquire<B: Binning>(talc: &mut Talc<Self, B>, layout: Layout) -> Result<(), ()> {
        // Enough for the allocation with talc's chunk overhead; should
        // it not be, talc asks again.
        let needed = (layout.size() + layout.align() + 64).div_ceil(PAGE);
        let step = (core::arch::wasm32::memory_size::<0>() / 4).clamp(16, 256);
        let grow = |pages| match core::arch::wasm32::memory_grow::<0>(pages) {
            usize::MAX => None,
            before => Some((before, pages)),
        };
        let Some((before, pages)) = grow(needed.max(step)).or_else(|| grow(needed)) else {
            return Err(());
        };
        let base = (before * PAGE) as *mut u8;
        // At the 4 GB limit the end is one past the last address: saturate, like talc.
        let end = (before * PAGE).saturating_add(pages * PAGE) as *mut u8;
        if let Some(old) = talc.source.end.take() {
            if old.as_ptr() == base {
                // SAFETY: the new pages follow the heap that ends at `old`.
                talc.source.end = Some(unsafe { talc.extend(old, end) });
                return Ok(());
            }
        }
        // SAFETY: the pages were just added to the memory; nothing else uses them.
        talc.source.end = unsafe { talc.claim(base, pages * PAGE) };
        talc.source.end.map(|_| ()).ok_or(())
    }
}
