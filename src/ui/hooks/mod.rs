//! Hooks: loading data.

pub mod use_dataset;

pub use use_dataset::{use_dataset, LoadState, SharedDataset};
