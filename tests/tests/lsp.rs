//! `regelwerk lsp` end to end: the real binary spoken to over stdio with
//! the protocol's `Content-Length` framing, on a copy of the rule library.

mod common;

use common::binary::{binary, scratch};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// The server as a child process with a thread reading its messages.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications that arrived while waiting for a response.
    notifications: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(binary())
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("regelwerk lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            notifications: Vec::new(),
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response (the whole message).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive(&format!("the response to {method}"));
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message;
            }
            self.notifications.push(message);
        }
    }

    fn receive(&mut self, what: &str) -> Value {
        self.incoming
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no message from the server: waited for {what}"))
    }

    /// The diagnostics last published for `uri`, waiting for them if none came yet.
    fn diagnostics_for(&mut self, uri: &str) -> Vec<Value> {
        let published = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        loop {
            if let Some(m) = self.notifications.iter().rev().find(|m| published(m)) {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            let message = self.receive(&format!("the diagnostics of {uri}"));
            self.notifications.push(message);
        }
    }
}

/// One framed message, or `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The string `key` of every item of a JSON list.
fn strings<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap_or_else(|| panic!("a list: {list}"))
        .iter()
        .filter_map(|item| item[key].as_str())
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The 0-based line and UTF-16 column of a byte offset.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .encode_utf16()
        .count();
    json!({ "line": line, "character": column })
}

#[test]
fn the_language_server_answers_an_editor() {
    let root: PathBuf = scratch("lsp").join("rules");
    copy_dir(&common::root().join("rules"), &root);
    let file = root.join("heemskerk/minimaregelingen/2025.regels");
    let correct = std::fs::read_to_string(&file).unwrap();
    // A typo in a name: R0101, with "bedoelde u" and a quick fix.
    let text = correct.replace(
        "= aanvrager_aow_bereikt of partner_aow_bereikt",
        "= aanvrager_aow_bereik of partner_aow_bereikt",
    );
    assert_ne!(text, correct);
    let doc = uri(&file);

    let mut client = Client::start();
    let init = client.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri(&root), "capabilities": {} }),
    );
    assert_eq!(
        init["result"]["capabilities"]["hoverProvider"], true,
        "{init}"
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": doc, "languageId": "regels", "version": 1, "text": text } }),
    );

    // The mistake: code, range (UTF-16, 0-based), message and help.
    let diagnostics = client.diagnostics_for(&doc);
    let typo = text.find("aanvrager_aow_bereik of").unwrap();
    let unknown: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "R0101")
        .collect();
    assert_eq!(unknown.len(), 1, "{diagnostics:#?}");
    let d = unknown[0];
    assert_eq!(d["range"]["start"], position(&text, typo));
    assert_eq!(
        d["range"]["end"],
        position(&text, typo + "aanvrager_aow_bereik".len())
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("bedoelde u `aanvrager_aow_bereikt`?"),
        "{d}"
    );
    assert_eq!(d["severity"], 1);

    // The quick fix puts the suggested name in the diagnostic's place.
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": doc }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let edit = &actions["result"][0]["edit"]["changes"][&doc][0];
    assert_eq!(edit["newText"], "aanvrager_aow_bereikt", "{actions}");
    assert_eq!(edit["range"], d["range"]);

    // Hover on a parameter: its type and its value, written the Dutch way.
    let at = text.find("parameter percentage_inkomensnorm").unwrap() + "parameter ".len();
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": doc }, "position": position(&text, at + 3) }),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        shown.starts_with("parameter `percentage_inkomensnorm`: percentage"),
        "{hover}"
    );
    assert!(shown.contains("110%"), "{shown}");

    // Definition into another regeling: `bijstand.normtabel` opens landelijk.bijstandsnormen.
    let call = text.find("bijstand.normtabel(").unwrap() + "bijstand.".len() + 2;
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": doc }, "position": position(&text, call) }),
    );
    let base = root.join("landelijk/bijstandsnormen/2024.regels");
    let base_text = std::fs::read_to_string(&base).unwrap();
    assert_eq!(definition["result"]["uri"], uri(&base), "{definition}");
    let declared = base_text.find("tabel normtabel").unwrap() + "tabel ".len();
    assert_eq!(
        definition["result"]["range"]["start"],
        position(&base_text, declared)
    );

    // Completion after `bijstand.`: the names of the used regeling.
    let after_dot = text.find("bijstand.normtabel(").unwrap() + "bijstand.".len();
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": doc }, "position": position(&text, after_dot) }),
    );
    let labels = strings(&completion["result"], "label");
    assert!(labels.contains(&"normtabel"), "{labels:?}");
    assert!(labels.contains(&"Leefvorm"), "{labels:?}");
    assert!(
        !labels.contains(&"aanvrager"),
        "own names are not members: {labels:?}"
    );

    // The outline: articles at the top, each with the rules written under it.
    let outline = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": doc } }),
    );
    let symbols = outline["result"].as_array().expect("symbols");
    let article = symbols
        .iter()
        .find(|s| s["name"] == "1 onder b")
        .unwrap_or_else(|| panic!("article 1 onder b in the outline: {outline}"));
    let under = strings(&article["children"], "name");
    assert!(under.contains(&"aow_norm_van_toepassing"), "{under:?}");
    assert!(
        !under.contains(&"leefvorm"),
        "under article 1 onder a: {under:?}"
    );
    let rule_at = text.find("regel aow_norm_van_toepassing").unwrap() + "regel ".len();
    let rule = article["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "aow_norm_van_toepassing")
        .unwrap();
    assert_eq!(rule["selectionRange"]["start"], position(&text, rule_at));

    // Formatting: a badly indented line comes back in the canonical layout.
    let messy = correct.replace(
        "regel inkomen_binnen_norm: ja/nee =",
        "regel   inkomen_binnen_norm:   ja/nee =",
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": doc, "version": 2 }, "contentChanges": [{ "text": messy }] }),
    );
    let formatting = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": doc }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let edits = formatting["result"].as_array().expect("edits");
    assert_eq!(edits.len(), 1, "{formatting}");
    assert_eq!(edits[0]["newText"], correct.as_str());

    // The corrected text cleared the file's diagnostics (published before
    // the formatting's answer).
    let cleared = client.diagnostics_for(&doc);
    assert!(cleared.iter().all(|d| d["code"] != "R0101"), "{cleared:#?}");

    // An unknown request is answered with an error, not silence.
    let unknown = client.request("regelwerk/onbekend", json!({}));
    assert!(unknown["error"]["message"].is_string(), "{unknown}");

    let shutdown = client.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("the server ends");
    assert!(status.success(), "exit status {status}");
}
