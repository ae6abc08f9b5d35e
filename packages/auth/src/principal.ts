import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DeptCode, Role, StreetCode } from '@linkage/contracts';
import { AuthError } from '@linkage/domain';

/** The claims a Linkage access token carries besides iss/aud/exp/iat. */
export const TokenClaims = Type.Object({
  sub: Type.String({ minLength: 1, maxLength: 128 }),
  role: Role,
  dept: DeptCode,
  streets: Type.Optional(Type.Array(StreetCode, { maxItems: 20 })),
});
export type TokenClaims = Static<typeof TokenClaims>;

/** Who is asking: an account id, a role and a department — never a name. */
export interface Principal {
  sub: string;
  role: TokenClaims['role'];
  dept: string;
  streets: string[];
}

export { AuthError } from '@linkage/domain';

export function toPrincipal(payload: unknown): Principal {
  if (!Value.Check(TokenClaims, payload)) {
    throw new AuthError(401, 'token_claims_invalid', 'The token does not carry a valid role, dept and subject.');
  }
  return { sub: payload.sub, role: payload.role, dept: payload.dept, streets: payload.streets ?? [] };
}
