//! `regelwerk lsp`: the Language Server Protocol over stdio (the
//! rust-analyzer stack: `lsp-server` for the transport, `lsp-types`).
//!
//! The server holds the workspace's rule files and the editor's open
//! documents, rebuilds the engine's library on every change and publishes
//! its diagnostics; hover texts come from the engine and formatting is the
//! formatter of `regelwerk fmt`. Every request is answered, a failure (even
//! a panic in a handler) with an error response, so a half-typed file never
//! stops the server.

mod features;
mod names;
mod position;
pub mod workspace;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    References, Request as _,
};
use lsp_types::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use workspace::Workspace;

/// Reads the rule files under a folder (path and text); the CLI gives its
/// own file collection, so the server finds the files `check` would.
pub type Loader<'a> = &'a dyn Fn(&Path) -> Result<Vec<(PathBuf, String)>, String>;

/// Serves one editor on stdin/stdout until it says `exit`.
pub fn run_stdio(load: Loader) -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    serve(&connection, load)?;
    drop(connection);
    io.join()
        .map_err(|e| format!("de verbinding met de editor is verbroken: {e}"))
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into()]),
            ..Default::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..Default::default()
    }
}

/// The protocol's life: initialize, then requests and notifications until
/// shutdown.
pub fn serve(connection: &Connection, load: Loader) -> Result<(), String> {
    let caps = serde_json::to_value(capabilities()).map_err(|e| e.to_string())?;
    let init = connection
        .initialize(caps)
        .map_err(|e| format!("de editor begon niet met `initialize`: {e}"))?;
    let params: InitializeParams = serde_json::from_value(init).unwrap_or_default();
    let found = match root_of(&params) {
        Some(root) => load(&root).unwrap_or_else(|e| {
            show(connection, MessageType::WARNING, &e);
            Vec::new()
        }),
        None => Vec::new(),
    };
    let mut ws = Workspace::new(found);
    settle(connection, &mut ws);
    for message in &connection.receiver {
        match message {
            Message::Request(req) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                // Answers are about the texts as they are now.
                settle(connection, &mut ws);
                let response = answer(&ws, req);
                send(connection, Message::Response(response));
            }
            Message::Notification(note) => {
                notice(&mut ws, note);
                // Later changes already waiting make this build unneeded.
                if connection.receiver.is_empty() {
                    settle(connection, &mut ws);
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// Rebuilds and publishes the diagnostics when texts changed; a panic in
/// the engine is reported to the editor and leaves the previous build.
fn settle(connection: &Connection, ws: &mut Workspace) {
    if !ws.is_dirty() {
        return;
    }
    let published = catch_unwind(AssertUnwindSafe(|| publish(connection, ws)));
    if published.is_err() {
        show(
            connection,
            MessageType::ERROR,
            "interne fout bij het controleren van de regels (meld dit aan de ontwikkelaars)",
        );
    }
}

/// The workspace folder (or the deprecated root URI).
#[allow(deprecated)]
fn root_of(params: &InitializeParams) -> Option<PathBuf> {
    let uri = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri)
        .or(params.root_uri.as_ref())?;
    uri.to_file_path().ok()
}

fn send(connection: &Connection, message: Message) {
    // The editor has gone when this fails; the receiver loop then ends.
    let _ = connection.sender.send(message);
}

fn notify<N: lsp_types::notification::Notification>(connection: &Connection, params: N::Params) {
    send(
        connection,
        Message::Notification(Notification::new(N::METHOD.into(), params)),
    );
}

fn show(connection: &Connection, typ: MessageType, message: &str) {
    notify::<lsp_types::notification::ShowMessage>(
        connection,
        ShowMessageParams {
            typ,
            message: message.to_string(),
        },
    );
}

fn publish(connection: &Connection, ws: &mut Workspace) {
    for (uri, diagnostics) in ws.diagnostics() {
        notify::<PublishDiagnostics>(
            connection,
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: None,
            },
        );
    }
}

/// Applies a document notification (others are ignored).
fn notice(ws: &mut Workspace, note: Notification) {
    match note.method.as_str() {
        DidOpenTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(note.params) {
                ws.open(p.text_document.uri, p.text_document.text);
            }
        }
        DidChangeTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(note.params) {
                // Full synchronisation: the last change is the whole text.
                if let Some(change) = p.content_changes.into_iter().last() {
                    ws.open(p.text_document.uri, change.text);
                }
            }
        }
        DidCloseTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(note.params) {
                ws.close(&p.text_document.uri);
            }
        }
        _ => {}
    }
}

/// A failed request: the protocol's error code and a Dutch message.
type Failure = (ErrorCode, String);

/// The response to a request; a panic in a handler becomes an error.
fn answer(ws: &Workspace, req: Request) -> Response {
    let id = req.id.clone();
    match catch_unwind(AssertUnwindSafe(|| route(ws, req))) {
        Ok(Ok(result)) => Response::new_ok(id, result),
        Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
        Err(_) => Response::new_err(
            id,
            ErrorCode::InternalError as i32,
            "interne fout bij het beantwoorden van deze vraag (meld dit aan de ontwikkelaars)"
                .into(),
        ),
    }
}

fn params<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, Failure> {
    serde_json::from_value(req.params).map_err(|e| {
        (
            ErrorCode::InvalidParams,
            format!("onleesbare vraag `{}`: {e}", req.method),
        )
    })
}

fn json(value: impl serde::Serialize) -> Result<serde_json::Value, Failure> {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

/// The file id of a document the server knows.
fn file_of(ws: &Workspace, uri: &Url) -> Result<engine::ir::FileId, Failure> {
    ws.built.file(uri).ok_or_else(|| {
        (
            ErrorCode::InvalidParams,
            format!("onbekend document `{uri}`: open het eerst"),
        )
    })
}

fn route(ws: &Workspace, req: Request) -> Result<serde_json::Value, Failure> {
    let built = &ws.built;
    match req.method.as_str() {
        HoverRequest::METHOD => {
            let p: HoverParams = params(req)?;
            let at = p.text_document_position_params;
            json(features::hover(
                built,
                file_of(ws, &at.text_document.uri)?,
                at.position,
            ))
        }
        GotoDefinition::METHOD => {
            let p: GotoDefinitionParams = params(req)?;
            let at = p.text_document_position_params;
            let file = file_of(ws, &at.text_document.uri)?;
            json(features::definition(built, file, at.position).map(GotoDefinitionResponse::Scalar))
        }
        References::METHOD => {
            let p: ReferenceParams = params(req)?;
            let at = p.text_document_position;
            let file = file_of(ws, &at.text_document.uri)?;
            json(features::find_references(built, file, at.position))
        }
        Completion::METHOD => {
            let p: CompletionParams = params(req)?;
            let at = p.text_document_position;
            let file = file_of(ws, &at.text_document.uri)?;
            json(CompletionResponse::Array(features::completion(
                built,
                file,
                at.position,
            )))
        }
        DocumentSymbolRequest::METHOD => {
            let p: DocumentSymbolParams = params(req)?;
            let file = file_of(ws, &p.text_document.uri)?;
            json(DocumentSymbolResponse::Nested(features::symbols(
                built, file,
            )))
        }
        Formatting::METHOD => {
            let p: DocumentFormattingParams = params(req)?;
            let file = file_of(ws, &p.text_document.uri)?;
            let edits = features::format(built.text(file))
                .map_err(|m| (ErrorCode::RequestFailed, format!("niet op te maken: {m}")))?;
            json(edits)
        }
        CodeActionRequest::METHOD => {
            let p: CodeActionParams = params(req)?;
            json(features::code_actions(&p.text_document.uri, &p.context))
        }
        other => Err((
            ErrorCode::MethodNotFound,
            format!("`{other}` wordt niet ondersteund"),
        )),
    }
}
