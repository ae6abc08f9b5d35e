import { Type } from '@sinclair/typebox';
import { loadConfig } from '@linkage/service-kit';

export const SERVICE = 'elder-care';

export const ElderCareConfigSchema = Type.Object({});

export function elderCareConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(ElderCareConfigSchema, env, {
    PORT: 4104,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:15432/linkage_elder_care',
  });
}
export type ElderCareConfig = ReturnType<typeof elderCareConfig>;
