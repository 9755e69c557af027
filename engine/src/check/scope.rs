//! Name tables of one compile: per module (the regeling itself and each
//! regeling it uses) the names of its types, parameters, functions, tables,
//! inputs and rules; and the per-body environment (locals, narrowing).

use crate::ir::{FnId, InputId, ParamId, RuleId, TableId};
use crate::types::{EnumId, RecordId, Type};
use std::collections::{BTreeSet, HashMap};

/// Names visible in one regeling (module).
#[derive(Debug, Default, Clone)]
pub struct Module {
    /// Display prefix for qualified names (`bijstand.`), empty for the main module.
    pub prefix: String,
    pub enums: HashMap<String, EnumId>,
    pub records: HashMap<String, RecordId>,
    pub params: HashMap<String, ParamId>,
    pub functions: HashMap<String, FnId>,
    pub tables: HashMap<String, TableId>,
    pub inputs: HashMap<String, InputId>,
    pub rules: HashMap<String, RuleId>,
    /// `gebruik x als alias`: alias → module index.
    pub imports: HashMap<String, usize>,
}

impl Module {
    /// Every name a user could have meant, for "bedoelde u …?" suggestions.
    pub fn all_value_names(&self) -> impl Iterator<Item = &String> {
        self.params
            .keys()
            .chain(self.inputs.keys())
            .chain(self.rules.keys())
            .chain(self.functions.keys())
            .chain(self.tables.keys())
            .chain(self.imports.keys())
    }
}

/// What a body may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// Rules, exceptions, ladders: everything.
    Rule,
    /// Functions, tables, parameters: no inputs or rules (they are called
    /// from other regelingen with other persons).
    Pure,
}

/// The environment of one body being lowered.
#[derive(Debug)]
pub struct Env {
    pub module: usize,
    pub kind: BodyKind,
    /// Visible locals: name, type, slot. Innermost last.
    pub locals: Vec<(String, Type, u32)>,
    /// Next free local slot, and the maximum used (the frame size).
    pub next_local: u32,
    pub max_locals: u32,
    /// Dotted paths known to be present (after `x bestaat`).
    pub narrowed: Vec<String>,
    /// Rules this body reads (for cycle detection).
    pub rule_deps: BTreeSet<RuleId>,
    /// Functions and tables this body calls (for cycle detection).
    pub fn_deps: BTreeSet<FnId>,
    pub table_deps: BTreeSet<TableId>,
}

impl Env {
    pub fn new(module: usize, kind: BodyKind) -> Self {
        Env {
            module,
            kind,
            locals: Vec::new(),
            next_local: 0,
            max_locals: 0,
            narrowed: Vec::new(),
            rule_deps: BTreeSet::new(),
            fn_deps: BTreeSet::new(),
            table_deps: BTreeSet::new(),
        }
    }

    /// Binds a local and returns its slot; `pop_local` releases it.
    pub fn push_local(&mut self, name: &str, ty: Type) -> u32 {
        let slot = self.next_local;
        self.locals.push((name.to_string(), ty, slot));
        self.next_local += 1;
        self.max_locals = self.max_locals.max(self.next_local);
        slot
    }

    pub fn pop_local(&mut self) {
        if self.locals.pop().is_some() {
            self.next_local -= 1;
        }
    }

    pub fn local(&self, name: &str) -> Option<(Type, u32)> {
        self.locals
            .iter()
            .rev()
            .find(|(n, _, _)| n == name)
            .map(|(_, t, s)| (t.clone(), *s))
    }

    pub fn is_narrowed(&self, path: &str) -> bool {
        self.narrowed.iter().any(|p| p == path)
    }
}
