/**
 * Microbenchmark: how many access tokens can the gateway verify per second, ES256 vs RS256?
 * In-process on purpose (no HTTP): it isolates the signature and claims check the gateway does
 * on every authenticated request whose token it has not seen yet, through the gateway's own
 * verifier (jose's jwtVerify against a local JWKS, claims parsed into the caller).
 *
 * Three figures per algorithm:
 * - latency: one verification at a time, awaited (µs per verification);
 * - jose throughput: 64 verifications in flight, as under load (WebCrypto runs them on
 *   Bun's worker threads, so both cores work);
 * - gateway throughput: the same through createAccessTokenVerifier, with a fresh token for
 *   every call so its verified-token cache never answers.
 * Usage: bun bench/jwt-verify.ts [iterations]
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { createAccessTokenVerifier } from '../services/orchestrator/src/adapters/identity/verify.ts';

const iterations = Number(process.argv[2] ?? 20_000);
const IN_FLIGHT = 64;
const ISSUER = 'http://localhost:8787/';
const AUDIENCE = 'https://api.edu.example';

async function perSecond(count: number, run: (index: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let offset = 0; offset < count; offset += IN_FLIGHT) {
    const batch = Math.min(IN_FLIGHT, count - offset);
    await Promise.all(Array.from({ length: batch }, (_, index) => run(offset + index)));
  }
  return count / ((performance.now() - started) / 1000);
}

async function measure(alg: 'ES256' | 'RS256') {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: `bench-${alg}`, alg, use: 'sig' };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const sign = (subject: string) =>
    new SignJWT({ roles: ['user'], email: 'a@example.com', name: 'A' })
      .setProtectedHeader({ alg, kid: jwk.kid, typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(privateKey);
  const token = await sign('user-1');
  const verify = () => jwtVerify(token, keys, { issuer: ISSUER, audience: AUDIENCE, algorithms: [alg] });
  for (let index = 0; index < 1_000; index++) await verify();

  const started = performance.now();
  for (let index = 0; index < iterations; index++) await verify();
  const latencyUs = ((performance.now() - started) / iterations) * 1000;
  const joseThroughput = await perSecond(iterations, verify);

  // Distinct tokens, so the gateway verifier's cache of verified tokens never answers.
  const distinct = await Promise.all(Array.from({ length: 2_000 }, (_, index) => sign(`user-${index}`)));
  const verifier = createAccessTokenVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    keys,
    algorithms: [alg],
    rolesClaim: 'roles',
    requiredType: 'at+jwt',
    cacheSize: 1,
  });
  const gatewayThroughput = await perSecond(iterations, (index) =>
    verifier.verify(distinct[index % distinct.length] as string),
  );
  return { alg, latencyUs, joseThroughput, gatewayThroughput, tokenBytes: token.length };
}

console.log(`bun ${Bun.version}, ${iterations} verifications each, ${IN_FLIGHT} in flight for throughput`);
for (const alg of ['ES256', 'RS256'] as const) {
  const result = await measure(alg);
  console.log(
    `${alg}: latency ${result.latencyUs.toFixed(1)} µs/verification; ` +
      `jose ${Math.round(result.joseThroughput)}/s; gateway verifier (no cache hits) ` +
      `${Math.round(result.gatewayThroughput)}/s; token ${result.tokenBytes} bytes`,
  );
}
