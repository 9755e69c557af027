//! Which declaration a name in the text stands for: the engine's
//! [`engine::names`] (shared with the browser's werkbank), over the
//! server's build of the workspace.

pub use engine::names::{local, local_references, references, resolve, version_for, word_at};

use engine::names::Index;

use crate::workspace::Built;
use engine::ir::{FileId, Program};
use engine::library::Library;
use engine::outline::Declaration;
use grammar::ast;

impl Index for Built {
    fn library(&self) -> &Library {
        &self.library
    }

    fn ast(&self, file: FileId) -> Option<&ast::File> {
        self.asts.get(file as usize)?.as_deref()
    }

    fn decls(&self, file: FileId) -> &[Declaration] {
        Built::decls(self, file)
    }

    fn program(&self, file: FileId) -> Option<&Program> {
        Built::program(self, file).map(|p| p.as_ref())
    }

    fn text(&self, file: FileId) -> &str {
        Built::text(self, file)
    }
}
