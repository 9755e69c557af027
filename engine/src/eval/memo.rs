//! A per-case memo of pure calls: the result of a function and the matching
//! row of a `uniek`/`eerste` table, keyed by the argument values. Functions
//! and tables read no inputs or rules, and parameters are fixed for a case,
//! so the same arguments give the same answer. (The AOW functions, for one,
//! are called for the same birth date by several rules.) Only functions
//! with a loop ([`crate::ir::FunctionDef::memoized`]) and tables without a
//! row index are remembered: for the others the lookup costs about as much
//! as the call. Used only with tracing off, so that a trace shows every
//! call where it happens.

use crate::ir::{FnId, TableId};
use crate::value::Value;

/// Entries beyond this are not remembered (a bound on the linear search).
const CAPACITY: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Function(FnId),
    Table(TableId),
}

#[derive(Debug, Clone)]
pub(crate) enum Answer {
    Value(Value),
    /// Index into the table's rows.
    Row(u32),
}

#[derive(Debug, Clone)]
struct Entry {
    key: Key,
    start: u32,
    len: u32,
    answer: Answer,
}

#[derive(Debug, Default)]
pub(crate) struct CallMemo {
    entries: Vec<Entry>,
    args: Vec<Value>,
}

impl CallMemo {
    pub fn clear(&mut self) {
        self.entries.clear();
        self.args.clear();
    }

    pub fn find(&self, key: Key, args: &[Value]) -> Option<&Answer> {
        self.entries
            .iter()
            .find(|e| {
                e.key == key
                    && self
                        .args
                        .get(e.start as usize..(e.start + e.len) as usize)
                        .is_some_and(|a| a == args)
            })
            .map(|e| &e.answer)
    }

    pub fn insert(&mut self, key: Key, args: &[Value], answer: Answer) {
        if self.entries.len() >= CAPACITY {
            return;
        }
        let (Ok(start), Ok(len)) = (u32::try_from(self.args.len()), u32::try_from(args.len()))
        else {
            return;
        };
        self.args.extend_from_slice(args);
        self.entries.push(Entry {
            key,
            start,
            len,
            answer,
        });
    }
}
