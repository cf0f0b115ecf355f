/**
 * Microbenchmark: how long does the gateway spend verifying one access token, ES256 vs RS256?
 * In-process on purpose (no HTTP): it isolates the signature check the gateway does on every
 * authenticated request, through the same jose calls (local JWKS, cached key import).
 * Usage: bun bench/jwt-verify.ts [iterations]
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';

const iterations = Number(process.argv[2] ?? 20_000);
const ISSUER = 'http://localhost:8787/';
const AUDIENCE = 'https://api.edu.example';

async function measure(alg: 'ES256' | 'RS256') {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: `bench-${alg}`, alg, use: 'sig' };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const token = await new SignJWT({ roles: ['user'], email: 'a@example.com', name: 'A' })
    .setProtectedHeader({ alg, kid: jwk.kid, typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('user-1')
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(privateKey);
  const verify = () => jwtVerify(token, keys, { issuer: ISSUER, audience: AUDIENCE, algorithms: [alg] });
  for (let index = 0; index < 1_000; index++) await verify();
  const started = performance.now();
  for (let index = 0; index < iterations; index++) await verify();
  const perOp = (performance.now() - started) / iterations;

  const signStarted = performance.now();
  const signs = Math.max(200, Math.floor(iterations / 20));
  for (let index = 0; index < signs; index++) {
    await new SignJWT({}).setProtectedHeader({ alg }).setSubject('user-1').sign(privateKey);
  }
  const signPerOp = (performance.now() - signStarted) / signs;
  return {
    alg,
    verifyUs: perOp * 1000,
    verifyPerSec: 1000 / perOp,
    signUs: signPerOp * 1000,
    tokenBytes: token.length,
  };
}

console.log(`bun ${Bun.version}, ${iterations} verifications each`);
for (const alg of ['ES256', 'RS256'] as const) {
  const result = await measure(alg);
  console.log(
    `${alg}: verify ${result.verifyUs.toFixed(1)} µs/op (${Math.round(result.verifyPerSec)}/s), ` +
      `sign ${result.signUs.toFixed(1)} µs/op, token ${result.tokenBytes} bytes`,
  );
}
