import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** `bytes` random bytes as lower-case base32: 32 bytes are the 256-bit secrets of sessions and links. */
export function generateRandomString(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
}

/** A uniformly random six-digit code, "000000" to "999999". */
export function generateSixDigitCode(): string {
  const buffer = new Uint32Array(1);
  // Rejection sampling keeps every code equally likely.
  const limit = Math.floor(0x1_0000_0000 / 1_000_000) * 1_000_000;
  do crypto.getRandomValues(buffer);
  while ((buffer[0] ?? limit) >= limit);
  return String((buffer[0] ?? 0) % 1_000_000).padStart(6, "0");
}

/** SHA-256 as hex: what the database keeps instead of a secret. */
export function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

/** Compares a secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = new TextEncoder().encode(hashSecret(secret));
  const expected = new TextEncoder().encode(storedHash);
  return actual.length === expected.length && constantTimeEqual(actual, expected);
}

/** Splits `<id>.<secret>`; undefined for anything else. */
export function splitToken(token: string): { id: string; secret: string } | undefined {
  const match = /^([a-z0-9_]{1,64})\.([a-z2-7]{20,128})$/.exec(token);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : undefined;
}
