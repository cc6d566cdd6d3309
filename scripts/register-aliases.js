// Resolves the workspace aliases `@riskpool/<lib>` (and `@riskpool/<lib>/<subpath>`) for code run
// by plain Node + ts-node, which ignores tsconfig `paths`. Jest maps them itself (jest.preset.js).
//   node -r ./scripts/register-aliases.js -r ts-node/register/transpile-only <file.ts>
// Aliases come from tsconfig.base.json `paths`; an alias missing there falls back to the
// convention libs/<lib>/src/index.ts. Requiring this file twice installs the hook once.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const ROOT = path.resolve(__dirname, '..');
const PREFIX = '@riskpool/';
const INSTALLED = Symbol.for('riskpool.registerAliases');

function readPaths() {
  try {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8'));
    return (tsconfig.compilerOptions && tsconfig.compilerOptions.paths) || {};
  } catch {
    return {};
  }
}

function aliasTarget(request, paths) {
  const mapped = paths[request];
  if (Array.isArray(mapped) && typeof mapped[0] === 'string') {
    return path.join(ROOT, mapped[0]);
  }
  const rest = request.slice(PREFIX.length);
  const slash = rest.indexOf('/');
  const lib = slash === -1 ? rest : rest.slice(0, slash);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(lib)) {
    return undefined;
  }
  const sub = slash === -1 ? 'index' : rest.slice(slash + 1);
  return path.join(ROOT, 'libs', lib, 'src', sub);
}

function registerAliases() {
  if (Module[INSTALLED]) {
    return;
  }
  const paths = readPaths();
  const original = Module._resolveFilename;
  Module._resolveFilename = function resolveRiskpoolAlias(request, ...rest) {
    if (typeof request === 'string' && request.startsWith(PREFIX)) {
      const target = aliasTarget(request, paths);
      if (target !== undefined) {
        return original.call(this, target, ...rest);
      }
    }
    return original.call(this, request, ...rest);
  };
  Module[INSTALLED] = true;
}

registerAliases();

module.exports = { registerAliases, ROOT };
