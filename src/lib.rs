//! # budget-compare
//!
//! Read and compare the Labor Bureau (勞工局) budgets and plans of Taichung
//! (臺中市) and Kaohsiung (高雄市), category by category and year over year,
//! in an embeddable WebAssembly widget.
//!
//! The crate has three layers:
//!
//! | module | what it owns |
//! |---|---|
//! | [`core`] | pure Rust, natively tested: the data contract ([`core::model`]), validation ([`core::validate`]), loading ([`core::dataset`]), aggregation ([`core::compare`]), formatting ([`core::format`]), chart drawing ([`core::chart`]) and importers ([`core::import`]) |
//! | [`ui`] | the thin Yew layer: state, components, hooks, strings |
//! | `embed` | the main module's wasm-bindgen surface: mounting into a page |
//! | `extras` | the lazily loaded module's (feature `extras`): what a reader rarely opens |
//! | `importer` | the lazily loaded import module's (feature `import`): 加入年度 / Add a year, with the spreadsheet readers |
//! | `lazy` | what the two lazily loaded modules share |
//!
//! The command-line tool `budget-compare` (`src/bin/`) validates data files
//! and imports published budget tables over the same core.

pub mod core;
#[cfg(not(any(feature = "extras", feature = "import")))]
pub mod embed;
#[cfg(feature = "extras")]
pub mod extras;
#[cfg(feature = "import")]
pub mod importer;
#[cfg(any(feature = "extras", feature = "import"))]
pub mod lazy;
pub mod ui;

/// The WebAssembly module's allocator. Loading a large data set is mostly
/// small allocations (the JSON tree, the documents' strings); dlmalloc, the
/// default, spent a sixth of that time in `malloc`.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::cell::TalcSyncCell<heap::GrowInSteps, talc::wasm::WasmBinning> =
    talc::cell::TalcSyncCell::new_wasm(heap::GrowInSteps::new());

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod heap;
