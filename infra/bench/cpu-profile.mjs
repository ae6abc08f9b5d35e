// Preloaded with --import by `npm run bench -- --cpu-prof` (node refuses --cpu-prof in NODE_OPTIONS): profiles the
// whole process with the inspector and writes a V8 .cpuprofile into $LINKAGE_CPU_PROF_DIR when the process exits.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.LINKAGE_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  let written = false;
  // The in-thread inspector answers synchronously, so this works in an exit handler.
  process.on('exit', () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
