//! Dependency graph between rules, functions and tables, for R0601
//! (kringverwijzing). A cycle would make lazy evaluation recurse forever, so
//! the checker refuses it with the whole loop in the message.

use super::scope::Env;
use super::Compiler;
use crate::diag::{Code, Diagnostic};
use crate::ir::FileId;
use grammar::ast::Span;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DepNode {
    Rule(u32),
    Function(u32),
    Table(u32),
}

#[derive(Debug, Default)]
pub struct DepGraph {
    edges: BTreeMap<DepNode, BTreeSet<DepNode>>,
    /// Where each node is defined, and its name, for the message.
    places: BTreeMap<DepNode, (FileId, Span, String)>,
}

impl DepGraph {
    /// Records what the body lowered in `env` depends on.
    pub fn add(&mut self, node: DepNode, env: &Env, file: FileId, span: Span, name: &str) {
        let out = self.edges.entry(node).or_default();
        out.extend(env.rule_deps.iter().map(|&r| DepNode::Rule(r)));
        out.extend(env.fn_deps.iter().map(|&f| DepNode::Function(f)));
        out.extend(env.table_deps.iter().map(|&t| DepNode::Table(t)));
        self.places
            .entry(node)
            .or_insert_with(|| (file, span, name.to_string()));
    }

    /// Every elementary cycle found by depth-first search, each once.
    fn cycles(&self) -> Vec<Vec<DepNode>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let mut mark: BTreeMap<DepNode, Mark> =
            self.edges.keys().map(|&k| (k, Mark::New)).collect();
        let mut found = Vec::new();
        let nodes: Vec<DepNode> = self.edges.keys().copied().collect();
        for start in nodes {
            if mark.get(&start) != Some(&Mark::New) {
                continue;
            }
            // Iterative DFS with an explicit path (no recursion depth limit).
            let mut stack: Vec<(DepNode, Vec<DepNode>)> = Vec::new();
            let mut path: Vec<DepNode> = Vec::new();
            let succ = |n: &DepNode| {
                self.edges
                    .get(n)
                    .map(|s| s.iter().copied().collect())
                    .unwrap_or_default()
            };
            mark.insert(start, Mark::Active);
            path.push(start);
            stack.push((start, succ(&start)));
            while let Some((_, pending)) = stack.last_mut() {
                match pending.pop() {
                    Some(next) => match mark.get(&next).copied().unwrap_or(Mark::Done) {
                        Mark::New => {
                            mark.insert(next, Mark::Active);
                            path.push(next);
                            let s = succ(&next);
                            stack.push((next, s));
                        }
                        Mark::Active => {
                            if let Some(pos) = path.iter().position(|&p| p == next) {
                                found.push(path[pos..].to_vec());
                            }
                        }
                        Mark::Done => {}
                    },
                    None => {
                        if let Some((n, _)) = stack.pop() {
                            mark.insert(n, Mark::Done);
                            path.pop();
                        }
                    }
                }
            }
        }
        found
    }
}

impl Compiler<'_> {
    pub fn report_cycles(&mut self) {
        for cycle in self.graph.cycles() {
            let names: Vec<String> = cycle
                .iter()
                .filter_map(|n| {
                    self.graph
                        .places
                        .get(n)
                        .map(|(_, _, name)| format!("`{name}`"))
                })
                .collect();
            let Some((file, span, _)) = cycle
                .first()
                .and_then(|n| self.graph.places.get(n))
                .cloned()
            else {
                continue;
            };
            let mut shown = names.clone();
            if let Some(first) = names.first() {
                shown.push(first.clone());
            }
            let mut d = Diagnostic::new(
                Code::Cycle,
                file,
                span,
                format!("kringverwijzing: {}", shown.join(" → ")),
            )
            .label("hangt (via andere regels) van zichzelf af")
            .help("een regel mag niet, direct of via andere regels, van zichzelf afhangen");
            for n in cycle.iter().skip(1) {
                if let Some((f, s, name)) = self.graph.places.get(n) {
                    d = d.related(*f, *s, format!("`{name}` in de kring"));
                }
            }
            self.push(d);
        }
    }
}
