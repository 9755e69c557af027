//! A half-typed file never stops the server: every prefix (by lines) of a
//! real rule file goes through `didChange`, and at each one hover,
//! completion, definition, references, the outline and formatting are
//! asked at several places. Every request must be answered (an error
//! response at worst) and the server must still be there at the end.

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules")
}

/// The files a minimaregelingen file needs: the regelingen it uses.
fn load(_: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    [
        "landelijk/bijstandsnormen/2024.regels",
        "landelijk/aow-leeftijd/2018.regels",
    ]
    .iter()
    .map(|p| {
        let path = rules().join(p).canonicalize().map_err(|e| e.to_string())?;
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        Ok((path, text))
    })
    .collect()
}

struct Client {
    connection: Connection,
    next: i32,
}

impl Client {
    fn request(&mut self, method: &str, params: Value) -> Response {
        self.next += 1;
        let id = RequestId::from(self.next);
        let request = Request::new(id.clone(), method.into(), params);
        self.connection
            .sender
            .send(Message::Request(request))
            .unwrap();
        loop {
            let message = self
                .connection
                .receiver
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no answer to {method}"));
            if let Message::Response(r) = message {
                assert_eq!(r.id, id, "answers come in order");
                return r;
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        let note = Notification::new(method.into(), params);
        self.connection
            .sender
            .send(Message::Notification(note))
            .unwrap();
    }
}

#[test]
fn every_prefix_of_a_rule_file_is_answered() {
    let (server, connection) = Connection::memory();
    let serving = std::thread::spawn(move || lsp::serve(&server, &load));
    let mut client = Client {
        connection,
        next: 0,
    };
    let root = format!("file://{}", rules().canonicalize().unwrap().display());
    let init = client.request(
        "initialize",
        json!({ "processId": null, "rootUri": root, "capabilities": {} }),
    );
    assert!(init.error.is_none(), "{init:?}");
    client.notify("initialized", json!({}));

    let path = rules().join("heemskerk/minimaregelingen/2025.regels");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = "untitled:minimaregelingen.regels";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "regels", "version": 0, "text": "" } }),
    );
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut answered = 0;
    let mut failed = 0;
    for n in 0..=lines.len() {
        let prefix: String = lines[..n].concat();
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": n }, "contentChanges": [{ "text": prefix }] }),
        );
        // The end, the last line's middle, and a place past the end.
        let last = n.saturating_sub(1) as u32;
        let middle = lines.get(last as usize).map_or(0, |l| l.len() / 2) as u32;
        for (line, character) in [(last, 0), (last, middle), (last + 1, 0), (last + 5, 99)] {
            let at = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
            for method in [
                "textDocument/hover",
                "textDocument/completion",
                "textDocument/definition",
                "textDocument/references",
            ] {
                let mut params = at.clone();
                if method.ends_with("references") {
                    params["context"] = json!({ "includeDeclaration": true });
                }
                let r = client.request(method, params);
                answered += 1;
                if let Some(e) = r.error {
                    assert!(
                        !e.message.contains("interne fout"),
                        "{method} at {line}:{character} after {n} lines: {e:?}"
                    );
                    failed += 1;
                }
            }
        }
        for method in ["textDocument/documentSymbol", "textDocument/formatting"] {
            let r = client.request(
                method,
                json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
            );
            answered += 1;
            if let Some(e) = r.error {
                assert!(
                    !e.message.contains("interne fout"),
                    "{method} after {n} lines: {e:?}"
                );
                failed += 1;
            }
        }
    }
    // Formatting a prefix that does not parse is refused; nothing else is.
    assert!(
        failed > 0 && failed < answered / 10,
        "{failed} of {answered} failed"
    );

    let shutdown = client.request("shutdown", Value::Null);
    assert!(shutdown.error.is_none());
    client.notify("exit", Value::Null);
    serving
        .join()
        .expect("the server did not panic")
        .expect("the server ended cleanly");
}
