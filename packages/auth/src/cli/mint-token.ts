// Mint a dev access token from the local dev key pair (`npm run -s token -- --help`).
//   npm run token -- --role police_officer --dept police:xinqi [--sub officer-7] [--streets xinqi,daqi] [--ttl 28800]
import { loadOrCreateDevKeys } from '../dev-keys.ts';
import { runTokenCli } from './token-cli.ts';

process.exitCode = runTokenCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
  privateKey: () => loadOrCreateDevKeys().privateKey,
});
