// Self-signed certificates for the TLS tests, committed under test/fixtures/tls (see the README
// there): the tests need no openssl at run time.
import { readFileSync } from "node:fs";

export interface TestCert {
  key: Buffer;
  cert: Buffer;
}

const NAMES = ["localhost", "client.example", "stranger.example"] as const;

/** The key and self-signed certificate for `name` (valid for it, localhost and 127.0.0.1). */
export function selfSignedCert(name: (typeof NAMES)[number] = "localhost"): TestCert {
  const file = (ext: string): Buffer => readFileSync(new URL(`./fixtures/tls/${name}.${ext}.pem`, import.meta.url));
  return { key: file("key"), cert: file("cert") };
}
