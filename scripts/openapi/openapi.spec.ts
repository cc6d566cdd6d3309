import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONSOLE_TYPES_FILE, DOCUMENT_FILE, publicDocument, ROOT } from './render';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('the public OpenAPI document and the console types generated from it', () => {
  let document: Record<string, unknown>;

  beforeAll(async () => {
    document = await publicDocument();
  }, 60_000);

  it(`${DOCUMENT_FILE} is what \`npm run openapi:generate\` writes (not stale)`, () => {
    expect(JSON.parse(read(DOCUMENT_FILE))).toEqual(JSON.parse(JSON.stringify(document)));
  });

  // openapi-typescript and Prettier are ES modules, which jest cannot load: run the generator.
  it(`${CONSOLE_TYPES_FILE} and the document are byte for byte what the generator writes`, () => {
    const check = spawnSync(
      process.execPath,
      [
        '-r',
        './scripts/register-aliases.js',
        '-r',
        'ts-node/register/transpile-only',
        'scripts/openapi/render.ts',
        '--check',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.spec.json' },
      },
    );
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  }, 120_000);

  it('passes `redocly lint` (redocly.yaml: examples valid against their schemas, no unused schema)', () => {
    const lint = spawnSync(
      process.execPath,
      [require.resolve('@redocly/cli/bin/cli.js'), 'lint', DOCUMENT_FILE, '--format=stylish'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off' } },
    );
    expect(`${lint.stdout}${lint.stderr}`).not.toMatch(/\berror\b/);
    expect(lint.status).toBe(0);
  }, 120_000);
});
