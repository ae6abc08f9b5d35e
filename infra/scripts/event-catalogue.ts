// The event catalogue, generated from @linkage/contracts:
//   npm run events:catalogue   writes docs/events/asyncapi.json (AsyncAPI 3.0, every topic) and
//                              docs/events/index.html (a browsable page, no network needed)
//   npm run events:snapshot    records every event type's schema in
//                              packages/contracts/test/event-schemas.snapshot.json — run it only
//                              for a change the contract test calls compatible, or a new type
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allEventSchemas, asyncApiDocument, asyncApiHtml, checkAgainstSnapshot } from '@linkage/contracts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const write = (file: string, text: string) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.error(`[events] wrote ${relative(root, file)}`);
};

if (process.argv.includes('--snapshot')) {
  const file = join(root, 'packages/contracts/test/event-schemas.snapshot.json');
  const current = allEventSchemas();
  if (existsSync(file) && !process.argv.includes('--force')) {
    const check = checkAgainstSnapshot(JSON.parse(readFileSync(file, 'utf8')), current);
    const bad = [
      ...check.incompatible.map((i) => `${i.type} ${i.path}: ${i.change}`),
      ...check.removedTypes.map((t) => `${t}: removed from the registry`),
    ];
    if (bad.length > 0) {
      console.error(
        `[events] not recorded — incompatible changes (make a new .vN type instead, or pass --force if no event of the old shape was ever published):\n  ${bad.join('\n  ')}`,
      );
      process.exit(1);
    }
  }
  write(file, JSON.stringify(current, null, 2) + '\n');
} else {
  const doc = asyncApiDocument();
  write(join(root, 'docs/events/asyncapi.json'), JSON.stringify(doc, null, 2) + '\n');
  write(join(root, 'docs/events/index.html'), asyncApiHtml(doc));
}
