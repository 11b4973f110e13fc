//! Sorting through one routine.
//!
//! Every `sort_by` call site with its own closure makes the WebAssembly
//! module carry another copy of the standard library's sort (~3 KB each);
//! sorting positions through [`sorted_order`] keeps one copy.

use std::cmp::Ordering;

/// The positions `0..n` in the order `cmp` gives them (stable: equal items
/// keep their order).
pub fn sorted_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Sorts `items` by `cmp` (stable).
pub fn sort_by<T>(items: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let order = sorted_order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd')];
        sort_by(&mut v, &|x, y| x.0.cmp(&y.0));
        assert_eq!(v, [(0, 'd'), (1, 'b'), (2, 'a'), (2, 'c')]);
        assert_eq!(sorted_order(3, &|a, b| b.cmp(&a)), [2, 1, 0]);
    }
}
