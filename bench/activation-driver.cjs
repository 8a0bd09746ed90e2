// Times require() + activate() of an extension bundle in a plain Node process (no TypeScript loader in the way).
// The VS Code API does not exist outside an extension host: a universal Proxy stands in for the `vscode` module
// (every property is a callable, constructible stub), so what is measured is our own activation path.
// usage: node activation-driver.cjs BUNDLE  -> prints {requireMs, activateMs}
'use strict';
const Module = require('node:module');
const path = require('node:path');

function universalStub() {
  let stub;
  const proto = new Proxy({}, { get: (_t, prop) => (prop === 'then' ? undefined : stub) });
  stub = new Proxy(function stubFn() {}, {
    get: (_t, prop) => {
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === 'then') return undefined;
      if (prop === 'isTrusted') return true;
      if (prop === 'version') return '1.139.1'; // vscode-languageclient checks the host version at construction
      return stub;
    },
    set: () => true,
    apply: () => stub,
    construct: () => stub,
    // esbuild's ESM interop builds the namespace with Object.create(prototype of the module).
    getPrototypeOf: () => proto,
  });
  return stub;
}

const file = path.resolve(process.argv[2]);
const stub = universalStub();
const original = Module._load;
Module._load = (req, parent, isMain) => (req === 'vscode' ? stub : original(req, parent, isMain));
const t0 = performance.now();
const mod = require(file);
const t1 = performance.now();
mod.activate({ subscriptions: [], asAbsolutePath: (p) => path.join(path.dirname(file), '..', p), extensionUri: stub, extensionPath: path.dirname(file) });
const t2 = performance.now();
process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1 }) + '\n');
// The backend start is async and fails against the stub; the timing is taken, so leave now.
process.exit(0);
