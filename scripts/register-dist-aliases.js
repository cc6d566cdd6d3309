// Resolves `@riskpool/<lib>` to the compiled library in dist/ (tsc -p tsconfig.build.json), for
// services started from their build: node -r ./scripts/register-dist-aliases.js dist/services/<name>/src/main.js
'use strict';

const path = require('node:path');
const Module = require('node:module');

const DIST = path.resolve(__dirname, '..', 'dist');
const PREFIX = '@riskpool/';
const INSTALLED = Symbol.for('riskpool.registerDistAliases');

if (!Module[INSTALLED]) {
  const original = Module._resolveFilename;
  Module._resolveFilename = function resolveRiskpoolDistAlias(request, ...rest) {
    if (typeof request === 'string' && request.startsWith(PREFIX)) {
      const lib = request.slice(PREFIX.length);
      if (/^[a-z0-9][a-z0-9-]*$/.test(lib)) {
        return original.call(this, path.join(DIST, 'libs', lib, 'src', 'index.js'), ...rest);
      }
    }
    return original.call(this, request, ...rest);
  };
  Module[INSTALLED] = true;
}
