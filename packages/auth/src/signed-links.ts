import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";

const encoder = new TextEncoder();

/**
 * Signs `value` for one purpose (`unsubscribe`, `enroll`…) with APP_SECRET: `<value>.<signature>`.
 * Used for links in emails that must work without signing in and cannot be forged or repurposed.
 */
export function signValue(secret: string, purpose: string, value: string): string {
  return `${value}.${signature(secret, purpose, value)}`;
}

/** The value behind a signed token, or undefined when the signature does not match. */
export function verifySignedValue(secret: string, purpose: string, token: string): string | undefined {
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const value = token.slice(0, dot);
  const given = encoder.encode(token.slice(dot + 1));
  const expected = encoder.encode(signature(secret, purpose, value));
  return given.length === expected.length && constantTimeEqual(given, expected) ? value : undefined;
}

function signature(secret: string, purpose: string, value: string): string {
  return encodeBase64urlNoPadding(hmac(SHA256, encoder.encode(secret), encoder.encode(`${purpose}:${value}`)));
}
