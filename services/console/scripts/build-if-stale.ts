// Build the app unless dist/ is newer than every source file (the browser tests serve dist/).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist/index.html');
function newest(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((f) => newest(join(p, f))));
}
const sources = Math.max(
  newest(join(root, 'src/web')),
  newest(join(root, 'index.html')),
  newest(join(root, 'vite.config.ts')),
  newest(join(root, 'package.json')),
);
if (existsSync(built) && statSync(built).mtimeMs > sources) {
  console.log('console: dist/ is up to date');
} else {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
