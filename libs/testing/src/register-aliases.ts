// Side effect only: installs scripts/register-aliases.js (resolves `@riskpool/<lib>` for plain
// Node). Jest's moduleNameMapper does not apply to globalSetup / globalTeardown modules, which are
// loaded with Node's own resolution, so global-setup.ts imports this first.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

createRequire(__filename)(path.join(REPO_ROOT, 'scripts', 'register-aliases.js'));
