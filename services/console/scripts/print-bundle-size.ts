// After `vite build`: print the first screen's JavaScript (the entry chunk and the chunks index.html
// preloads — what the browser downloads before the sign-in page can render), gzipped, against the
// 400 KB budget; and write .gz files next to the assets for the BFF to serve pre-compressed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const BUDGET_KB = 400;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const first = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 });

let total = 0;
for (const f of first) {
  const size = gz(f).length;
  total += size;
  console.log(`  first screen  ${f.padEnd(40)} ${(size / 1024).toFixed(1).padStart(7)} KB gzipped`);
}
for (const f of readdirSync(join(dist, 'assets'))) {
  if (/\.(js|css)$/.test(f)) writeFileSync(join(dist, 'assets', f + '.gz'), gz(join('assets', f)));
}
const kb = total / 1024;
console.log(
  `first screen JavaScript: ${kb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB) ${kb <= BUDGET_KB ? 'OK' : 'OVER BUDGET'}`,
);
if (kb > BUDGET_KB) process.exitCode = 1;
