// What a relay thread runs (ThreadedRelay in relay-thread.ts): only the relay and what it needs, not the service.
import { isRelayThread, runRelayThread } from './relay-thread.ts';

if (isRelayThread()) await runRelayThread();
