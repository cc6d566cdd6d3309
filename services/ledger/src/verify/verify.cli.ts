// Offline check of a ledger export with only the public key:
//   npx nx run ledger:verify -- --export FILE --public-key KEY.pem
// Prints a JSON report (the first bad entry and check on failure, entries/s) and exits non-zero
// when any check fails.
import { runVerify } from './verify';

runVerify(process.argv.slice(2), (text) => process.stdout.write(`${text}\n`)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(2);
  },
);
