import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Identity, uuidv7 } from '@riskpool/contracts';
import { RunningService } from '@riskpool/service-kit';
import { ensureLedgerKeyFile, type LedgerKeyFile, closeAll } from '@riskpool/testing';
import { LedgerConfig } from '../../src/config/ledger.config';
import { LedgerWriter } from '../../src/journal/ledger-writer';
import { verifyExportFile } from '../../src/verify/verify';
import {
  exportRequest,
  fundDeposit,
  ledgerGet,
  sendAndWaitBooked,
  startLedger,
  useLedgerClients,
  who,
} from '../support';

// The signing key comes only from outside the database, and changes only by a rotation the key in
// force signs (services/ledger README "Signing key").
const SCHEMA = 'ledger_keys_it';
const run = uuidv7().slice(-8);
const dir = mkdtempSync(join(tmpdir(), 'ledger-keys-it-'));
const keyA = ensureLedgerKeyFile(dir, 'a.pem');
const keyB = ensureLedgerKeyFile(dir, 'b.pem');
const keyC = ensureLedgerKeyFile(dir, 'c.pem');

const clients = useLedgerClients(`ledger-keys-${run}`);
let service: RunningService<LedgerConfig> | undefined;

async function start(key: LedgerKeyFile, previous?: LedgerKeyFile) {
  return startLedger(SCHEMA, `ledger-keys-${run}`, key.file, {
    LEDGER_RECONCILE_SECONDS: '0',
    ...(previous !== undefined ? { LEDGER_PREVIOUS_SIGNING_KEY_FILE: previous.file } : {}),
  });
}

async function stop(): Promise<void> {
  await service?.stop();
  service = undefined;
}

/** Books one deposit and signs a checkpoint over it. */
async function depositAndCheckpoint(): Promise<void> {
  const running = service as RunningService<LedgerConfig>;
  await sendAndWaitBooked(clients.producer, running, fundDeposit('CITY', '100'));
  const writer = running.app.get(LedgerWriter);
  await writer.checkpointNow();
}

const regulator: Identity = who('regulator', null, '2026-03-01');
const url = () => (service as RunningService<LedgerConfig>).url;
const get = (path: string) => ledgerGet(url(), path, regulator);

afterAll(() => closeAll(service));

it('keeps no private key in the database and announces its key id', async () => {
  service = await start(keyA);
  expect(service.app.get(LedgerWriter).keyId).toBe(keyA.keyId);
  await depositAndCheckpoint();
  const columns = await clients.admin.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'signing_keys'`,
    [SCHEMA],
  );
  expect(columns.rows.map((r) => r.column_name).sort()).toEqual([
    'created_at',
    'key_id',
    'public_key_pem',
  ]);
  const stored = await clients.admin.query(`SELECT key_id FROM "${SCHEMA}".signing_keys`);
  expect(stored.rows).toEqual([{ key_id: keyA.keyId }]);
  await stop();
});

it('refuses to start with another key unless the key in force signs the rotation', async () => {
  await expect(start(keyB)).rejects.toThrow(/not the key in force/);
  await expect(start(keyB, keyC)).rejects.toThrow(/not the key in force/);
  service = await start(keyB, keyA);
  const writer = service.app.get(LedgerWriter);
  expect(writer.keyId).toBe(keyB.keyId);
  const [rotation] = await writer.keyRotations();
  expect(rotation).toMatchObject({ previousKeyId: keyA.keyId, keyId: keyB.keyId });
  // The rotation is journal: append-only for everyone.
  await expect(
    clients.admin.query(`UPDATE "${SCHEMA}".key_rotations SET key_id = $1`, [keyC.keyId]),
  ).rejects.toThrow(/append-only/);
  await depositAndCheckpoint();

  // A reader who pinned key A follows the rotation to B; the public key route lists it.
  const publicKey = (await get('/ledger/public-key').expect(200)).body;
  expect(publicKey).toMatchObject({ keyId: keyB.keyId, rotations: [{ keyId: keyB.keyId }] });
  const exported = await exportRequest(url(), regulator);
  const file = join(dir, 'export.jsonl');
  writeFileSync(file, exported.body as string);
  const report = await verifyExportFile(file, keyA.publicKeyPem, 0, { keyId: keyA.keyId });
  expect(report.result).toMatchObject({ ok: true, keyIds: [keyA.keyId, keyB.keyId] });
  // Pinning B alone, the checkpoints A signed before the rotation are refused.
  const pinnedB = await verifyExportFile(file, keyB.publicKeyPem, 0, { keyId: keyB.keyId });
  expect(pinnedB.result).toMatchObject({ ok: false, reason: 'CHECKPOINT_SIGNATURE_INVALID' });
  await stop();

  // B is the key in force now: it starts alone, and A no longer does.
  await expect(start(keyA)).rejects.toThrow(/not the key in force/);
  service = await start(keyB);
  expect(service.app.get(LedgerWriter).keyId).toBe(keyB.keyId);
});
