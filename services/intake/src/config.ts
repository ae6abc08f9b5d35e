import { Type } from '@sinclair/typebox';
import { loadConfig } from '@linkage/service-kit';

export const SERVICE = 'intake';

export const IntakeConfigSchema = Type.Object({});

export function intakeConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(IntakeConfigSchema, env, {
    PORT: 4101,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:15432/linkage_intake',
  });
}
export type IntakeConfig = ReturnType<typeof intakeConfig>;
