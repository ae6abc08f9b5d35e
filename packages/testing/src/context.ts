// Types only: what the vitest global setup provides to tests (no runtime import of vitest here,
// because the global setup runs outside vitest's worker state).
declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    pgAdminUrl: string;
  }
}
export {};
