//! Part of stage 3, lower: which members are boxed to break recursion.
//!
//! A structure or union member must be a `Box` when its target leads back to the member's
//! owner through structure and union members alone (a list or map already puts its values on
//! the heap). That is: the target and the owner are in the same strongly connected component
//! of the graph whose nodes are structures and unions and whose edges are their members.
//! The components are found once, with Tarjan's algorithm on an explicit stack, so the time is
//! linear in the selection and no recursion depends on the model.

use std::collections::BTreeMap;

use crate::model::{Model, ShapeId, ShapeKind};

/// The component of every structure and union of the selection.
#[derive(Debug, Default)]
pub struct Recursion {
    component: BTreeMap<ShapeId, usize>,
}

impl Recursion {
    /// Finds the components among `shapes` (a closed selection).
    pub fn new<'m>(model: &'m Model, shapes: impl Iterator<Item = &'m ShapeId>) -> Recursion {
        let nodes: Vec<&ShapeId> = shapes
            .filter(|id| {
                matches!(
                    model.shapes[*id].kind,
                    ShapeKind::Structure(_) | ShapeKind::Union(_)
                )
            })
            .collect();
        let index: BTreeMap<&ShapeId, usize> =
            nodes.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let edges: Vec<Vec<usize>> = nodes
            .iter()
            .map(|id| {
                model.shapes[*id]
                    .kind
                    .members()
                    .iter()
                    .filter_map(|m| index.get(&m.target).copied())
                    .collect()
            })
            .collect();
        let component = tarjan(&edges);
        Recursion {
            component: nodes
                .into_iter()
                .zip(component)
                .map(|(id, c)| (id.clone(), c))
                .collect(),
        }
    }

    /// Whether a member of `owner` targeting `target` must be boxed.
    pub fn needs_box(&self, owner: &ShapeId, target: &ShapeId) -> bool {
        match (self.component.get(owner), self.component.get(target)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }
}

/// The strongly connected component of each node (Tarjan, iterative).
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, position of the next edge to follow)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == UNSEEN {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::tarjan;

    #[test]
    fn components_of_cycles_chains_and_self_loops() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 0 hangs off it; 4 points at itself; 5 is alone.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4], vec![]];
        let c = tarjan(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[5]);
    }

    #[test]
    fn a_long_chain_is_linear_and_does_not_recurse() {
        let n = 200_000;
        let mut edges: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        edges[n - 1] = vec![0];
        let c = tarjan(&edges);
        assert!(c.iter().all(|x| *x == c[0]), "one big cycle");
    }
}
