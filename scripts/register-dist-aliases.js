// Resolves `@riskpool/<lib>` (and `@riskpool/kafka/client`, which libs/kafka uses) to the compiled
// library in dist/ (tsc -p tsconfig.build.json), for services started from their build:
// node -r ./scripts/register-dist-aliases.js dist/services/<name>/src/main.js
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
      // `@riskpool/<lib>`, or a library's own sub-project `@riskpool/<lib>/<project>` (kafka/client):
      // dist/libs/<lib>[/<project>]/src/index.js.
      const name = request.slice(PREFIX.length);
      if (/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)?$/.test(name)) {
        return original.call(this, path.join(DIST, 'libs', name, 'src', 'index.js'), ...rest);
      }
    }
    return original.call(this, request, ...rest);
  };
  Module[INSTALLED] = true;
}
