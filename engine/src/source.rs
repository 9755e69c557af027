//! The rule sources an engine is built from: paths and texts handed in by the
//! caller (CLI reads files, the browser a bundle). The engine never reads
//! the filesystem itself.

use crate::ir::FileId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceFile {
    /// Path as the user knows it, with `/` separators (`rules/hbel/.../2021.regels`).
    pub path: String,
    pub text: String,
    /// `sha256:` + hex digest of the text's UTF-8 bytes.
    pub hash: String,
}

/// `sha256:<hex>` of a text: the content hash recorded in every result.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(71);
    hex.push_str("sha256:");
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SourceSet {
    files: Vec<SourceFile>,
}

impl SourceSet {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        let hash = content_hash(&text);
        self.files.push(SourceFile {
            path: path.into(),
            text,
            hash,
        });
        (self.files.len() - 1) as FileId
    }
    /// A text with the hash its bundle gives, not computed: for an engine
    /// that never reads the texts (see [`crate::bundle`]).
    pub fn add_hashed(
        &mut self,
        path: impl Into<String>,
        text: impl Into<String>,
        hash: String,
    ) -> FileId {
        self.files.push(SourceFile {
            path: path.into(),
            text: text.into(),
            hash,
        });
        (self.files.len() - 1) as FileId
    }
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id as usize)
    }
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (i as FileId, f))
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    /// The file stem: `rules/x/2025.regels` → `2025`.
    pub fn stem(&self, id: FileId) -> String {
        let path = self.get(id).map(|f| f.path.as_str()).unwrap_or("");
        let name = path.rsplit('/').next().unwrap_or(path);
        name.strip_suffix(".regels").unwrap_or(name).to_string()
    }
}

/// The byte offset of a 1-based line and column counted in UTF-16 code
/// units, the inverse of [`line_col_utf16`]. A column past the end of its
/// line is the line's end, a line past the last the text's end (editors
/// send such places while typing).
pub fn offset_utf16(text: &str, line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line.max(1) {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let wanted = column.saturating_sub(1);
    let mut units = 0;
    for (i, c) in text[line_start..line_end].char_indices() {
        if units >= wanted {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    line_end
}

/// 1-based line and column of a byte offset; the column counts UTF-16 code
/// units (what editors and the browser use).
pub fn line_col_utf16(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut line = 1;
    let mut line_start = 0;
    for (i, b) in text.bytes().enumerate() {
        if i >= offset {
            break;
        }
        if b == b'\n' {
            line += 1;
            line_start = i + 1;
        }
    }
    let col = text
        .get(line_start..offset)
        .map(|s| s.encode_utf16().count())
        .unwrap_or(0);
    (line, col + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_places_both_ways_and_clamped() {
        // `€` is 3 bytes and 1 UTF-16 unit; `𝄞` 4 bytes and 2 units.
        let text = "ab\n€ 𝄞x\n";
        let x = text.find('x').unwrap();
        assert_eq!(line_col_utf16(text, x), (2, 5));
        assert_eq!(offset_utf16(text, 2, 5), x);
        assert_eq!(offset_utf16(text, 1, 2), 1);
        assert_eq!(offset_utf16(text, 1, 99), 2);
        assert_eq!(offset_utf16(text, 9, 1), text.len());
        assert_eq!(offset_utf16("", 0, 0), 0);
    }
}
