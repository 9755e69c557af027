// The bundled client loads outside VS Code with a stand-in for the `vscode`
// module (which only the editor provides) and exports what VS Code calls:
// the bundle resolved all its modules and kept `vscode` external.
'use strict';

const Module = require('module');
const path = require('path');

// Any property of the stand-in is another stand-in (callable, constructible).
function standIn() {
  const target = function () {};
  return new Proxy(target, {
    get: (_, key) => (key === Symbol.toPrimitive ? () => '' : standIn()),
    apply: () => standIn(),
    construct: () => standIn(),
  });
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: standIn() };

const extension = require(path.join(__dirname, '..', 'dist', 'extension.js'));
for (const name of ['activate', 'deactivate']) {
  if (typeof extension[name] !== 'function') {
    console.error(`✖ dist/extension.js does not export ${name}`);
    process.exit(1);
  }
}
console.log('✓ dist/extension.js loads and exports activate and deactivate');
