// npm run timeline:rebuild — replay every topic from offset zero into fresh projections.
// Stop case-timeline first (npm stop, or stop just that process); start it again afterwards.
import { pino } from 'pino';
import { timelineConfig } from '../config.ts';
import { rebuild } from './rebuild.ts';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const result = await rebuild(timelineConfig(), logger);
const rate = Math.round(result.events / Math.max(result.seconds, 0.001));
console.log(
  `case-timeline rebuilt: ${result.events} events replayed in ${result.seconds.toFixed(1)} s (${rate} events/s); ` +
    `not applied: ${JSON.stringify(result.skipped)}`,
);
process.exit(0);
