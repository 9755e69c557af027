// The client side of the regels language: starts `regelwerk lsp` (the path
// from the setting `regelwerk.pad`) and lets vscode-languageclient carry
// diagnostics, hover, definition, completion, formatting and the outline.
// Highlighting and brackets come from the grammar and the language
// configuration in package.json, without the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

const SETTING = 'regelwerk.pad';

/** @type {LanguageClient | undefined} */
let client;

/** The command that starts the server: the setting, or `regelwerk` on PATH. */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration('regelwerk').get('pad');
  const trimmed = typeof configured === 'string' ? configured.trim() : '';
  return trimmed === '' ? 'regelwerk' : trimmed;
}

async function startServer() {
  const command = serverCommand();
  const run = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'regelwerk',
    'Regelwerk',
    { run, debug: run },
    {
      documentSelector: [{ scheme: 'file', language: 'regels' }],
      synchronize: {
        // Regelingen that a file layers on or uses may change on disk.
        fileEvents: vscode.workspace.createFileSystemWatcher('**/*.regels'),
      },
    },
  );
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const reason = error instanceof Error ? error.message : String(error);
    const open = 'Instelling openen';
    const choice = await vscode.window.showErrorMessage(
      `Regelwerk: de taalserver start niet met "${command} lsp" (${reason}). ` +
        `Staat het programma regelwerk op deze computer? Geef het pad op in de instelling "${SETTING}".`,
      open,
    );
    if (choice === open) {
      await vscode.commands.executeCommand('workbench.action.openSettings', SETTING);
    }
  }
}

async function stopServer() {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

async function restartServer() {
  await stopServer();
  await startServer();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('regelwerk.herstart', restartServer),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTING)) {
        restartServer();
      }
    }),
  );
  await startServer();
}

function deactivate() {
  return stopServer();
}

module.exports = { activate, deactivate };
